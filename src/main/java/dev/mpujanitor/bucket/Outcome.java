package dev.mpujanitor.bucket;

/** How one bucket ended. Every bucket ends as exactly one of these. */
public enum Outcome {
    /** An enabled whole-bucket rule already aborts incomplete uploads within ABORT_AFTER_DAYS. */
    COMPLIANT,
    /** We wrote the rule. */
    REMEDIATED,
    /** Dry run: we would have written the rule. */
    WOULD_REMEDIATE,
    /** The configuration cannot take the rule; the reason says what a human must do. */
    UNFIXABLE,
    /** A call failed; the reason is the S3 error code. Nothing was written after a failed read. */
    FAILED,
    /**
     * The operator keeps the bucket out: a name pattern in EXCLUDE_BUCKETS (no call at all), or the opt-out tag,
     * seen when a write of any kind was about to happen.
     */
    EXCLUDED,
    /** A CloudFormation stack manages the bucket, and IAC_MANAGED_BUCKETS=report: the fix belongs in the stack. */
    MANAGED_BY_IAC
}
