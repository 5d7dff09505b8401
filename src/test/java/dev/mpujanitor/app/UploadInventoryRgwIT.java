package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import dev.mpujanitor.testing.Uploads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The upload inventory and the immediate cleanup on Ceph RGW, with real parts of known sizes: the rule's write
 * leaves uploads and objects in place, the bytes are exact, and ABORT_STALE_UPLOADS frees them at once.
 */
@ExtendWith(RgwAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadInventoryRgwIT {

    private static final List<String> BUCKETS = List.of("inventory-athena", "inventory-backups");

    private Rgw rgw;
    private S3Client s3;

    @BeforeAll
    void uploadsAndObjects() {
        rgw = Rgw.require();
        s3 = rgw.client();
        BUCKETS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
        Uploads.startIncomplete(s3, "inventory-athena", "results/q1.csv", 5 * MIB, 5 * MIB, 2 * MIB);
        Uploads.startIncomplete(s3, "inventory-athena", "results/q2.csv", 5 * MIB, 1 * MIB);
        Uploads.startIncomplete(s3, "inventory-backups", "db.dump", 7 * MIB);
        s3.putObject(r -> r.bucket("inventory-backups").key("kept.txt"), RequestBody.fromString("completed objects stay"));
    }

    @AfterAll
    void removeBuckets() {
        if (s3 == null) {
            return;
        }
        for (String bucket : BUCKETS) {
            s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()
                    .forEach(upload -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
            s3.listObjectsV2(r -> r.bucket(bucket)).contents().forEach(object -> s3.deleteObject(r -> r.bucket(bucket).key(object.key())));
            s3.deleteBucket(b -> b.bucket(bucket));
        }
        s3.close();
    }

    private JsonLines run(Clock clock) {
        return RunCapture.scheduledRun(Settings.fromEnv(Map.of("ABORT_STALE_UPLOADS", "true",
                "AWS_ENDPOINT_URL_S3", rgw.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true")), rgw.credentials(), clock);
    }

    private static JsonNode record(JsonLines log, String bucket) {
        return log.records("bucket").stream().filter(record -> record.get("bucket").asText().equals(bucket)).findFirst().orElseThrow();
    }

    @Test
    void theRuleIsWrittenAroundLiveUploadsThenStaleOnesAreAbortedAtOnceWithTheirBytesCounted() {
        JsonLines today = run(Clock.systemUTC());

        JsonNode athena = record(today, "inventory-athena");
        assertThat(athena.get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(athena.get("incompleteUploads").asLong()).isEqualTo(2);
        assertThat(athena.get("incompleteUploadBytes").asLong()).isEqualTo(18 * MIB);
        assertThat(athena.get("bytesAreLowerBound").asBoolean()).isFalse();
        assertThat(athena.get("staleUploads").asLong()).as("uploads younger than ABORT_AFTER_DAYS are left alone").isZero();
        assertThat(record(today, "inventory-backups").get("incompleteUploadBytes").asLong()).isEqualTo(7 * MIB);
        // Writing the rule took nothing away: S3Mock forgets uploads here, a real S3 must not.
        assertThat(s3.listMultipartUploads(r -> r.bucket("inventory-athena")).uploads()).hasSize(2);

        JsonLines eightDaysOn = run(Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC));

        JsonNode athenaLater = record(eightDaysOn, "inventory-athena");
        assertThat(athenaLater.get("outcome").asText()).isEqualTo("COMPLIANT");
        assertThat(athenaLater.get("uploadsAborted").asLong()).isEqualTo(2);
        assertThat(athenaLater.get("bytesFreed").asLong()).isEqualTo(18 * MIB);
        assertThat(record(eightDaysOn, "inventory-backups").get("bytesFreed").asLong()).isEqualTo(7 * MIB);
        assertThat(eightDaysOn.records("upload")).filteredOn(upload -> BUCKETS.contains(upload.get("bucket").asText()))
                .hasSize(3).allSatisfy(upload -> assertThat(upload.get("action").asText()).isEqualTo("ABORTED"));
        for (String bucket : BUCKETS) {
            assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()).as(bucket).isEmpty();
        }
        assertThat(s3.listObjectsV2(r -> r.bucket("inventory-backups")).contents()).extracting(S3Object::key).containsExactly("kept.txt");
        assertThat(s3.getObjectAsBytes(r -> r.bucket("inventory-backups").key("kept.txt")).asUtf8String()).isEqualTo("completed objects stay");
    }
}
