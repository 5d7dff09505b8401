package dev.mpujanitor.policy;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

/**
 * A bucket's lifecycle configuration as S3 returned it: the rules, in order, as the SDK's own model
 * objects, and the bucket-wide transition minimum size that must travel with every PUT.
 */
public record BucketLifecycle(List<LifecycleRule> rules, Optional<TransitionDefaultMinimumObjectSize> transitionDefaultMinimumObjectSize) {

    public BucketLifecycle {
        rules = List.copyOf(rules);
        transitionDefaultMinimumObjectSize = transitionDefaultMinimumObjectSize == null
                ? Optional.empty() : transitionDefaultMinimumObjectSize;
    }

    /** A bucket without a lifecycle configuration ({@code NoSuchLifecycleConfiguration}). */
    public static BucketLifecycle none() {
        return new BucketLifecycle(List.of(), Optional.empty());
    }

    public static BucketLifecycle of(List<LifecycleRule> rules, TransitionDefaultMinimumObjectSize transitionDefaultMinimumObjectSize) {
        return new BucketLifecycle(rules, Optional.ofNullable(transitionDefaultMinimumObjectSize));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    BucketLifecycle withRules(List<LifecycleRule> replacement) {
        return new BucketLifecycle(replacement, transitionDefaultMinimumObjectSize);
    }
}
