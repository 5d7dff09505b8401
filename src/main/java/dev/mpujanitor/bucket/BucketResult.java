package dev.mpujanitor.bucket;

import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.uploads.UploadInventory;
import java.util.Optional;

/**
 * What happened to one bucket.
 *
 * @param reason              why: the covering rule's ID, a write or unfixable reason label, an exclusion, or the error code
 * @param rulesBefore         rules read, or -1 when the read failed or was never made
 * @param rulesAfter          rules the bucket has (or would have, in a dry run) afterwards; -1 when unknown
 * @param error               the failure's message, for FAILED only
 * @param unrecognisedElement for {@code unrecognised-configuration}: the element S3 returned that a write would lose
 * @param uploads             the bucket's incomplete uploads, when they were listed
 * @param account             the account that owns the bucket, when there is one (an S3-compatible store has none)
 * @param lifecycleChanged    the configuration read again right before a write differed from the one decided on, so
 *                            the bucket was decided again on what S3 held then
 */
public record BucketResult(
        String bucket,
        String region,
        Outcome outcome,
        String reason,
        int rulesBefore,
        int rulesAfter,
        Optional<String> error,
        Optional<String> unrecognisedElement,
        Optional<UploadInventory> uploads,
        Optional<String> account,
        boolean lifecycleChanged) {

    /** A result whose account is not recorded: that of a run over its own account alone. */
    public BucketResult(String bucket, String region, Outcome outcome, String reason, int rulesBefore, int rulesAfter, Optional<String> error,
            Optional<String> unrecognisedElement, Optional<UploadInventory> uploads) {
        this(bucket, region, outcome, reason, rulesBefore, rulesAfter, error, unrecognisedElement, uploads, Optional.empty(), false);
    }

    public static BucketResult of(BucketRef bucket, Outcome outcome, String reason, int rulesBefore, int rulesAfter) {
        return new BucketResult(bucket.name(), bucket.regionLabel(), outcome, reason, rulesBefore, rulesAfter,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The one translation of a failure into a result. An adapter's error carries S3's code (such as
     * {@code AccessDenied}); anything else is a defect, named by its class so that an operator can search for it.
     * Either way it costs this bucket, never the run; so does an {@link Error} such as {@link OutOfMemoryError}.
     */
    public static BucketResult failed(BucketRef bucket, Throwable failure, int rulesBefore) {
        String code = failure instanceof BucketCallException call ? call.errorCode() : failure.getClass().getSimpleName();
        return new BucketResult(bucket.name(), bucket.regionLabel(), Outcome.FAILED, code, rulesBefore, rulesBefore,
                Optional.ofNullable(failure.getMessage()), Optional.empty(), Optional.empty());
    }

    static BucketResult refused(BucketRef bucket, Verdict.Refused<?> refusal, int rules) {
        return new BucketResult(bucket.name(), bucket.regionLabel(), refusal.outcome(), refusal.reason(), rules, rules,
                Optional.empty(), refusal.element(), Optional.empty());
    }

    BucketResult withUploads(Optional<UploadInventory> inventory) {
        return new BucketResult(bucket, region, outcome, reason, rulesBefore, rulesAfter, error, unrecognisedElement, inventory, account,
                lifecycleChanged);
    }

    /** The same result, of a bucket decided again because its configuration changed before the write. */
    BucketResult afterLifecycleChanged() {
        return new BucketResult(bucket, region, outcome, reason, rulesBefore, rulesAfter, error, unrecognisedElement, uploads, account, true);
    }

    /** The same result, of a bucket of this account. */
    public BucketResult inAccount(Optional<String> owner) {
        if (owner.equals(account)) {
            return this;
        }
        return new BucketResult(bucket, region, outcome, reason, rulesBefore, rulesAfter, error, unrecognisedElement, uploads, owner,
                lifecycleChanged);
    }
}
