package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The opt-out tag and CloudFormation's stack tag on Ceph RGW, which stores bucket tags as S3 does: tagged buckets
 * are reported and never written, unless the operator chose to remediate stack-managed ones.
 */
@ExtendWith(RgwAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExclusionsRgwIT {

    private static final List<String> BUCKETS = List.of("tags-opted-out", "tags-stack-owned", "tags-untagged", "tags-other-tags");

    private Rgw rgw;
    private S3Client s3;

    @BeforeAll
    void taggedBuckets() {
        rgw = Rgw.require();
        s3 = rgw.client();
        BUCKETS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
        s3.putBucketTagging(r -> r.bucket("tags-opted-out").tagging(t -> t.tagSet(tag("mpu-janitor:exclude", "true"), tag("team", "data"))));
        s3.putBucketTagging(r -> r.bucket("tags-stack-owned").tagging(t -> t.tagSet(tag("aws:cloudformation:stack-name", "data-platform"))));
        s3.putBucketTagging(r -> r.bucket("tags-other-tags").tagging(t -> t.tagSet(tag("mpu-janitor:exclude", "false"))));
    }

    @AfterAll
    void removeBuckets() {
        if (s3 != null) {
            BUCKETS.forEach(bucket -> {
                s3.deleteBucketLifecycle(r -> r.bucket(bucket));
                s3.deleteBucket(r -> r.bucket(bucket));
            });
            s3.close();
        }
    }

    private Map<String, JsonNode> run(String iacManagedBuckets) {
        JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(Map.of("IAC_MANAGED_BUCKETS", iacManagedBuckets, "INVENTORY_UPLOADS", "false",
                "AWS_ENDPOINT_URL_S3", rgw.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true")), rgw.credentials(), Clock.systemUTC());
        return log.records("bucket").stream().filter(record -> BUCKETS.contains(record.get("bucket").asText()))
                .collect(Collectors.toMap(record -> record.get("bucket").asText(), record -> record));
    }

    private boolean hasLifecycle(String bucket) {
        try {
            return !s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().isEmpty();
        } catch (S3Exception e) {
            return false;
        }
    }

    @Test
    void taggedBucketsAreReportedAndLeftAloneUntilTheOperatorChoosesToRemediateStackBuckets() {
        Map<String, JsonNode> byDefault = run("report");

        assertThat(byDefault.get("tags-opted-out").get("outcome").asText()).isEqualTo("EXCLUDED");
        assertThat(byDefault.get("tags-opted-out").get("reason").asText()).isEqualTo("opt-out-tag:mpu-janitor:exclude");
        assertThat(byDefault.get("tags-stack-owned").get("outcome").asText()).isEqualTo("MANAGED_BY_IAC");
        assertThat(byDefault.get("tags-stack-owned").get("reason").asText()).isEqualTo("cloudformation-stack:data-platform");
        assertThat(byDefault.get("tags-untagged").get("outcome").asText()).as("no tags is not an error").isEqualTo("REMEDIATED");
        assertThat(byDefault.get("tags-other-tags").get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(hasLifecycle("tags-opted-out")).isFalse();
        assertThat(hasLifecycle("tags-stack-owned")).isFalse();

        Map<String, JsonNode> remediating = run("remediate");

        assertThat(remediating.get("tags-stack-owned").get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(remediating.get("tags-opted-out").get("outcome").asText()).isEqualTo("EXCLUDED");
        assertThat(hasLifecycle("tags-stack-owned")).isTrue();
        assertThat(hasLifecycle("tags-opted-out")).isFalse();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
