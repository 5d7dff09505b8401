package dev.mpujanitor.ports;

import java.util.Map;

/**
 * The bucket pipeline's reading view of one bucket: where it is, its lifecycle configuration, and the facts the gate
 * reads before a write; writing takes the gate's permit (the bucket package's {@code BucketWrites}). Every method throws {@link BucketCallException} on failure.
 */
public interface BucketStore {

    /** The same bucket with its region, looked up only when the listing did not carry it. */
    BucketRef locate(BucketRef bucket);

    /** The configuration as it is now; a bucket without one reads as {@link LifecycleRead#none()}. */
    LifecycleRead readLifecycle(BucketRef bucket);

    /** The bucket's tags; a bucket without any has none ({@code NoSuchTagSet} is not an error). */
    Map<String, String> tags(BucketRef bucket);

    /** False without a call for a directory bucket, which has no versioning. */
    boolean mfaDeleteEnabled(BucketRef bucket);

    /** Whether a directory bucket's policy lets S3 Lifecycle act on it, so that a rule does something. */
    LifecycleAccess lifecycleAccess(BucketRef bucket);
}
