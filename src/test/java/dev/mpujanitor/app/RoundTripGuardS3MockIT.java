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
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * A lifecycle element that this build's SDK does not know, on the wire: a proxy in front of S3Mock adds one inside a
 * bucket's rule, as S3 might once it has a new lifecycle feature. The SDK drops it while parsing; the function must
 * see that, refuse to write the bucket, and name the element, and every other bucket must be fixed as usual.
 */
class RoundTripGuardS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String GET = "GetBucketLifecycleConfiguration";
    private static final String PUT = "PutBucketLifecycleConfiguration";
    private static final List<String> BUCKETS = List.of("from-the-future", "ordinary", "bare");
    private static final LifecycleRule LOGS = LifecycleRule.builder().id("logs").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();

    @Test
    void aBucketWhoseRulesHoldAnElementTheSdkDropsIsNeverWrittenAndTheOthersAre() throws Exception {
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
                FaultProxy proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()))) {
            BUCKETS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
            for (String bucket : List.of("from-the-future", "ordinary")) {
                s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(LOGS)));
            }
            proxy.fault("from-the-future", GET, new FaultProxy.Action.Rewrite(body -> body.replaceFirst("</Rule>",
                    "<ExpireAfterLastAccess><Days>90</Days></ExpireAfterLastAccess></Rule>")), Integer.MAX_VALUE);

            JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(),
                    "S3_FORCE_PATH_STYLE", "true", "INVENTORY_UPLOADS", "false")), SeededAccount.CREDENTIALS, Clock.systemUTC());

            Map<String, JsonNode> records = log.records("bucket").stream().collect(Collectors.toMap(r -> r.get("bucket").asText(), r -> r));
            JsonNode future = records.get("from-the-future");
            assertThat(future.get("outcome").asText()).isEqualTo("UNFIXABLE");
            assertThat(future.get("reason").asText()).isEqualTo("unrecognised-configuration");
            assertThat(future.get("unrecognisedElement").asText()).isEqualTo("Rule[1]/ExpireAfterLastAccess");
            assertThat(proxy.requests("from-the-future", PUT)).as("never written").isZero();
            assertThat(proxy.requests("from-the-future", GET)).as("no second request").isEqualTo(1);
            assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("from-the-future")).rules()).containsExactly(LOGS);

            for (String bucket : List.of("ordinary", "bare")) {
                assertThat(records.get(bucket).get("outcome").asText()).as(bucket).isEqualTo("REMEDIATED");
                assertThat(proxy.requests(bucket, PUT)).as(bucket).isEqualTo(1);
            }
            assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("ordinary")).rules()).first().isEqualTo(LOGS);
        }
    }
}
