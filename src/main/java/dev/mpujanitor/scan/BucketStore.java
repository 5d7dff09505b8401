package dev.mpujanitor.scan;

import dev.mpujanitor.policy.BucketLifecycle;
import java.util.function.Consumer;

/**
 * The S3 calls the scan makes, as the scan needs them. Implementations translate every SDK error: bucket
 * calls throw {@link BucketCallException}, listing throws {@link ScanStartException}.
 */
public interface BucketStore {

    /** Hands every bucket of the account to {@code action} as the listing pages arrive. */
    void forEachBucket(Consumer<BucketRef> action);

    /** The same bucket with its region, looked up only when the listing did not carry it. */
    BucketRef locate(BucketRef bucket);

    /** The configuration as it is now; a bucket without one reads as {@link BucketLifecycle#none()}. */
    BucketLifecycle readLifecycle(BucketRef bucket);

    boolean mfaDeleteEnabled(BucketRef bucket);

    void writeLifecycle(BucketRef bucket, BucketLifecycle configuration);
}
