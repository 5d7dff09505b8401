package dev.mpujanitor.ports;

import java.util.function.Predicate;

/** The run's view of an account: its buckets, in name order. */
public interface BucketListing {

    /**
     * Hands every bucket of the account to {@code action} as the listing pages arrive, in name order, until
     * {@code action} answers false. Throws {@link ListingException} when a page cannot be read.
     */
    void forEachBucket(Predicate<BucketRef> action);

    /**
     * As {@link #forEachBucket(Predicate)}, for the buckets whose name starts with {@code namePrefix} only; a store
     * that can ask for just those (S3's ListBuckets takes a prefix) lists fewer pages.
     */
    default void forEachBucket(String namePrefix, Predicate<BucketRef> action) {
        forEachBucket(bucket -> !bucket.name().startsWith(namePrefix) || action.test(bucket));
    }
}
