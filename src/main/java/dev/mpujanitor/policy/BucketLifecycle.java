package dev.mpujanitor.policy;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * A bucket's lifecycle configuration as S3 returned it: the rules, in order, as the SDK's own model
 * objects, and the bucket-wide {@code TransitionDefaultMinimumObjectSize} that must travel with every PUT.
 * That value is kept as the text S3 sent, not as the SDK's enum: a value newer than this SDK would read as
 * {@code UNKNOWN_TO_SDK_VERSION} and could not be written back.
 */
public record BucketLifecycle(List<LifecycleRule> rules, Optional<String> transitionDefaultMinimumObjectSize) {

    public BucketLifecycle {
        rules = List.copyOf(rules);
        transitionDefaultMinimumObjectSize = transitionDefaultMinimumObjectSize == null
                ? Optional.empty() : transitionDefaultMinimumObjectSize;
    }

    /** A bucket without a lifecycle configuration ({@code NoSuchLifecycleConfiguration}). */
    public static BucketLifecycle none() {
        return new BucketLifecycle(List.of(), Optional.empty());
    }

    public static BucketLifecycle of(List<LifecycleRule> rules, String transitionDefaultMinimumObjectSize) {
        return new BucketLifecycle(rules, Optional.ofNullable(transitionDefaultMinimumObjectSize));
    }

    BucketLifecycle withRules(List<LifecycleRule> replacement) {
        return new BucketLifecycle(replacement, transitionDefaultMinimumObjectSize);
    }
}
