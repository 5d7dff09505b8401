package dev.mpujanitor.scan;

import java.util.Optional;

/**
 * What happened to one bucket.
 *
 * @param reason       why: the covering rule's ID, a write or unfixable reason label, or the error code
 * @param rulesBefore  rules read, or -1 when the read failed
 * @param rulesAfter   rules the bucket has (or would have, in a dry run) afterwards; -1 when unknown
 * @param error        the failure's message, for FAILED only
 * @param uploads      the bucket's incomplete uploads, when they were surveyed
 */
public record BucketResult(
        String bucket,
        String region,
        Outcome outcome,
        String reason,
        int rulesBefore,
        int rulesAfter,
        Optional<String> error,
        Optional<UploadInventory> uploads) {

    public static BucketResult failed(BucketRef bucket, String errorCode, String message, int rulesBefore) {
        return new BucketResult(bucket.name(), bucket.regionLabel(), Outcome.FAILED, errorCode, rulesBefore, rulesBefore,
                Optional.ofNullable(message), Optional.empty());
    }

    public static BucketResult of(BucketRef bucket, Outcome outcome, String reason, int rulesBefore, int rulesAfter) {
        return new BucketResult(bucket.name(), bucket.regionLabel(), outcome, reason, rulesBefore, rulesAfter, Optional.empty(), Optional.empty());
    }

    BucketResult withUploads(UploadInventory inventory) {
        return new BucketResult(bucket, region, outcome, reason, rulesBefore, rulesAfter, error, Optional.of(inventory));
    }
}
