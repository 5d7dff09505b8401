package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.BucketEvents;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket's CloudTrail event on Ceph RGW, which validates every configuration it is given: a configuration another
 * principal replaced gets the rule back with its own rules intact, a deleted one is restored, and the function's own
 * write changes nothing.
 */
@ExtendWith(RgwAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketEventRgwIT {

    private static final List<String> BUCKETS = List.of("event-replaced", "event-deleted", "event-own");
    private static final LifecycleRule EXPIRE_LOGS = LifecycleRule.builder().id("expire-logs").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();
    private static final LifecycleRule EXPIRE_OLD_VERSIONS = LifecycleRule.builder().id("expire-old-versions").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("data/")).noncurrentVersionExpiration(n -> n.noncurrentDays(60)).build();

    private Rgw rgw;
    private S3Client s3;
    private Settings settings;
    /** Names the function's own role, so that its own write is told apart. */
    private FakeSts sts;

    @BeforeAll
    void buckets() throws IOException {
        rgw = Rgw.require();
        s3 = rgw.client();
        sts = FakeSts.naming(BucketEvents.FUNCTION_SESSION_ARN);
        settings = Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", rgw.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true", "INVENTORY_UPLOADS", "false",
                "AWS_ENDPOINT_URL_STS", sts.endpoint().toString()));
        BUCKETS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
    }

    @AfterAll
    void removeBuckets() {
        if (sts != null) {
            sts.close();
        }
        if (s3 != null) {
            BUCKETS.forEach(bucket -> {
                s3.deleteBucketLifecycle(r -> r.bucket(bucket));
                s3.deleteBucket(r -> r.bucket(bucket));
            });
            s3.close();
        }
    }

    private JsonLines event(String sample, String bucket) {
        return RunCapture.invocation(BucketEvents.about(sample, bucket), settings, rgw.credentials());
    }

    private List<LifecycleRule> rules(String bucket) {
        try {
            return s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules();
        } catch (S3Exception e) {
            return List.of();
        }
    }

    @Test
    void aReplacedConfigurationGetsTheRuleBackWithItsOwnRulesIntact() {
        s3.putBucketLifecycleConfiguration(r -> r.bucket("event-replaced").lifecycleConfiguration(c -> c.rules(EXPIRE_LOGS, EXPIRE_OLD_VERSIONS)));

        JsonLines run = event("cloudtrail-put-bucket-lifecycle.json", "event-replaced");

        assertThat(run.records("bucket")).singleElement().satisfies(record -> assertThat(record.get("outcome").asText()).isEqualTo("REMEDIATED"));
        List<LifecycleRule> rules = rules("event-replaced");
        assertThat(rules).hasSize(3).startsWith(EXPIRE_LOGS, EXPIRE_OLD_VERSIONS);
        assertThat(rules.getLast().id()).isEqualTo(AbortRulePolicy.RULE_ID);
        assertThat(rules.getLast().abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
    }

    @Test
    void aDeletedConfigurationIsRestored() {
        s3.putBucketLifecycleConfiguration(r -> r.bucket("event-deleted").lifecycleConfiguration(c -> c.rules(new AbortRulePolicy(7).ourRule(false))));
        s3.deleteBucketLifecycle(r -> r.bucket("event-deleted"));

        event("cloudtrail-delete-bucket-lifecycle.json", "event-deleted");

        assertThat(rules("event-deleted")).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo(AbortRulePolicy.RULE_ID);
            assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
        });
    }

    @Test
    void theFunctionsOwnWriteChangesNothing() {
        s3.putBucketLifecycleConfiguration(r -> r.bucket("event-own").lifecycleConfiguration(c -> c.rules(EXPIRE_LOGS)));

        JsonLines run = event("cloudtrail-own-put-bucket-lifecycle.json", "event-own");

        assertThat(run.lines()).singleElement().satisfies(line -> assertThat(line.get("ignored").asText()).isEqualTo("own-write"));
        assertThat(rules("event-own")).containsExactly(EXPIRE_LOGS);
    }
}
