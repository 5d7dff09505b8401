package dev.mpujanitor.policy;

import software.amazon.awssdk.services.s3.model.LifecycleRule;

/** What the policy concluded about one bucket's lifecycle configuration. */
public sealed interface Decision {

    /** An enabled rule already aborts every incomplete upload soon enough; nothing to write. */
    record Compliant(String coveringRuleId) implements Decision {
    }

    /**
     * The bucket needs our rule. {@code proposed} is the whole configuration to PUT: every rule that was read,
     * unchanged and in order, with our rule appended (or, if our own rule had drifted, replaced in place).
     */
    record Write(BucketLifecycle proposed, LifecycleRule ourRule, WriteReason reason) implements Decision {
    }

    /** The configuration cannot take the rule; it is reported and never written. */
    record Unfixable(UnfixableReason reason) implements Decision {
    }
}
