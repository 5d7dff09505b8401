package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.Uploads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    /** Each holds one incomplete upload; the first two already have a whole-bucket abort rule. */
    private static final List<String> WITH_UPLOADS = List.of("aborts-opted-out", "aborts-untagged", "aborts-stack-owned");
    /** Eight days on: the uploads made by this test are older than ABORT_AFTER_DAYS (7). */
    private static final Clock EIGHT_DAYS_LATER = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);

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
        WITH_UPLOADS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
        for (String covered : List.of("aborts-opted-out", "aborts-untagged")) {
            s3.putBucketLifecycleConfiguration(r -> r.bucket(covered).lifecycleConfiguration(c -> c.rules(new AbortRulePolicy(7).ourRule(false))));
        }
        s3.putBucketTagging(r -> r.bucket("aborts-opted-out").tagging(t -> t.tagSet(tag("mpu-janitor:exclude", "true"))));
        s3.putBucketTagging(r -> r.bucket("aborts-stack-owned").tagging(t -> t.tagSet(tag("aws:cloudformation:stack-name", "exports"))));
        WITH_UPLOADS.forEach(bucket -> Uploads.startIncomplete(s3, bucket, "exports/part.bin", Uploads.MIB));
    }

    @AfterAll
    void removeBuckets() {
        if (s3 != null) {
            Stream.concat(BUCKETS.stream(), WITH_UPLOADS.stream()).forEach(bucket -> {
                s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().forEach(upload ->
                        s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
                s3.deleteBucketLifecycle(r -> r.bucket(bucket));
                s3.deleteBucket(r -> r.bucket(bucket));
            });
            s3.close();
        }
    }

    private Map<String, JsonNode> run(String iacManagedBuckets) {
        JsonLines log = RunCapture.manualRun(BUCKETS, Settings.fromEnv(Map.of("IAC_MANAGED_BUCKETS", iacManagedBuckets, "INVENTORY_UPLOADS", "false",
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

    /**
     * The opt-out tag covers every kind of write: a compliant bucket's stale uploads are not aborted either. A stack's
     * bucket gets no lifecycle write, but its uploads, which are not stack state, are aborted.
     */
    @Test
    void theOptOutTagKeepsStaleUploadsUnabortedAndAStacksBucketHasThemAborted() {
        JsonLines log = RunCapture.manualRun(WITH_UPLOADS, Settings.fromEnv(Map.of("ABORT_STALE_UPLOADS", "true",
                "AWS_ENDPOINT_URL_S3", rgw.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true")), rgw.credentials(), EIGHT_DAYS_LATER);
        Map<String, JsonNode> records = log.records("bucket").stream()
                .collect(Collectors.toMap(record -> record.get("bucket").asText(), record -> record));

        assertThat(records.get("aborts-opted-out").get("outcome").asText()).isEqualTo("EXCLUDED");
        assertThat(records.get("aborts-opted-out").get("reason").asText()).isEqualTo("opt-out-tag:mpu-janitor:exclude");
        assertThat(records.get("aborts-opted-out").get("uploadsAborted").asLong()).isZero();
        assertThat(uploadsIn("aborts-opted-out")).as("the opted-out bucket's upload").isEqualTo(1);

        assertThat(records.get("aborts-untagged").get("outcome").asText()).isEqualTo("COMPLIANT");
        assertThat(records.get("aborts-untagged").get("uploadsAborted").asLong()).isEqualTo(1);
        assertThat(uploadsIn("aborts-untagged")).isZero();

        assertThat(records.get("aborts-stack-owned").get("outcome").asText()).isEqualTo("MANAGED_BY_IAC");
        assertThat(records.get("aborts-stack-owned").get("uploadsAborted").asLong()).isEqualTo(1);
        assertThat(uploadsIn("aborts-stack-owned")).isZero();
        assertThat(hasLifecycle("aborts-stack-owned")).isFalse();
    }

    private int uploadsIn(String bucket) {
        return s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
