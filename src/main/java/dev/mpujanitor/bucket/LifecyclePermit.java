package dev.mpujanitor.bucket;

import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketRef;

/**
 * Leave to write one lifecycle configuration to one bucket, which only the {@link Gate} issues: a
 * {@link BucketWrites} cannot be written to without one, so no write can go around the gate.
 */
public final class LifecyclePermit {

    private final BucketRef bucket;
    private final BucketLifecycle configuration;

    LifecyclePermit(BucketRef bucket, BucketLifecycle configuration) {
        this.bucket = bucket;
        this.configuration = configuration;
    }

    public BucketRef bucket() {
        return bucket;
    }

    public BucketLifecycle configuration() {
        return configuration;
    }
}
