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
     * The buckets of {@code scope}, to be gone through later. A store that can ask for just those (S3's ListBuckets
     * takes a prefix, and lists no directory bucket) lists fewer pages, and one that can starts fetching them at once,
     * so that the first page is there when the run comes for it, as when it opens an account ahead.
     */
    default Listing listing(ListingScope scope) {
        return new Listing() {
            @Override
            public void forEach(Predicate<BucketRef> action) {
                forEachBucket(bucket -> !scope.includes(bucket.name()) || action.test(bucket));
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** One listing, gone through once. */
    interface Listing {
        /** As {@link BucketListing#forEachBucket}, for the listing's buckets. */
        void forEach(Predicate<BucketRef> action);

        /** Stops what was fetched ahead, for a listing that will not be gone through. */
        void cancel();
    }
}
