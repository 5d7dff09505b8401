package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.JarProcess;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/** The jar against an S3-compatible store, where incomplete uploads waste disk just the same. */
@ExtendWith(RgwAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JarRgwIT {

    private static final List<String> BUCKETS = List.of("jar-bare", "jar-with-logs-rule");

    private Rgw rgw;
    private S3Client seeder;

    @BeforeAll
    void seed() {
        rgw = Rgw.require();
        seeder = rgw.client();
        BUCKETS.forEach(bucket -> seeder.createBucket(b -> b.bucket(bucket)));
        seeder.putBucketLifecycleConfiguration(r -> r.bucket("jar-with-logs-rule").lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("logs").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build())));
    }

    @AfterAll
    void remove() {
        if (seeder != null) {
            BUCKETS.forEach(bucket -> seeder.deleteBucket(b -> b.bucket(bucket)));
            seeder.close();
        }
    }

    @Test
    void aDryRunThenARealRunThenARunThatWritesNothing() throws Exception {
        Map<String, String> settings = Map.of("AWS_ENDPOINT_URL_S3", rgw.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true");

        JarProcess.Result dry = JarProcess.run(rgw.accessKey(), rgw.secretKey(), withDryRun(settings), "--json");
        assertThat(dry.exitCode()).as(dry.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(outcomes(dry)).containsOnly("WOULD_REMEDIATE");
        assertThat(dry.stderr()).contains("(dry run)");
        assertThat(seeder.getBucketLifecycleConfiguration(r -> r.bucket("jar-with-logs-rule")).rules()).hasSize(1);

        JarProcess.Result real = JarProcess.run(rgw.accessKey(), rgw.secretKey(), settings, "--json");
        assertThat(real.exitCode()).as(real.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(outcomes(real)).containsOnly("REMEDIATED");
        List<LifecycleRule> rules = seeder.getBucketLifecycleConfiguration(r -> r.bucket("jar-with-logs-rule")).rules();
        assertThat(rules).extracting(LifecycleRule::id).containsExactly("logs", AbortRulePolicy.RULE_ID);

        JarProcess.Result again = JarProcess.run(rgw.accessKey(), rgw.secretKey(), settings, "--json");
        assertThat(again.exitCode()).isEqualTo(Main.COMPLETED);
        assertThat(outcomes(again)).containsOnly("COMPLIANT");
        assertThat(again.log().summary().get("apiCallsByOperation").has("PutBucketLifecycleConfiguration")).isFalse();
    }

    private static Map<String, String> withDryRun(Map<String, String> settings) {
        Map<String, String> dry = new java.util.HashMap<>(settings);
        dry.put("DRY_RUN", "true");
        return dry;
    }

    /** The outcomes of this test's buckets; the gateway may hold others. */
    private static List<String> outcomes(JarProcess.Result result) {
        return result.log().records("bucket").stream()
                .filter(record -> BUCKETS.contains(record.get("bucket").asText()))
                .map(record -> record.get("outcome").asText())
                .toList();
    }
}
