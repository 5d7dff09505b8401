package dev.mpujanitor.bucket;

import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.LifecycleAccess;
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
 * @param lifecycleShutOut    for {@code lifecycle-not-let-in}: why S3 Lifecycle may not act on the directory bucket, and
 *                            the statement to add to its policy
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
        boolean lifecycleChanged,
        Optional<LifecycleAccess> lifecycleShutOut) {

    /** {@code directory} for a directory bucket (S3 Express One Zone), {@code general-purpose} for any other. */
    public String bucketType() {
        return BucketRef.isDirectoryBucketName(bucket) ? "directory" : "general-purpose";
    }

    /** A result that says no more than its outcome and reason, with no rules read or written. */
    public static Builder builder(String bucket, String region, Outcome outcome, String reason) {
        return new Builder(bucket, region, outcome, reason);
    }

    public static BucketResult of(BucketRef bucket, Outcome outcome, String reason, int rulesBefore, int rulesAfter) {
        return builder(bucket.name(), bucket.regionLabel(), outcome, reason).rules(rulesBefore, rulesAfter).build();
    }

    /**
     * The one translation of a failure into a result. An adapter's error carries S3's code (such as
     * {@code AccessDenied}); anything else is a defect, named by its class so that an operator can search for it.
     * Either way it costs this bucket, never the run; so does an {@link Error} such as {@link OutOfMemoryError}.
     */
    public static BucketResult failed(BucketRef bucket, Throwable failure, int rulesBefore) {
        String code = failure instanceof BucketCallException call ? call.errorCode() : failure.getClass().getSimpleName();
        return builder(bucket.name(), bucket.regionLabel(), Outcome.FAILED, code).rules(rulesBefore, rulesBefore).error(failure.getMessage()).build();
    }

    static BucketResult refused(BucketRef bucket, Verdict.Refused<?> refusal, int rules) {
        return builder(bucket.name(), bucket.regionLabel(), refusal.outcome(), refusal.reason()).rules(rules, rules)
                .unrecognisedElement(refusal.element().orElse(null)).lifecycleShutOut(refusal.lifecycleAccess().orElse(null)).build();
    }

    BucketResult withUploads(Optional<UploadInventory> inventory) {
        return toBuilder().uploads(inventory.orElse(null)).build();
    }

    /** The same result, of a bucket decided again because its configuration changed before the write. */
    BucketResult afterLifecycleChanged() {
        return toBuilder().lifecycleChanged().build();
    }

    /** The same result, of a bucket of this account. */
    public BucketResult inAccount(Optional<String> owner) {
        if (owner.equals(account)) {
            return this;
        }
        return toBuilder().account(owner.orElse(null)).build();
    }

    private Builder toBuilder() {
        Builder builder = builder(bucket, region, outcome, reason).rules(rulesBefore, rulesAfter).error(error.orElse(null))
                .unrecognisedElement(unrecognisedElement.orElse(null)).uploads(uploads.orElse(null)).account(account.orElse(null))
                .lifecycleShutOut(lifecycleShutOut.orElse(null));
        return lifecycleChanged ? builder.lifecycleChanged() : builder;
    }

    /** A result, field by named field: the ones not given are absent ({@code -1} for the rule counts). */
    public static final class Builder {
        private final String bucket;
        private final String region;
        private final Outcome outcome;
        private final String reason;
        private int rulesBefore = -1;
        private int rulesAfter = -1;
        private String error;
        private String unrecognisedElement;
        private UploadInventory uploads;
        private String account;
        private boolean lifecycleChanged;
        private LifecycleAccess lifecycleShutOut;

        private Builder(String bucket, String region, Outcome outcome, String reason) {
            this.bucket = bucket;
            this.region = region;
            this.outcome = outcome;
            this.reason = reason;
        }

        public Builder rules(int before, int after) {
            rulesBefore = before;
            rulesAfter = after;
            return this;
        }

        public Builder error(String message) {
            error = message;
            return this;
        }

        public Builder unrecognisedElement(String element) {
            unrecognisedElement = element;
            return this;
        }

        public Builder uploads(UploadInventory inventory) {
            uploads = inventory;
            return this;
        }

        public Builder account(String owner) {
            account = owner;
            return this;
        }

        public Builder lifecycleShutOut(LifecycleAccess access) {
            lifecycleShutOut = access;
            return this;
        }

        public Builder lifecycleChanged() {
            lifecycleChanged = true;
            return this;
        }

        public BucketResult build() {
            return new BucketResult(bucket, region, outcome, reason, rulesBefore, rulesAfter, Optional.ofNullable(error),
                    Optional.ofNullable(unrecognisedElement), Optional.ofNullable(uploads), Optional.ofNullable(account), lifecycleChanged,
                    Optional.ofNullable(lifecycleShutOut));
        }
    }
}
