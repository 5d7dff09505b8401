package dev.mpujanitor.bucket;

/**
 * The writing side of a bucket store: each write takes a permit that only the {@link Gate} issues, so that every
 * action on a bucket passes the gate by construction. Every method throws
 * {@link dev.mpujanitor.ports.BucketCallException} on failure.
 */
public interface BucketWrites {

    /** PutBucketLifecycleConfiguration of the permit's configuration. */
    void writeLifecycle(LifecyclePermit permit);

    /** AbortMultipartUpload of the permit's upload. */
    void abortUpload(AbortPermit permit);
}
