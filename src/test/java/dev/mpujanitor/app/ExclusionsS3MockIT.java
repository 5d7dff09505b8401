package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * The operator's exclusions over S3Mock, counted on the wire: a name pattern costs no call at all, and tags are read
 * only for buckets that would be written. S3Mock has no bucket tagging, so the tags themselves are tried on RGW.
 */
class ExclusionsS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    @Test
    void aNamePatternCostsNoCallAndACompliantBucketCostsNoTaggingCall() throws Exception {
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
                FaultProxy wire = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()))) {
            for (String bucket : List.of("archive-logs-2024", "plain", "covered")) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            s3.putBucketLifecycleConfiguration(r -> r.bucket("covered").lifecycleConfiguration(c -> c.rules(LifecycleRule.builder().id("all")
                    .status("Enabled").filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2)).build())));

            JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(Map.of("EXCLUDE_BUCKETS", "archive-logs-*",
                    "AWS_ENDPOINT_URL_S3", wire.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true", "INVENTORY_UPLOADS", "false")),
                    SeededAccount.CREDENTIALS, Clock.systemUTC());

            Map<String, JsonNode> records = log.records("bucket").stream().collect(Collectors.toMap(r -> r.get("bucket").asText(), r -> r));
            assertThat(records.get("archive-logs-2024").get("outcome").asText()).isEqualTo("EXCLUDED");
            assertThat(records.get("archive-logs-2024").get("reason").asText()).isEqualTo("name-pattern:archive-logs-*");
            assertThat(records.get("plain").get("outcome").asText()).isEqualTo("REMEDIATED");
            assertThat(records.get("covered").get("outcome").asText()).isEqualTo("COMPLIANT");

            assertThat(wire.requests("archive-logs-2024", "GetBucketLifecycleConfiguration") + wire.requests("archive-logs-2024", "GetBucketTagging")
                    + wire.requests("archive-logs-2024", "ListMultipartUploads")).as("a name pattern costs no call").isZero();
            assertThat(wire.requests("covered", "GetBucketTagging")).as("a compliant bucket costs no tagging call").isZero();
            assertThat(wire.requests("plain", "GetBucketTagging")).isEqualTo(1);
            assertThat(wire.requests("archive-logs-2024", "PutBucketLifecycleConfiguration")).isZero();
            JsonNode metrics = log.lines().stream().filter(line -> line.has("_aws")).findFirst().orElseThrow();
            assertThat(metrics.get("BucketsExcluded").asLong()).isEqualTo(1);
        }
    }
}
