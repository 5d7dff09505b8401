package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.aws.S3Operation;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a role without one of its S3 actions does to a bucket that needs the rule and holds one stale upload, in a run
 * with ABORT_STALE_UPLOADS: the failure or degradation docs/operations.md and docs/buckets.md describe. The same for
 * the hub's role and a member's, whose S3 actions are the hub's.
 */
final class MissingGrant {

    /** Without it no bucket can be named: the run, or over several accounts that account, fails. */
    static final String LISTING = "s3:ListAllMyBuckets";

    private MissingGrant() {
    }

    /**
     * Every S3 action the roles grant with AbortStaleUploads=true; moto checks each on its own request. Moto has no
     * S3 Express: its actions are proven needed against the fake of {@code DirectoryBucketsS3MockIT}.
     */
    static Stream<String> s3Actions() {
        return Arrays.stream(S3Operation.values()).map(S3Operation::iamAction).filter(action -> action.startsWith("s3:"));
    }

    /** The S3 Express actions, each proven needed by {@code DirectoryBucketsS3MockIT}. */
    static Stream<String> s3ExpressActions() {
        return Arrays.stream(S3Operation.values()).map(S3Operation::iamAction).filter(action -> action.startsWith("s3express:"));
    }

    /** The bucket's name for the case of {@code action}: one bucket each, so no case sees another's writes. */
    static String bucketWithout(String action) {
        return "without-" + action.substring("s3:".length()).toLowerCase();
    }

    /** The effect on {@code bucket}, read back by {@code s3} with its owner's credentials, and on its record. */
    static void assertDocumentedEffect(String action, JsonNode record, S3Client s3, String bucket) {
        List<LifecycleRule> rulesAfter = rules(s3, bucket);
        int uploadsLeft = s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
        switch (action) {
            // A read that decides the write, or the write, refused: the bucket FAILED, nothing is written.
            case "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:GetBucketVersioning", "s3:GetBucketTagging",
                    "s3:PutLifecycleConfiguration" -> {
                assertThat(record.get("outcome").asText()).as(record.toString()).isEqualTo("FAILED");
                assertThat(record.get("reason").asText()).isEqualTo("AccessDenied");
                assertThat(rulesAfter).isEmpty();
            }
            // The inventory stops early: the record says so, and the rule is written all the same.
            case "s3:ListBucketMultipartUploads" -> {
                assertThat(record.get("outcome").asText()).as(record.toString()).isEqualTo("REMEDIATED");
                assertThat(record.get("inventoryError").asText()).isEqualTo("AccessDenied");
                assertThat(uploadsLeft).isEqualTo(1);
            }
            // The upload is counted, its bytes are not, and the record says why.
            case "s3:ListMultipartUploadParts" -> {
                assertThat(record.get("outcome").asText()).as(record.toString()).isEqualTo("REMEDIATED");
                assertThat(record.get("incompleteUploads").asLong()).isEqualTo(1);
                assertThat(record.get("bytesLowerBoundBecause").asText()).isEqualTo("list-parts-denied");
            }
            // The stale upload stays, and the record says the abort was refused.
            case "s3:AbortMultipartUpload" -> {
                assertThat(record.get("outcome").asText()).as(record.toString()).isEqualTo("REMEDIATED");
                assertThat(record.get("uploadsAborted").asLong()).isZero();
                assertThat(record.get("inventoryError").asText()).isEqualTo("AccessDenied");
                assertThat(uploadsLeft).isEqualTo(1);
            }
            default -> throw new AssertionError("no documented effect for " + action);
        }
    }

    /** A bucket's lifecycle rules; none when it has no configuration. */
    static List<LifecycleRule> rules(S3Client s3, String bucket) {
        try {
            return s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if ("NoSuchLifecycleConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return List.of();
            }
            throw e;
        }
    }
}
