package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
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
 * Another writer replaces a bucket's lifecycle configuration while the function lists the bucket's uploads, on the
 * wire: a proxy in front of S3Mock makes that write when ListMultipartUploads passes. The function must write its
 * merge of the configuration as it is then, keeping the other writer's rule, not of the one it read first. The buckets
 * hold no upload: on S3Mock a lifecycle write, the other writer's included, forgets them.
 */
class AnotherWriterS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String GET = "GetBucketLifecycleConfiguration";
    private static final String PUT = "PutBucketLifecycleConfiguration";
    private static final LifecycleRule LOGS = LifecycleRule.builder().id("logs").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();
    private static final LifecycleRule THEIRS = LifecycleRule.builder().id("their-tmp").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("tmp/")).expiration(e -> e.days(1)).build();

    @Test
    void aRuleWrittenWhileTheUploadsAreListedIsKeptAndTheBucketSaysItsConfigurationChanged() throws Exception {
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
                FaultProxy proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()))) {
            for (String bucket : List.of("shared", "quiet")) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(LOGS)));
            }
            proxy.fault("shared", "ListMultipartUploads", new FaultProxy.Action.Meanwhile(() -> s3.putBucketLifecycleConfiguration(r -> r
                    .bucket("shared").lifecycleConfiguration(c -> c.rules(LOGS, THEIRS)))), 1);

            JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(),
                    "S3_FORCE_PATH_STYLE", "true")), SeededAccount.CREDENTIALS, Clock.systemUTC());

            Map<String, JsonNode> records = log.records("bucket").stream().collect(Collectors.toMap(r -> r.get("bucket").asText(), r -> r));
            assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("shared")).rules()).extracting(LifecycleRule::id)
                    .containsExactly("logs", "their-tmp", AbortRulePolicy.RULE_ID);
            JsonNode shared = records.get("shared");
            assertThat(shared.get("outcome").asText()).isEqualTo("REMEDIATED");
            assertThat(shared.path("lifecycleReread").asText()).isEqualTo("changed");
            assertThat(shared.get("rulesBefore").asInt()).isEqualTo(2);
            assertThat(shared.get("rulesAfter").asInt()).isEqualTo(3);
            assertThat(proxy.requests("shared", GET)).as("the first read, the one that saw the change, the one before the write").isEqualTo(3);
            assertThat(proxy.requests("shared", PUT)).isEqualTo(1);

            JsonNode quiet = records.get("quiet");
            assertThat(quiet.get("outcome").asText()).isEqualTo("REMEDIATED");
            assertThat(quiet.has("lifecycleReread")).isFalse();
            assertThat(proxy.requests("quiet", GET)).isEqualTo(2);
        }
    }
}
