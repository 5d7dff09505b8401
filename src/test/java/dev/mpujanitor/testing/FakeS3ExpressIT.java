package dev.mpujanitor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListDirectoryBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListDirectoryBucketsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The real SDK's S3Client against {@link FakeS3Express} through an endpoint override. With an override, the SDK's
 * endpoint rules give every {@code --x-s3} call, Regional ones included, the session auth scheme
 * ({@code sigv4-s3express}); without one, Regional calls go to {@code s3express-control.<region>.amazonaws.com} signed
 * with plain SigV4 for {@code s3express}. So Regional calls here go through a client with S3 Express session auth
 * disabled, which the rules answer with that plain SigV4, and Zonal calls through a default client, which asks
 * CreateSession once and signs with the session it got. The last tests pin what a lone overridden client does.
 */
class FakeS3ExpressIT {

    private static final String ACCESS_KEY = "AKIAEXPRESSACCOUNT01";
    private static final String BUCKET = "janitor--use1-az4--x-s3";

    private FakeS3Express express;
    /** Regional endpoint calls: signed with the account's credentials, as the control endpoint wants them. */
    private S3Client regional;
    /** Zonal endpoint calls: signed with a session of the bucket, as on AWS. */
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        express = new FakeS3Express(ACCESS_KEY).bucket(BUCKET, "us-east-1");
        s3 = overridden().build();
        regional = overridden().disableS3ExpressSessionAuth(true).build();
    }

    private S3ClientBuilder overridden() {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(express.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "account-secret")));
    }

    @AfterEach
    void stop() {
        s3.close();
        regional.close();
        express.close();
    }

    @Test
    void listsDirectoryBucketsPageByPageOnTheRegionalEndpoint() {
        express.bucket("archive--use1-az6--x-s3", "us-east-1").bucket("zeta--use1-az4--x-s3", "us-east-1").pagingBy(2);

        List<ListDirectoryBucketsResponse> pages = regional.listDirectoryBucketsPaginator(ListDirectoryBucketsRequest.builder().build()).stream().toList();

        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).continuationToken()).isNotBlank();
        assertThat(pages.stream().flatMap(page -> page.buckets().stream()).map(b -> b.name() + "@" + b.bucketRegion()))
                .containsExactly("archive--use1-az6--x-s3@us-east-1", "janitor--use1-az4--x-s3@us-east-1", "zeta--use1-az4--x-s3@us-east-1");
        assertThat(express.calls()).extracting(FakeS3Express.Call::operation).containsOnly("ListDirectoryBuckets");
    }

    @Test
    void readsBackTheLifecycleRuleItWroteWithoutASession() {
        LifecycleRule rule = LifecycleRule.builder().id("abort-incomplete-multipart-uploads").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix("").build())
                .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().daysAfterInitiation(7).build()).build();

        regional.putBucketLifecycleConfiguration(r -> r.bucket(BUCKET).lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(rule).build()));

        assertThat(regional.getBucketLifecycleConfiguration(r -> r.bucket(BUCKET)).rules()).containsExactly(rule);
        assertThat(express.lifecycleXml(BUCKET)).hasValueSatisfying(xml -> assertThat(xml).contains("<DaysAfterInitiation>7</DaysAfterInitiation>"));
        assertThat(express.calls()).extracting(FakeS3Express.Call::operation)
                .containsExactly("PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration");
        assertThat(express.calls()).extracting(FakeS3Express.Call::accessKey).containsOnly(ACCESS_KEY);
    }

    @Test
    void listsMeasuresAndAbortsUploadsThroughOneSession() {
        String stale = express.upload(BUCKET, "logs/2026/part.bin", Instant.parse("2026-01-02T03:04:05Z"), 5L << 20, 1L << 20);
        String other = express.upload(BUCKET, "logs/2026/other.bin", Instant.parse("2026-01-03T03:04:05Z"), 7L);

        List<MultipartUpload> uploads = s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads();
        List<Part> parts = s3.listParts(r -> r.bucket(BUCKET).key("logs/2026/part.bin").uploadId(stale)).parts();
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("logs/2026/part.bin").uploadId(stale));

        assertThat(uploads).extracting(MultipartUpload::uploadId).containsExactlyInAnyOrder(stale, other);
        assertThat(uploads).extracting(MultipartUpload::storageClass).containsOnly(StorageClass.EXPRESS_ONEZONE);
        assertThat(parts).extracting(Part::size).containsExactly(5L << 20, 1L << 20);
        assertThat(express.uploads(BUCKET)).extracting(FakeS3Express.Upload::uploadId).containsExactly(other);
        List<FakeS3Express.Call> calls = express.calls();
        assertThat(calls).extracting(FakeS3Express.Call::operation)
                .containsExactly("CreateSession", "ListMultipartUploads", "ListParts", "AbortMultipartUpload");
        assertThat(calls.get(0).accessKey()).isEqualTo(ACCESS_KEY);
        assertThat(calls.subList(1, 4)).extracting(FakeS3Express.Call::accessKey).doesNotContain(ACCESS_KEY).containsOnly(calls.get(1).accessKey());
    }

    @Test
    void anAbortOfAnUploadAlreadyGoneIsNoSuchUpload() {
        assertThatThrownBy(() -> s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("gone.bin").uploadId("no-such-upload")))
                .isInstanceOf(NoSuchUploadException.class);
    }

    @Test
    void aBucketWithoutAPolicyRefusesItsReadWithNoSuchBucketPolicy() {
        assertThatThrownBy(() -> regional.getBucketPolicy(r -> r.bucket(BUCKET)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
                });
        assertThat(express.calls()).extracting(FakeS3Express.Call::operation).containsExactly("GetBucketPolicy");
    }

    @Test
    void aBucketPolicyIsReadAsItsJson() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lifecycle.s3.amazonaws.com\"},"
                + "\"Action\":\"s3express:CreateSession\",\"Resource\":\"arn:aws:s3express:us-east-1:111122223333:bucket/" + BUCKET + "\"}]}";
        express.policy(BUCKET, policy);

        assertThat(regional.getBucketPolicy(r -> r.bucket(BUCKET)).policy()).isEqualTo(policy);
    }

    @Test
    void aLoneOverriddenClientCannotListDirectoryBucketsForItWantsASessionWithoutABucket() {
        assertThatThrownBy(() -> s3.listDirectoryBuckets(r -> { })).isInstanceOf(NullPointerException.class).hasMessageContaining("Bucket must not be null");
        assertThat(express.calls()).isEmpty();
    }

    @Test
    void aLoneOverriddenClientTakesASessionForAPolicyReadWhichTheRegionalEndpointRefuses() {
        assertThatThrownBy(() -> s3.getBucketPolicy(r -> r.bucket(BUCKET)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThat(express.calls()).extracting(FakeS3Express.Call::operation).containsExactly("CreateSession", "GetBucketPolicy");
    }
}
