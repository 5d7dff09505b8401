package dev.mpujanitor.policy;

/** Why a bucket needs the rule; the value is what a log line shows. */
public enum WriteReason {
    /** The bucket has no lifecycle configuration at all. */
    NO_CONFIGURATION("no-configuration"),
    /** Rules exist, but none aborts incomplete uploads across the whole bucket. */
    NO_WHOLE_BUCKET_ABORT("no-whole-bucket-abort"),
    /** A whole-bucket abort rule exists but waits longer than ABORT_AFTER_DAYS. */
    ABORT_TOO_LATE("abort-too-late"),
    /** A whole-bucket abort rule exists but is Disabled, and no enabled one covers the bucket. */
    ABORT_RULE_DISABLED("abort-rule-disabled"),
    /** Our own rule is enabled but no longer says what we wrote; it is ours to correct. */
    OWN_RULE_DRIFTED("own-rule-drifted");

    private final String label;

    WriteReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
