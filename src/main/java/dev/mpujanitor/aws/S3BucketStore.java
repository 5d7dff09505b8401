package dev.mpujanitor.aws;

import dev.mpujanitor.bucket.AbortPermit;
import dev.mpujanitor.bucket.LifecyclePermit;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.PartsSize;
import dev.mpujanitor.run.S3Account;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;

/**
 * One account's S3, as the run, the bucket pipeline and the upload inventory ask for it. Every bucket-level call goes
 * to a client for the bucket's own region and carries ExpectedBucketOwner when the account is known, so a bucket
 * name that changed hands is never written. No SDK exception leaves this class.
 */
public final class S3BucketStore implements S3Account {

    /** ListBuckets returns BucketRegion only when max-buckets is sent; 1,000 is the largest page. */
    static final int LIST_PAGE_SIZE = 1_000;

    private final S3Clients clients;
    private final String expectedOwner;
    private final Runnable release;

    /**
     * The run's own account, whose clients live as long as the application: closing this store releases nothing.
     *
     * @param expectedOwner the account that must own every bucket touched; empty for S3-compatible stores
     */
    public S3BucketStore(AwsClients clients, Optional<String> expectedOwner) {
        this(clients, expectedOwner, () -> { });
    }

    /** @param release what closing this store releases: a member account's clients and credentials */
    S3BucketStore(S3Clients clients, Optional<String> expectedOwner, Runnable release) {
        this.clients = clients;
        this.expectedOwner = expectedOwner.orElse(null);
        this.release = release;
    }

    @Override
    public void close() {
        release.run();
    }

    @Override
    public void forEachBucket(Predicate<BucketRef> action) {
        listing("").forEach(action);
    }

    /**
     * S3 lists only the buckets of the prefix: a run over one bucket makes one call, not one per 1,000 buckets. A
     * store that ignores the prefix lists them all, and the run's own filter still holds. The pages are fetched
     * from now on, one ahead of the buckets handed out.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
     */
    @Override
    public Listing listing(String namePrefix) {
        S3Client s3 = clients.s3(clients.homeRegion().id());
        ListBucketsRequest request = ListBucketsRequest.builder().maxBuckets(LIST_PAGE_SIZE).prefix(namePrefix.isEmpty() ? null : namePrefix).build();
        PagesAhead<ListBucketsResponse> pages = PagesAhead.start(s3.listBucketsPaginator(request), "bucket-listing");
        return new Listing() {
            @Override
            public void forEach(Predicate<BucketRef> action) {
                try {
                    pages.forEach(page -> {
                        for (Bucket bucket : page.buckets()) {
                            if (bucket.name().startsWith(namePrefix) && !action.test(BucketRef.of(bucket.name(), bucket.bucketRegion()))) {
                                return false;
                            }
                        }
                        return true;
                    });
                } catch (SdkException e) {
                    throw new ListingException(SdkErrors.code(e), SdkErrors.message(e), e);
                }
            }

            @Override
            public void cancel() {
                pages.cancel();
            }
        };
    }

    @Override
    public BucketRef locate(BucketRef bucket) {
        if (bucket.region().isPresent()) {
            return bucket;
        }
        String constraint = call(S3Operation.GET_BUCKET_LOCATION, () -> clients.s3(clients.homeRegion().id())
                .getBucketLocation(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner))
                .locationConstraintAsString());
        return bucket.inRegion(regionOfLocationConstraint(constraint));
    }

    /**
     * Keeps the response body beside the model, for {@link XmlRoundTrip} and to tell a later read's change by: the same
     * request, no second one.
     */
    @Override
    public LifecycleRead readLifecycle(BucketRef bucket) {
        try (ResponseBodyCapture.Kept body = ResponseBodyCapture.keepOnThisThread(S3Operation.GET_BUCKET_LIFECYCLE_CONFIGURATION.operationName())) {
            GetBucketLifecycleConfigurationResponse response = s3(bucket).getBucketLifecycleConfiguration(r -> r
                    .bucket(bucket.name())
                    .expectedBucketOwner(expectedOwner));
            Optional<byte[]> sent = body.body();
            return new LifecycleRead(BucketLifecycle.of(response.rules(), response.transitionDefaultMinimumObjectSizeAsString()),
                    new XmlRoundTrip(sent, response.rules()), sent.map(bytes -> ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
        } catch (AwsServiceException e) {
            if ("NoSuchLifecycleConfiguration".equals(SdkErrors.code(e))) {
                return LifecycleRead.none();
            }
            throw translate(S3Operation.GET_BUCKET_LIFECYCLE_CONFIGURATION, e);
        } catch (SdkException e) {
            throw translate(S3Operation.GET_BUCKET_LIFECYCLE_CONFIGURATION, e);
        }
    }

    @Override
    public boolean mfaDeleteEnabled(BucketRef bucket) {
        return call(S3Operation.GET_BUCKET_VERSIONING, () -> s3(bucket)
                .getBucketVersioning(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner))
                .mfaDelete() == MFADeleteStatus.ENABLED);
    }

    @Override
    public Map<String, String> tags(BucketRef bucket) {
        try {
            Map<String, String> tags = new HashMap<>();
            s3(bucket).getBucketTagging(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner)).tagSet()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
            return tags;
        } catch (AwsServiceException e) {
            if ("NoSuchTagSet".equals(SdkErrors.code(e))) {
                return Map.of();
            }
            throw translate(S3Operation.GET_BUCKET_TAGGING, e);
        } catch (SdkException e) {
            throw translate(S3Operation.GET_BUCKET_TAGGING, e);
        }
    }

    @Override
    public void writeLifecycle(LifecyclePermit permit) {
        BucketRef bucket = permit.bucket();
        BucketLifecycle configuration = permit.configuration();
        call(S3Operation.PUT_BUCKET_LIFECYCLE_CONFIGURATION, () -> s3(bucket).putBucketLifecycleConfiguration(r -> r
                .bucket(bucket.name())
                .expectedBucketOwner(expectedOwner)
                .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(configuration.rules()).build())
                // Omitting it resets the bucket to the default small-object transition behaviour.
                .transitionDefaultMinimumObjectSize(configuration.transitionDefaultMinimumObjectSize().orElse(null))));
    }

    /**
     * Asks for the keys URL-encoded: XML 1.0 cannot carry a control character, which a key may hold, and one such key
     * would make the whole page unreadable. The SDK decodes the keys, prefixes and markers of a response that says it
     * is encoded, so the keys handed out, and the NextKeyMarker the paginator sends back, are the keys as they are.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
     */
    @Override
    public void forEachUpload(BucketRef bucket, Consumer<IncompleteUpload> action) {
        try {
            for (ListMultipartUploadsResponse page : s3(bucket).listMultipartUploadsPaginator(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner)
                    .encodingType(EncodingType.URL))) {
                page.uploads().forEach(upload -> action.accept(new IncompleteUpload(upload.key(), upload.uploadId(), upload.initiated(),
                        upload.storageClassAsString())));
            }
        } catch (SdkException e) {
            throw translate(S3Operation.LIST_MULTIPART_UPLOADS, e);
        }
    }

    @Override
    public PartsSize measureParts(BucketRef bucket, IncompleteUpload upload, int maxCalls) {
        S3Client s3 = s3(bucket);
        long bytes = 0;
        int calls = 0;
        Integer marker = null;
        while (true) {
            Integer after = marker;
            ListPartsResponse page = call(S3Operation.LIST_PARTS, () -> s3.listParts(r -> r.bucket(bucket.name()).key(upload.key())
                    .uploadId(upload.uploadId()).expectedBucketOwner(expectedOwner).partNumberMarker(after)));
            calls++;
            bytes += page.parts().stream().mapToLong(part -> part.size() == null ? 0 : part.size()).sum();
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return new PartsSize(bytes, true, calls);
            }
            if (calls >= maxCalls) {
                return new PartsSize(bytes, false, calls);
            }
            marker = page.nextPartNumberMarker();
        }
    }

    @Override
    public void abortUpload(AbortPermit permit) {
        BucketRef bucket = permit.bucket();
        IncompleteUpload upload = permit.upload();
        call(S3Operation.ABORT_MULTIPART_UPLOAD, () -> s3(bucket).abortMultipartUpload(r -> r.bucket(bucket.name()).key(upload.key())
                .uploadId(upload.uploadId()).expectedBucketOwner(expectedOwner)));
    }

    /**
     * GetBucketLocation answers an empty constraint for us-east-1 and the legacy {@code EU} for eu-west-1.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
     */
    static String regionOfLocationConstraint(String constraint) {
        if (constraint == null || constraint.isEmpty() || "null".equals(constraint)) {
            return Region.US_EAST_1.id();
        }
        return "EU".equals(constraint) ? Region.EU_WEST_1.id() : constraint;
    }

    private S3Client s3(BucketRef bucket) {
        return clients.s3(bucket.region().orElseThrow(() -> new IllegalStateException(bucket.name() + " was not located")));
    }

    private static <T> T call(S3Operation operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(operation, e);
        }
    }

    private static BucketCallException translate(S3Operation operation, SdkException e) {
        return new BucketCallException(operation.operationName(), SdkErrors.code(e), SdkErrors.message(e), e);
    }
}
