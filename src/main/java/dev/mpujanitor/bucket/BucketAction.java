package dev.mpujanitor.bucket;

import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.LifecycleRead;

/**
 * Something the function may do to a bucket. Every action is put to the {@link Gate} before it is done; a new kind
 * of action is added here, and the compiler then asks the gate what applies to it.
 */
public sealed interface BucketAction {

    /** PutBucketLifecycleConfiguration of {@code proposed}, replacing the configuration {@code read}. */
    record WriteLifecycle(LifecycleRead read, BucketLifecycle proposed) implements BucketAction {
    }

    /** AbortMultipartUpload of one incomplete upload. */
    record AbortUpload(IncompleteUpload upload) implements BucketAction {
    }
}
