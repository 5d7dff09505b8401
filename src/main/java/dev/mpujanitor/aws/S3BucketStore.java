package dev.mpujanitor.aws;

import dev.mpujanitor.bucket.AbortPermit;
import dev.mpujanitor.bucket.LifecyclePermit;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.ports.ListingScope;
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
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;

/**
 * One account's S3, as the run, the bucket pipeline and the upload inventory ask for it. Every bucket-level call goes
 * to a client for the bucket's own region and carries ExpectedBucketOwner when the account is known, so a bucket
 * name that changed hands is never written. No SDK exception leaves this class.
 */
public final class S3BucketStore implements S3Account {

    private final S3Clients clients;
    private final String expectedOwner;
    private final AccountBuckets buckets;
    private final Runnable release;

    /**
     * The run's own account, whose clients live as long as the application: closing this store releases nothing.
     *
     * @param expectedOwner the account that must own every bucket touched; empty for S3-compatible stores
     * @param directoryBuckets whether directory buckets are listed too
     */
    public S3BucketStore(AwsClients clients, Optional<String> expectedOwner, boolean directoryBuckets) {
        this(clients, expectedOwner, directoryBuckets, () -> { });
    }

    /** @param release what closing this store releases: a member account's clients and credentials */
    S3BucketStore(S3Clients clients, Optional<String> expectedOwner, boolean directoryBuckets, Runnable release) {
        this.clients = clients;
        this.expectedOwner = expectedOwner.orElse(null);
        this.buckets = new AccountBuckets(clients,
                directoryBuckets ? Optional.of(new DirectoryBucketListing(clients, DirectoryBucketRegions.ALL)) : Optional.empty());
        this.release = release;
    }

    @Override
    public void close() {
        release.run();
    }

    @Override
    public void forEachBucket(Predicate<BucketRef> action) {
        listing(ListingScope.EVERY_BUCKET).forEach(action);
    }

    /** Both kinds of bucket, in one name order ({@link AccountBuckets}). */
    @Override
    public Listing listing(ListingScope scope) {
        return buckets.listing(scope);
    }

    /** A directory bucket is always listed with its Region (ListDirectoryBuckets gives it): none is looked up. */
    @Override
    public BucketRef locate(BucketRef bucket) {
        if (bucket.region().isPresent()) {
            return bucket;
        }
        if (bucket.directory()) {
            throw new BucketCallException(S3Operation.GET_BUCKET_LOCATION.operationName(), "UnknownRegion",
                    "a directory bucket has no location to look up, and none was given", null);
        }
        String constraint = call(S3Operation.GET_BUCKET_LOCATION, () -> clients.s3(clients.homeRegion().id())
                .getBucketLocation(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner))
                .locationConstraintAsString());
        return bucket.inRegion(regionOfLocationConstraint(constraint));
    }

    /**
     * Keeps the response body beside the model, for {@link XmlRoundTrip} and to tell a later read's change by: the same
     * request, no second one. A directory bucket's is read on its Regional endpoint, without the expected owner,
     * which applies to general purpose buckets only.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html
     */
    @Override
    public LifecycleRead readLifecycle(BucketRef bucket) {
        S3Operation operation = bucket.directory() ? S3Operation.GET_DIRECTORY_BUCKET_LIFECYCLE_CONFIGURATION : S3Operation.GET_BUCKET_LIFECYCLE_CONFIGURATION;
        try (ResponseBodyCapture.Kept body = ResponseBodyCapture.keepOnThisThread(operation.operationName())) {
            GetBucketLifecycleConfigurationResponse response = regional(bucket).getBucketLifecycleConfiguration(r -> r
                    .bucket(bucket.name())
                    .expectedBucketOwner(ownerOfConfiguration(bucket)));
            Optional<byte[]> sent = body.body();
            return new LifecycleRead(BucketLifecycle.of(response.rules(), response.transitionDefaultMinimumObjectSizeAsString()),
                    new XmlRoundTrip(sent, response.rules()), sent.map(bytes -> ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
        } catch (AwsServiceException e) {
            if ("NoSuchLifecycleConfiguration".equals(SdkErrors.code(e))) {
                return LifecycleRead.none();
            }
            throw translate(operation, e);
        } catch (SdkException e) {
            throw translate(operation, e);
        }
    }

    /** A directory bucket has no versioning, so no MFA Delete. */
    @Override
    public boolean mfaDeleteEnabled(BucketRef bucket) {
        if (bucket.directory()) {
            return false;
        }
        return call(S3Operation.GET_BUCKET_VERSIONING, () -> s3(bucket)
                .getBucketVersioning(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner))
                .mfaDelete() == MFADeleteStatus.ENABLED);
    }

    @Override
    public Map<String, String> tags(BucketRef bucket) {
        if (bucket.directory()) {
            return directoryBucketTags(bucket);
        }
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

    /**
     * A directory bucket's tags are S3 Control's, by the bucket's ARN and the account's ID.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_ListTagsForResource.html
     */
    private Map<String, String> directoryBucketTags(BucketRef bucket) {
        String account = accountOf(bucket, S3Operation.LIST_DIRECTORY_BUCKET_TAGS);
        Map<String, String> tags = new HashMap<>();
        call(S3Operation.LIST_DIRECTORY_BUCKET_TAGS, () -> clients.s3Control(regionOf(bucket))
                .listTagsForResource(r -> r.accountId(account).resourceArn(directoryBucketArn(bucket, account))))
                .tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /**
     * Reads a directory bucket's policy on its Regional endpoint, without the expected owner, which fails this call
     * there; a bucket without one answers NoSuchBucketPolicy.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
     */
    @Override
    public LifecycleAccess lifecycleAccess(BucketRef bucket) {
        String arn = directoryBucketArn(bucket, accountOf(bucket, S3Operation.GET_DIRECTORY_BUCKET_POLICY));
        try {
            return LifecycleGrant.assess(arn, Optional.ofNullable(regional(bucket).getBucketPolicy(r -> r.bucket(bucket.name())).policy()));
        } catch (AwsServiceException e) {
            if ("NoSuchBucketPolicy".equals(SdkErrors.code(e))) {
                return LifecycleGrant.assess(arn, Optional.empty());
            }
            throw translate(S3Operation.GET_DIRECTORY_BUCKET_POLICY, e);
        } catch (SdkException e) {
            throw translate(S3Operation.GET_DIRECTORY_BUCKET_POLICY, e);
        }
    }

    /**
     * A directory bucket takes neither the expected owner nor TransitionDefaultMinimumObjectSize on this call: both
     * apply to general purpose buckets only, and a directory bucket has no transitions.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
     */
    @Override
    public void writeLifecycle(LifecyclePermit permit) {
        BucketRef bucket = permit.bucket();
        BucketLifecycle configuration = permit.configuration();
        S3Operation operation = bucket.directory() ? S3Operation.PUT_DIRECTORY_BUCKET_LIFECYCLE_CONFIGURATION : S3Operation.PUT_BUCKET_LIFECYCLE_CONFIGURATION;
        call(operation, () -> regional(bucket).putBucketLifecycleConfiguration(r -> r
                .bucket(bucket.name())
                .expectedBucketOwner(ownerOfConfiguration(bucket))
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
            for (ListMultipartUploadsResponse page : zonal(bucket).listMultipartUploadsPaginator(r -> r.bucket(bucket.name()).expectedBucketOwner(expectedOwner)
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
        S3Client s3 = zonal(bucket);
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
        call(S3Operation.ABORT_MULTIPART_UPLOAD, () -> zonal(bucket).abortMultipartUpload(r -> r.bucket(bucket.name()).key(upload.key())
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
        return clients.s3(regionOf(bucket));
    }

    /** Where a bucket's configuration is read and written: a directory bucket's Regional endpoint. */
    private S3Client regional(BucketRef bucket) {
        return bucket.directory() ? clients.s3(regionOf(bucket), S3Endpoint.DIRECTORY_REGIONAL) : s3(bucket);
    }

    /** Where a bucket's uploads are listed and aborted: a directory bucket's Zonal endpoint. */
    private S3Client zonal(BucketRef bucket) {
        return bucket.directory() ? clients.s3(regionOf(bucket), S3Endpoint.DIRECTORY_ZONAL) : s3(bucket);
    }

    /** The expected owner of a lifecycle configuration call, which a directory bucket does not take. */
    private String ownerOfConfiguration(BucketRef bucket) {
        return bucket.directory() ? null : expectedOwner;
    }

    private static String regionOf(BucketRef bucket) {
        return bucket.region().orElseThrow(() -> new IllegalStateException(bucket.name() + " was not located"));
    }

    /** The account a directory bucket's ARN names; an S3-compatible store's has none, so the call cannot be made. */
    private String accountOf(BucketRef bucket, S3Operation operation) {
        if (expectedOwner == null) {
            throw new BucketCallException(operation.operationName(), "NoAccountId",
                    "a directory bucket's ARN needs its account's ID, and the run does not know it: give an STS endpoint", null);
        }
        return expectedOwner;
    }

    /** arn:{partition}:s3express:{region}:{account}:bucket/{name}, as the Service Authorization Reference gives it. */
    private static String directoryBucketArn(BucketRef bucket, String account) {
        String region = regionOf(bucket);
        return "arn:" + PartitionMetadata.of(Region.of(region)).id() + ":s3express:" + region + ":" + account + ":bucket/" + bucket.name();
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
