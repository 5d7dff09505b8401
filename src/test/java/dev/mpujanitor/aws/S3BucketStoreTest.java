package dev.mpujanitor.aws;

import dev.mpujanitor.bucket.Permits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.ListingScope;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.ListingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.Answers;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

/**
 * The adapter's contract with the scan, pinned where S3Mock and RGW cannot show it: S3's error codes,
 * ExpectedBucketOwner and the TransitionDefaultMinimumObjectSize header.
 */
class S3BucketStoreTest {

    private static final String OWNER = "123456789012";
    private static final BucketRef BUCKET = BucketRef.of("reports", "eu-west-1");

    // The SDK's consumer-builder overloads are default methods that delegate to the request-object ones.
    private final S3Client s3 = mock(S3Client.class, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
    private final AwsClients clients = mock(AwsClients.class);
    private final S3BucketStore store = new S3BucketStore(clients, Optional.of(OWNER), false);

    @BeforeEach
    void clientsForEveryRegionAreTheMock() {
        when(clients.homeRegion()).thenReturn(Region.US_EAST_1);
        when(clients.s3(any())).thenReturn(s3);
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
    }

    @Test
    void noSuchLifecycleConfigurationReadsAsAnEmptyConfiguration() {
        doThrow(s3Error(404, "NoSuchLifecycleConfiguration")).when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));

        assertThat(store.readLifecycle(BUCKET).configuration()).isEqualTo(BucketLifecycle.none());
    }

    @Test
    void noConfigurationTwiceIsNoChange() {
        doThrow(s3Error(404, "NoSuchLifecycleConfiguration")).when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));

        assertThat(store.readLifecycle(BUCKET).unchangedSince(store.readLifecycle(BUCKET))).isTrue();
    }

    /** Here no interceptor keeps the body, as when a response is handled on another thread: the write must not go. */
    @Test
    void aConfigurationWhoseBodyWasNotKeptCountsAsChanged() {
        doReturn(GetBucketLifecycleConfigurationResponse.builder().build()).when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));

        assertThat(store.readLifecycle(BUCKET).unchangedSince(store.readLifecycle(BUCKET))).isFalse();
    }

    @ParameterizedTest(name = "{1} on read is FAILED({1})")
    @CsvSource({"403,AccessDenied", "404,NoSuchBucket", "503,SlowDown", "409,OperationAborted", "500,InternalError"})
    void anyOtherReadErrorIsTranslatedWithItsCode(int status, String code) {
        doThrow(s3Error(status, code)).when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));

        assertThatThrownBy(() -> store.readLifecycle(BUCKET))
                .isInstanceOfSatisfying(BucketCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.operation()).isEqualTo("GetBucketLifecycleConfiguration");
                });
    }

    @Test
    void anErrorWithoutCodeIsNamedByItsHttpStatus() {
        doThrow(S3Exception.builder().statusCode(502).build()).when(s3).getBucketVersioning(any(GetBucketVersioningRequest.class));

        assertThatThrownBy(() -> store.mfaDeleteEnabled(BUCKET))
                .isInstanceOfSatisfying(BucketCallException.class, e -> assertThat(e.errorCode()).isEqualTo("HTTP502"));
    }

    @Test
    void aClientSideFailureIsTranslatedAndNamedByItsType() {
        doThrow(SdkClientException.create("connection reset")).when(s3).putBucketLifecycleConfiguration(any(PutBucketLifecycleConfigurationRequest.class));

        assertThatThrownBy(() -> store.writeLifecycle(Permits.toWrite(BUCKET, BucketLifecycle.none())))
                .isInstanceOfSatisfying(BucketCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("SdkClientException");
                    assertThat(e.operation()).isEqualTo("PutBucketLifecycleConfiguration");
                });
    }

    @Test
    void theReadKeepsTheRulesAndTheTransitionMinimumSize() {
        LifecycleRule rule = LifecycleRule.builder().id("keep").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("a/")).expiration(e -> e.days(3)).build();
        doReturn(GetBucketLifecycleConfigurationResponse.builder().rules(rule)
                .transitionDefaultMinimumObjectSize(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS).build())
                .when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));

        BucketLifecycle read = store.readLifecycle(BUCKET).configuration();

        assertThat(read.rules()).containsExactly(rule);
        assertThat(read.transitionDefaultMinimumObjectSize()).contains("varies_by_storage_class");
    }

    /**
     * "If you don't specify [x-amz-transition-default-minimum-object-size] ... the default behavior ... will be
     * applied": a PUT without it silently resets a bucket that chose varies_by_storage_class.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
     */
    @Test
    void theWriteCarriesTheTransitionMinimumSizeAndEveryRule() {
        doReturn(PutBucketLifecycleConfigurationResponse.builder().build()).when(s3).putBucketLifecycleConfiguration(any(PutBucketLifecycleConfigurationRequest.class));
        LifecycleRule rule = LifecycleRule.builder().id("keep").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("a/")).expiration(e -> e.days(3)).build();

        store.writeLifecycle(Permits.toWrite(BUCKET, BucketLifecycle.of(List.of(rule), "varies_by_storage_class")));

        ArgumentCaptor<PutBucketLifecycleConfigurationRequest> put = ArgumentCaptor.forClass(PutBucketLifecycleConfigurationRequest.class);
        verify(s3).putBucketLifecycleConfiguration(put.capture());
        assertThat(put.getValue().transitionDefaultMinimumObjectSize()).isEqualTo(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS);
        assertThat(put.getValue().lifecycleConfiguration().rules()).containsExactly(rule);
        assertThat(put.getValue().bucket()).isEqualTo("reports");
    }

    @Test
    void aTransitionMinimumSizeThisSdkDoesNotKnowIsWrittenBackVerbatim() {
        doReturn(GetBucketLifecycleConfigurationResponse.builder().transitionDefaultMinimumObjectSize("a_value_from_the_future").build())
                .when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));
        doReturn(PutBucketLifecycleConfigurationResponse.builder().build()).when(s3).putBucketLifecycleConfiguration(any(PutBucketLifecycleConfigurationRequest.class));

        store.writeLifecycle(Permits.toWrite(BUCKET, store.readLifecycle(BUCKET).configuration()));

        ArgumentCaptor<PutBucketLifecycleConfigurationRequest> put = ArgumentCaptor.forClass(PutBucketLifecycleConfigurationRequest.class);
        verify(s3).putBucketLifecycleConfiguration(put.capture());
        assertThat(put.getValue().transitionDefaultMinimumObjectSizeAsString()).isEqualTo("a_value_from_the_future");
    }

    /**
     * ExpectedBucketOwner makes S3 answer 403 instead of acting on a bucket that now belongs to someone else.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
     */
    @Test
    void aDirectoryBucketHasNoVersioningToReadSoNoCallIsMadeForIt() {
        assertThat(store.mfaDeleteEnabled(BucketRef.of("analytics--use1-az4--x-s3", "us-east-1"))).isFalse();

        verifyNoInteractions(s3);
    }

    @Test
    void everyBucketLevelCallNamesTheExpectedOwner() {
        doReturn(GetBucketLocationResponse.builder().locationConstraint("eu-west-1").build()).when(s3).getBucketLocation(any(GetBucketLocationRequest.class));
        doReturn(GetBucketLifecycleConfigurationResponse.builder().build()).when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));
        doReturn(GetBucketVersioningResponse.builder().build()).when(s3).getBucketVersioning(any(GetBucketVersioningRequest.class));
        doReturn(PutBucketLifecycleConfigurationResponse.builder().build()).when(s3).putBucketLifecycleConfiguration(any(PutBucketLifecycleConfigurationRequest.class));

        BucketRef located = store.locate(BucketRef.of("old", null));
        store.readLifecycle(located);
        store.mfaDeleteEnabled(located);
        store.writeLifecycle(Permits.toWrite(located, BucketLifecycle.none()));

        ArgumentCaptor<GetBucketLocationRequest> location = ArgumentCaptor.forClass(GetBucketLocationRequest.class);
        ArgumentCaptor<GetBucketLifecycleConfigurationRequest> read = ArgumentCaptor.forClass(GetBucketLifecycleConfigurationRequest.class);
        ArgumentCaptor<GetBucketVersioningRequest> versioning = ArgumentCaptor.forClass(GetBucketVersioningRequest.class);
        ArgumentCaptor<PutBucketLifecycleConfigurationRequest> write = ArgumentCaptor.forClass(PutBucketLifecycleConfigurationRequest.class);
        verify(s3).getBucketLocation(location.capture());
        verify(s3).getBucketLifecycleConfiguration(read.capture());
        verify(s3).getBucketVersioning(versioning.capture());
        verify(s3).putBucketLifecycleConfiguration(write.capture());
        assertThat(List.of(location.getValue().expectedBucketOwner(), read.getValue().expectedBucketOwner(),
                versioning.getValue().expectedBucketOwner(), write.getValue().expectedBucketOwner())).containsOnly(OWNER);
        assertThat(located.region()).contains("eu-west-1");
    }

    @Test
    void withoutAKnownAccountNoOwnerIsSent() {
        doReturn(GetBucketLifecycleConfigurationResponse.builder().build()).when(s3).getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class));

        new S3BucketStore(clients, Optional.empty(), false).readLifecycle(BUCKET);

        ArgumentCaptor<GetBucketLifecycleConfigurationRequest> read = ArgumentCaptor.forClass(GetBucketLifecycleConfigurationRequest.class);
        verify(s3).getBucketLifecycleConfiguration(read.capture());
        assertThat(read.getValue().expectedBucketOwner()).isNull();
    }

    @Test
    void aBucketWithoutTagsHasNoneAndThatIsNotAnError() {
        doThrow(s3Error(404, "NoSuchTagSet")).when(s3).getBucketTagging(any(software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest.class));

        assertThat(store.tags(BUCKET)).isEmpty();
    }

    @Test
    void tagsAreReadAsKeysAndValues() {
        doReturn(software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse.builder()
                .tagSet(Tag.builder().key("aws:cloudformation:stack-name").value("data").build(), Tag.builder().key("team").value("x").build()).build())
                .when(s3).getBucketTagging(any(software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest.class));

        assertThat(store.tags(BUCKET)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("aws:cloudformation:stack-name", "data", "team", "x"));
    }

    @Test
    void mfaDeleteIsSeenOnlyWhenEnabled() {
        doReturn(GetBucketVersioningResponse.builder().mfaDelete(MFADeleteStatus.ENABLED).build()).when(s3).getBucketVersioning(any(GetBucketVersioningRequest.class));
        assertThat(store.mfaDeleteEnabled(BUCKET)).isTrue();

        doReturn(GetBucketVersioningResponse.builder().mfaDelete(MFADeleteStatus.DISABLED).build()).when(s3).getBucketVersioning(any(GetBucketVersioningRequest.class));
        assertThat(store.mfaDeleteEnabled(BUCKET)).isFalse();
    }

    /**
     * "XML 1.0 parser cannot parse some characters, such as characters with an ASCII value from 0 to 10. For characters
     * that are not supported in XML 1.0, you can add this parameter to request that Amazon S3 encode the keys in the
     * response." https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
     */
    @Test
    void uploadsAreListedWithTheirKeysUrlEncodedOnEveryPage() {
        ArgumentCaptor<ListMultipartUploadsRequest> requests = ArgumentCaptor.forClass(ListMultipartUploadsRequest.class);
        doReturn(ListMultipartUploadsResponse.builder().isTruncated(true).nextKeyMarker("report\u0001.csv").nextUploadIdMarker("u1")
                        .uploads(MultipartUpload.builder().key("report\u0001.csv").uploadId("u1").build()).build(),
                ListMultipartUploadsResponse.builder().isTruncated(false).uploads(MultipartUpload.builder().key("z").uploadId("u2").build()).build())
                .when(s3).listMultipartUploads(requests.capture());
        List<String> keys = new ArrayList<>();

        store.forEachUpload(BUCKET, upload -> keys.add(upload.key()));

        assertThat(keys).containsExactly("report\u0001.csv", "z");
        assertThat(requests.getAllValues()).extracting(ListMultipartUploadsRequest::encodingType).containsOnly(EncodingType.URL);
        assertThat(requests.getAllValues().get(1).keyMarker()).isEqualTo("report\u0001.csv");
    }

    /** "BucketRegion ... is returned only when max-buckets is specified." https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html */
    @Test
    void listingAlwaysSendsMaxBucketsAndFollowsEveryPage() {
        ArgumentCaptor<ListBucketsRequest> requests = ArgumentCaptor.forClass(ListBucketsRequest.class);
        doReturn(ListBucketsResponse.builder().buckets(Bucket.builder().name("a").bucketRegion("eu-west-1").build()).continuationToken("next").build(),
                ListBucketsResponse.builder().buckets(Bucket.builder().name("b").build()).build())
                .when(s3).listBuckets(requests.capture());
        List<BucketRef> listed = new ArrayList<>();

        store.forEachBucket(listed::add);

        assertThat(listed).containsExactly(BucketRef.of("a", "eu-west-1"), BucketRef.of("b", null));
        assertThat(requests.getAllValues()).extracting(ListBucketsRequest::maxBuckets).containsOnly(AccountBuckets.LIST_PAGE_SIZE);
        assertThat(requests.getAllValues().get(1).continuationToken()).isEqualTo("next");
    }

    /** A run over named buckets asks S3 for their prefix only; a store that ignores it still yields those alone. */
    @Test
    void aListingByPrefixAsksForThePrefixAndYieldsOnlyItsBuckets() {
        ArgumentCaptor<ListBucketsRequest> requests = ArgumentCaptor.forClass(ListBucketsRequest.class);
        doReturn(ListBucketsResponse.builder().buckets(Bucket.builder().name("logs").bucketRegion("eu-west-1").build(),
                Bucket.builder().name("logs-2026").bucketRegion("eu-west-1").build(), Bucket.builder().name("other").bucketRegion("eu-west-1").build()).build())
                .when(s3).listBuckets(requests.capture());
        List<BucketRef> listed = new ArrayList<>();

        store.listing(new ListingScope("logs", true, true)).forEach(listed::add);

        assertThat(listed).extracting(BucketRef::name).containsExactly("logs", "logs-2026");
        assertThat(requests.getValue().prefix()).isEqualTo("logs");
        assertThat(requests.getValue().maxBuckets()).isEqualTo(AccountBuckets.LIST_PAGE_SIZE);
    }

    @Test
    void aWholeListingSendsNoPrefix() {
        ArgumentCaptor<ListBucketsRequest> requests = ArgumentCaptor.forClass(ListBucketsRequest.class);
        doReturn(ListBucketsResponse.builder().build()).when(s3).listBuckets(requests.capture());

        store.forEachBucket(bucket -> true);

        assertThat(requests.getValue().prefix()).isNull();
    }

    @Test
    void aRefusedListingMeansTheScanCannotStart() {
        doThrow(s3Error(403, "AccessDenied")).when(s3).listBuckets(any(ListBucketsRequest.class));

        assertThatThrownBy(() -> store.forEachBucket(bucket -> true))
                .isInstanceOfSatisfying(ListingException.class, e -> assertThat(e.errorCode()).isEqualTo("AccessDenied"));
    }

    @ParameterizedTest(name = "location constraint \"{0}\" is region {1}")
    @CsvSource(value = {"'',us-east-1", "EU,eu-west-1", "eu-central-1,eu-central-1", "NULL,us-east-1"}, nullValues = "NULL")
    void locationConstraintsMapToRegions(String constraint, String region) {
        assertThat(S3BucketStore.regionOfLocationConstraint(constraint)).isEqualTo(region);
    }
}
