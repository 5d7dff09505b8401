package dev.mpujanitor.scan;

import dev.mpujanitor.policy.BucketLifecycle;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The S3 calls the scan makes, as the scan needs them. Implementations translate every SDK error: bucket
 * calls throw {@link BucketCallException}, listing throws {@link ScanStartException}.
 */
public interface BucketStore {

    /**
     * Hands every bucket of the account to {@code action} as the listing pages arrive, in name order, until
     * {@code action} answers false.
     */
    void forEachBucket(Predicate<BucketRef> action);

    /** The same bucket with its region, looked up only when the listing did not carry it. */
    BucketRef locate(BucketRef bucket);

    /** The configuration as it is now; a bucket without one reads as {@link BucketLifecycle#none()}. */
    BucketLifecycle readLifecycle(BucketRef bucket);

    boolean mfaDeleteEnabled(BucketRef bucket);

    /** The bucket's tags; a bucket without any has none ({@code NoSuchTagSet} is not an error). */
    Map<String, String> tags(BucketRef bucket);

    void writeLifecycle(BucketRef bucket, BucketLifecycle configuration);

    /** Hands every incomplete multipart upload of the bucket to {@code action} as the listing pages arrive. */
    void forEachUpload(BucketRef bucket, Consumer<IncompleteUpload> action);

    /** Adds up the sizes of an upload's parts, reading at most {@code maxCalls} pages of them. */
    PartsSize measureParts(BucketRef bucket, IncompleteUpload upload, int maxCalls);

    void abortUpload(BucketRef bucket, IncompleteUpload upload);
}
