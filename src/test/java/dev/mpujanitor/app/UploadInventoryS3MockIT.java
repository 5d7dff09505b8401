package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Uploads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * The upload inventory and the immediate cleanup over S3Mock, with parts of known sizes: every figure exact.
 * S3Mock forgets a bucket's uploads when its lifecycle is written, so the cleanup is checked on a bucket that
 * is already compliant; RGW shows that uploads and objects survive a write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadInventoryS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String COVERED = "inventory-covered";
    private static final String BARE = "inventory-bare";
    private static final String EMPTY = "inventory-empty";
    /** Eight days on: every upload made by this test is older than ABORT_AFTER_DAYS (7). */
    private static final Clock EIGHT_DAYS_LATER = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);

    private S3Client s3;

    @BeforeAll
    void uploadsOfKnownSizes() {
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
        for (String bucket : new String[] {COVERED, BARE, EMPTY}) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        // The rule first: on S3Mock a lifecycle write forgets the uploads made before it.
        s3.putBucketLifecycleConfiguration(r -> r.bucket(COVERED).lifecycleConfiguration(c -> c.rules(LifecycleRule.builder()
                .id(AbortRulePolicy.RULE_ID).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build())));
        Uploads.startIncomplete(s3, COVERED, "athena/results/1.csv", 5 * MIB, 5 * MIB, 3 * MIB);
        Uploads.startIncomplete(s3, COVERED, "unload/part-0000", 6 * MIB);
        Uploads.startIncomplete(s3, BARE, "backup.tar", 5 * MIB, 1 * MIB);
    }

    @AfterAll
    void close() {
        s3.close();
    }

    private JsonLines run(boolean dryRun) {
        return RunCapture.scheduledRun(Settings.fromEnv(Map.of("DRY_RUN", String.valueOf(dryRun), "ABORT_STALE_UPLOADS", "true",
                "AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true")), SeededAccount.CREDENTIALS, EIGHT_DAYS_LATER);
    }

    private static Map<String, JsonNode> buckets(JsonLines log) {
        return log.records("bucket").stream().collect(Collectors.toMap(record -> record.get("bucket").asText(), record -> record));
    }

    @Test
    @Order(1)
    void aDryRunCountsEveryUploadAndItsBytesExactlyAndListsWhatItWouldAbort() {
        JsonLines log = run(true);

        Map<String, JsonNode> buckets = buckets(log);
        assertThat(buckets.get(COVERED).get("incompleteUploads").asLong()).isEqualTo(2);
        assertThat(buckets.get(COVERED).get("incompleteUploadBytes").asLong()).isEqualTo(19 * MIB);
        assertThat(buckets.get(COVERED).get("bytesAreLowerBound").asBoolean()).isFalse();
        assertThat(buckets.get(COVERED).get("oldestUploadAgeDays").asDouble()).isBetween(8.0, 8.1);
        assertThat(buckets.get(BARE).get("incompleteUploadBytes").asLong()).isEqualTo(6 * MIB);
        assertThat(buckets.get(EMPTY).get("incompleteUploads").asLong()).isZero();
        assertThat(buckets.get(EMPTY).has("oldestUploadAgeDays")).isFalse();
        // 19 MiB and 6 MiB at USD 0.023 per GiB-month, to the nearest 10^-8 USD.
        assertThat(buckets.get(COVERED).get("estimatedMonthlyWasteUsd").decimalValue().add(buckets.get(BARE).get("estimatedMonthlyWasteUsd").decimalValue()))
                .isEqualByComparingTo("0.00056153");

        assertThat(log.records("upload")).hasSize(3).allSatisfy(upload -> assertThat(upload.get("action").asText()).isEqualTo("WOULD_ABORT"));
        assertThat(log.records("upload")).extracting(upload -> upload.get("bytes").asLong())
                .containsExactlyInAnyOrder(13 * MIB, 6 * MIB, 6 * MIB);

        JsonNode summary = log.summary().get("uploads");
        assertThat(summary.get("incompleteUploads").asLong()).isEqualTo(3);
        assertThat(summary.get("incompleteUploadBytes").asLong()).isEqualTo(25 * MIB);
        assertThat(summary.get("bucketsWithUploads").asLong()).isEqualTo(2);
        assertThat(summary.get("staleUploads").asLong()).isEqualTo(3);
        assertThat(summary.get("uploadsAborted").asLong()).isZero();
        assertThat(log.summary().get("apiCallsByOperation").has("AbortMultipartUpload")).isFalse();

        JsonNode metrics = log.lines().stream().filter(line -> line.has("_aws")).findFirst().orElseThrow();
        assertThat(metrics.get("IncompleteUploads").asLong()).isEqualTo(3);
        assertThat(metrics.get("IncompleteUploadBytes").asLong()).isEqualTo(25 * MIB);
        assertThat(metrics.get("OldestIncompleteUploadAge").asLong()).isBetween(Duration.ofDays(8).toSeconds() - 60, Duration.ofDays(8).toSeconds() + 60);
        assertThat(metrics.get("UploadsAborted").asLong()).isZero();
        assertThat(s3.listMultipartUploads(r -> r.bucket(COVERED)).uploads()).hasSize(2);
    }

    @Test
    @Order(2)
    void aRealRunAbortsTheStaleUploadsAndCountsTheBytesFreed() {
        JsonLines log = run(false);

        JsonNode covered = buckets(log).get(COVERED);
        assertThat(covered.get("outcome").asText()).isEqualTo("COMPLIANT");
        assertThat(covered.get("uploadsAborted").asLong()).isEqualTo(2);
        assertThat(covered.get("bytesFreed").asLong()).isEqualTo(19 * MIB);
        assertThat(log.records("upload")).filteredOn(upload -> upload.get("bucket").asText().equals(COVERED))
                .hasSize(2).allSatisfy(upload -> assertThat(upload.get("action").asText()).isEqualTo("ABORTED"));
        assertThat(s3.listMultipartUploads(r -> r.bucket(COVERED)).uploads()).isEmpty();
        JsonNode metrics = log.lines().stream().filter(line -> line.has("_aws")).findFirst().orElseThrow();
        assertThat(metrics.get("BytesFreed").asLong()).isGreaterThanOrEqualTo(19 * MIB);
    }
}
