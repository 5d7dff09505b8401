package dev.mpujanitor.policy;

/** Why a bucket cannot be given the rule; each needs a human, and the label says which fix. */
public enum UnfixableReason {
    /** S3 allows at most 1,000 rules per configuration. */
    RULE_LIMIT("rule-limit"),
    /** Our rule is there but Disabled: someone turned it off on purpose, and we respect that. */
    OWN_RULE_DISABLED("own-rule-disabled"),
    /**
     * The rules use the legacy rule-level Prefix and one already aborts uploads: S3 rejects two legacy rules
     * whose prefixes overlap for the same action, and every prefix overlaps the whole-bucket one.
     */
    LEGACY_OVERLAPPING_ABORT("legacy-overlapping-abort"),
    /**
     * A rule's filter names more than one predicate outside {@code And}, which S3 itself never returns. Some
     * S3-compatible stores read an {@code And(Prefix, Tags)} filter back that way; writing it back would change
     * what the rule matches, so the configuration is not written at all.
     */
    AMBIGUOUS_FILTER("ambiguous-filter"),
    /** Lifecycle configuration is not supported on a bucket with MFA Delete enabled; found by the gate. */
    MFA_DELETE("mfa-delete"),
    /**
     * S3 returned an element or attribute that this build's SDK does not model, so a write would drop it; found
     * by the gate, which names the element.
     */
    UNRECOGNISED_CONFIGURATION("unrecognised-configuration"),
    /**
     * A directory bucket whose policy does not let S3 Lifecycle in, so a rule would do nothing; found by the gate,
     * with the statement to add. Nothing is written: a rule that does nothing would pass for coverage.
     */
    LIFECYCLE_NOT_LET_IN("lifecycle-not-let-in");

    private final String label;

    UnfixableReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
