package dev.mpujanitor.aws;

import dev.mpujanitor.ports.BucketListing;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.ListingScope;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/**
 * One account's buckets as a run goes through them: the general purpose ones from ListBuckets and the directory ones
 * from {@link DirectoryBucketListing}, in one name order, which is what a continuation resumes by.
 */
final class AccountBuckets {

    /** ListBuckets returns BucketRegion only when max-buckets is sent; 1,000 is the largest page. */
    static final int LIST_PAGE_SIZE = 1_000;

    private final S3Clients clients;
    /** Empty when the run leaves directory buckets out. */
    private final Optional<DirectoryBucketListing> directoryBuckets;

    AccountBuckets(S3Clients clients, Optional<DirectoryBucketListing> directoryBuckets) {
        this.clients = clients;
        this.directoryBuckets = directoryBuckets;
    }

    /**
     * S3 lists only the buckets of the prefix: a run over one bucket makes one call, not one per 1,000 buckets, and
     * none of the kind it does not cover (a general purpose bucket's event lists no directory bucket). A
     * store that ignores the prefix lists them all, and the run's own filter still holds. The pages are fetched
     * from now on, one ahead of the buckets handed out, and the directory buckets beside them, on a thread of their
     * own; each is handed out in the name order of the general purpose buckets (ListBuckets lists those alone).
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
     */
    BucketListing.Listing listing(ListingScope scope) {
        String namePrefix = scope.namePrefix();
        ListBucketsRequest request = ListBucketsRequest.builder().maxBuckets(LIST_PAGE_SIZE).prefix(namePrefix.isEmpty() ? null : namePrefix).build();
        Optional<PagesAhead<ListBucketsResponse>> pages = scope.generalPurpose()
                ? Optional.of(PagesAhead.start(clients.s3(clients.homeRegion().id()).listBucketsPaginator(request), "bucket-listing"))
                : Optional.empty();
        Optional<CompletableFuture<DirectoryBucketListing.Found>> directory = directoryBuckets.filter(listing -> scope.directory())
                .map(listing -> CompletableFuture.supplyAsync(() -> listing.list(namePrefix),
                        task -> Thread.ofPlatform().daemon().name("directory-bucket-listing").start(task)));
        return new BucketListing.Listing() {
            @Override
            public void forEach(Predicate<BucketRef> action) {
                DirectoryBucketListing.Found found = directory.map(AccountBuckets::whole)
                        .orElseGet(() -> new DirectoryBucketListing.Found(List.of(), Optional.empty()));
                InNameOrder handOut = new InNameOrder(found.buckets(), action);
                try {
                    pages.ifPresent(generalPurpose -> generalPurpose.forEach(page -> {
                        for (Bucket bucket : page.buckets()) {
                            if (scope.includes(bucket.name()) && !handOut.test(BucketRef.of(bucket.name(), bucket.bucketRegion()))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                } catch (SdkException e) {
                    throw new ListingException(SdkErrors.code(e), SdkErrors.message(e), e);
                }
                if (handOut.rest() && found.failure().isPresent()) {
                    throw found.failure().get();
                }
            }

            @Override
            public void cancel() {
                pages.ifPresent(PagesAhead::cancel);
                // Its few calls, one per Region, run to their end; their answer is dropped.
                directory.ifPresent(listing -> listing.cancel(false));
            }
        };
    }

    /**
     * Hands out each general purpose bucket listed, and before it the directory buckets whose names come first, until
     * the action answers false; then, with {@link #rest}, the directory buckets after the last one.
     */
    private static final class InNameOrder implements Predicate<BucketRef> {
        private final Iterator<BucketRef> directoryBuckets;
        private final Predicate<BucketRef> action;
        private BucketRef nextDirectoryBucket;
        private boolean stopped;

        InNameOrder(List<BucketRef> directoryBuckets, Predicate<BucketRef> action) {
            this.directoryBuckets = directoryBuckets.iterator();
            this.action = action;
            advance();
        }

        @Override
        public boolean test(BucketRef generalPurpose) {
            while (nextDirectoryBucket != null && nextDirectoryBucket.name().compareTo(generalPurpose.name()) < 0) {
                if (!handOut(nextDirectoryBucket)) {
                    return false;
                }
                advance();
            }
            return handOut(generalPurpose);
        }

        /** The directory buckets not handed out yet; false when the action stopped the listing, here or before. */
        boolean rest() {
            while (!stopped && nextDirectoryBucket != null) {
                handOut(nextDirectoryBucket);
                advance();
            }
            return !stopped;
        }

        private boolean handOut(BucketRef bucket) {
            stopped = !action.test(bucket);
            return !stopped;
        }

        private void advance() {
            nextDirectoryBucket = directoryBuckets.hasNext() ? directoryBuckets.next() : null;
        }
    }

    /** The directory buckets' listing, waited for; what it threw, thrown here. */
    private static DirectoryBucketListing.Found whole(CompletableFuture<DirectoryBucketListing.Found> listing) {
        try {
            return listing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }
}
