package dev.mpujanitor.ports;

import dev.mpujanitor.policy.BucketLifecycle;

/** A bucket's lifecycle configuration as the SDK's model holds it, and how to check a write against what S3 sent. */
public record LifecycleRead(BucketLifecycle configuration, RoundTrip roundTrip) {

    /** The bucket has no lifecycle configuration. */
    public static LifecycleRead none() {
        return new LifecycleRead(BucketLifecycle.none(), RoundTrip.NOTHING_TO_LOSE);
    }

    public int rules() {
        return configuration.rules().size();
    }
}
