package dev.mpujanitor.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvocationTest {

    /** The role of the samples' own write, as STS would name a session of it. */
    private static final IamRole FUNCTION_ROLE = new IamRole("aws", "123456789012", "mpu-janitor-JanitorFunctionRole-ABCDEF123456");

    @Test
    void theSchedulesEventRunsAWholeScan() {
        Map<String, Object> scheduled = Map.of("version", "0", "id", "x", "detail-type", "Scheduled Event", "source", "aws.events",
                "account", "123456789012", "time", "2026-11-25T06:00:00Z", "region", "us-east-1", "resources", List.of(), "detail", Map.of());

        assertThat(Invocation.fromPayload(scheduled)).isEqualTo(new Invocation.Scan());
    }

    @Test
    void anEmptyOrMissingPayloadRunsAWholeScan() {
        assertThat(Invocation.fromPayload(Map.of())).isEqualTo(new Invocation.Scan());
        assertThat(Invocation.fromPayload(null)).isEqualTo(new Invocation.Scan());
    }

    @Test
    void aContinuationResumesFromItsBucket() {
        Invocation invocation = Invocation.fromPayload(Map.of("resumeFrom", "logs-2024", "chain", 3));

        assertThat(invocation).isEqualTo(new Invocation.Continuation("logs-2024", Optional.empty(), 3));
        assertThat(invocation.chain()).isEqualTo(3);
        assertThat(((Invocation.Continuation) invocation).payload()).containsEntry("resumeFrom", "logs-2024").containsEntry("chain", 3);
    }

    @Test
    void aContinuationOverAnOrganizationResumesInItsAccountEvenFromItsFirstBucket() {
        Invocation invocation = Invocation.fromPayload(Map.of("resumeFrom", "", "account", "222222222222", "chain", 2));

        assertThat(invocation).isEqualTo(new Invocation.Continuation("", Optional.of("222222222222"), 2));
        assertThat(((Invocation.Continuation) invocation).payload())
                .containsExactly(Map.entry("resumeFrom", ""), Map.entry("account", "222222222222"), Map.entry("chain", 2));
        assertThat(Invocation.fromPayload(((Invocation.Continuation) invocation).payload())).isEqualTo(invocation);
    }

    @Test
    void aContinuationsAccountMustBeAnAccountId() {
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "account", "2222", "chain", 1)))
                .hasMessageContaining("account must be a 12-digit account ID, was '2222'");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "account", 222222222222L, "chain", 1)))
                .hasMessageContaining("account must be a 12-digit account ID");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "", "chain", 1)))
                .as("only a continuation into an account may start at its first bucket").hasMessageContaining("resumeFrom must be a bucket name");
    }

    @Test
    void unknownFieldsAreRejectedByName() {
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", 1, "force", true)))
                .isInstanceOf(Invocation.InvalidInvocationException.class).hasMessageContaining("[force]");
    }

    @Test
    void badContinuationValuesAreRejected() {
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", 0))).hasMessageContaining("chain must be between 1 and 8");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", 9))).hasMessageContaining("chain must be between 1 and 8");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "a", "chain", "2"))).hasMessageContaining("chain must be a whole number");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", "", "chain", 1))).hasMessageContaining("resumeFrom must be a bucket name");
        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("resumeFrom", 7, "chain", 1))).hasMessageContaining("resumeFrom must be a bucket name, was 7");
        Map<String, Object> noName = new HashMap<>();
        noName.put("chain", 1);
        assertThatThrownBy(() -> Invocation.fromPayload(noName)).hasMessageContaining("resumeFrom must be a bucket name, was absent");
    }

    private static Map<String, Object> sample(String name) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(java.nio.file.Path.of("events", name).toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCloudTrailEventOfABucketIsThatBucketsChangeWithWhoWhenAndWhere() {
        Invocation invocation = Invocation.fromPayload(sample("cloudtrail-put-bucket-lifecycle.json"));

        assertThat(invocation).isInstanceOfSatisfying(Invocation.BucketChanged.class, event -> {
            assertThat(event.bucket()).isEqualTo("my-data-lake");
            assertThat(event.account()).isEqualTo("123456789012");
            assertThat(event.eventName()).isEqualTo("PutBucketLifecycle");
            assertThat(event.source()).isEqualTo(Invocation.BucketChanged.Source.S3);
            assertThat(event.directoryBucket()).isFalse();
            assertThat(event.principalArn()).contains("arn:aws:sts::123456789012:assumed-role/terraform-deployer/terraform-ci-4711");
            assertThat(event.eventTime()).isEqualTo(java.time.Instant.parse(sample("cloudtrail-put-bucket-lifecycle.json").get("time").toString()));
            assertThat(event.awsRegion()).isEqualTo("us-east-1");
            assertThat(event.errorCode()).isEmpty();
            assertThat(event.sessionIssuerArn()).contains("arn:aws:iam::123456789012:role/terraform-deployer");
            assertThat(event.ignoredBecause(Optional.of("123456789012"))).isEmpty();
            assertThat(event.madeBy(FUNCTION_ROLE)).isFalse();
        });
    }

    @Test
    void aDirectoryBucketsCloudTrailEventIsThatBucketsChangeWithWhoWhenAndWhere() {
        Invocation invocation = Invocation.fromPayload(sample("cloudtrail-directory-put-bucket-lifecycle-configuration.json"));

        assertThat(invocation).isInstanceOfSatisfying(Invocation.BucketChanged.class, event -> {
            assertThat(event.bucket()).isEqualTo("analytics--use1-az4--x-s3");
            assertThat(event.source()).isEqualTo(Invocation.BucketChanged.Source.S3_EXPRESS);
            assertThat(event.directoryBucket()).isTrue();
            assertThat(event.account()).isEqualTo("123456789012");
            assertThat(event.eventName()).isEqualTo("PutBucketLifecycleConfiguration");
            assertThat(event.principalArn()).contains("arn:aws:sts::123456789012:assumed-role/terraform-deployer/terraform-ci-4712");
            assertThat(event.sessionIssuerArn()).contains("arn:aws:iam::123456789012:role/terraform-deployer");
            assertThat(event.eventTime()).isEqualTo(java.time.Instant.parse("2025-11-25T14:20:08Z"));
            assertThat(event.awsRegion()).isEqualTo("us-east-1");
            assertThat(event.errorCode()).isEmpty();
            assertThat(event.ignoredBecause(Optional.of("123456789012"))).isEmpty();
            assertThat(event.madeBy(FUNCTION_ROLE)).isFalse();
        });
    }

    @Test
    void everyBucketSampleIsABucketChangeAndTheScheduleSampleAScan() {
        for (String name : List.of("cloudtrail-create-bucket-us-east-1.json", "cloudtrail-create-bucket-eu-west-1.json",
                "cloudtrail-delete-bucket-lifecycle.json", "cloudtrail-own-put-bucket-lifecycle.json")) {
            assertThat(Invocation.fromPayload(sample(name))).as(name).isInstanceOfSatisfying(Invocation.BucketChanged.class,
                    event -> assertThat(event.directoryBucket()).isFalse());
        }
        for (String name : List.of("cloudtrail-directory-create-bucket.json", "cloudtrail-directory-put-bucket-lifecycle-configuration.json",
                "cloudtrail-directory-put-bucket-policy.json")) {
            assertThat(Invocation.fromPayload(sample(name))).as(name).isInstanceOfSatisfying(Invocation.BucketChanged.class, event -> {
                assertThat(event.directoryBucket()).isTrue();
                assertThat(event.bucket()).isEqualTo("analytics--use1-az4--x-s3");
                assertThat(event.awsRegion()).isEqualTo("us-east-1");
            });
        }
        assertThat(Invocation.fromPayload(sample("scheduled-event.json"))).isEqualTo(new Invocation.Scan());
    }

    /** Each service with its own calls: S3 Express's policy calls are taken, S3's are not, and neither takes a read. */
    @Test
    void eachServiceIsTakenOnlyForItsOwnCalls() {
        Map<String, Object> generalPurposePolicy = withDetail(sample("cloudtrail-put-bucket-lifecycle.json"), "eventName", "PutBucketPolicy");
        Map<String, Object> directoryRead = withDetail(sample("cloudtrail-directory-put-bucket-policy.json"), "eventName", "GetBucketPolicy");
        Map<String, Object> directoryPolicyDeleted = withDetail(sample("cloudtrail-directory-put-bucket-policy.json"), "eventName", "DeleteBucketPolicy");

        assertThatThrownBy(() -> Invocation.fromPayload(generalPurposePolicy)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("an S3 event 'PutBucketPolicy' is not one this function acts on");
        assertThatThrownBy(() -> Invocation.fromPayload(directoryRead)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("an S3 Express event 'GetBucketPolicy' is not one this function acts on; it takes [CreateBucket, "
                        + "DeleteBucketLifecycle, DeleteBucketPolicy, PutBucketLifecycleConfiguration, PutBucketPolicy]");
        assertThat(Invocation.fromPayload(directoryPolicyDeleted)).isInstanceOf(Invocation.BucketChanged.class);
    }

    @Test
    void anS3ExpressEventMustComeFromS3ExpressAndNameADirectoryBucket() {
        Map<String, Object> fromS3 = withDetail(sample("cloudtrail-directory-create-bucket.json"), "eventSource", "s3.amazonaws.com");
        Map<String, Object> generalPurpose = withDetail(sample("cloudtrail-directory-create-bucket.json"), "requestParameters",
                Map.of("bucketName", "my-data-lake"));
        Map<String, Object> directoryFromS3 = new HashMap<>(sample("cloudtrail-directory-create-bucket.json"));
        directoryFromS3.put("source", "aws.s3");

        assertThatThrownBy(() -> Invocation.fromPayload(fromS3)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("an S3 Express event's detail.eventSource must be s3express.amazonaws.com, was 's3.amazonaws.com'");
        assertThatThrownBy(() -> Invocation.fromPayload(generalPurpose)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("an S3 Express event must name a directory bucket, whose name ends in --x-s3, was 'my-data-lake'");
        assertThatThrownBy(() -> Invocation.fromPayload(directoryFromS3)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("an S3 event's detail.eventSource must be s3.amazonaws.com, was 's3express.amazonaws.com'");
    }

    @Test
    void aDirectoryBucketsFailedCallAndTheFunctionsOwnWriteAreToldApartAsAnyBucketsAre() {
        Map<String, Object> failed = withDetail(sample("cloudtrail-directory-put-bucket-policy.json"), "errorCode", "AccessDenied");
        Map<String, Object> own = withDetail(sample("cloudtrail-directory-put-bucket-lifecycle-configuration.json"), "userIdentity",
                ((Map<?, ?>) sample("cloudtrail-own-put-bucket-lifecycle.json").get("detail")).get("userIdentity"));

        assertThat(((Invocation.BucketChanged) Invocation.fromPayload(failed)).ignoredBecause(Optional.of("123456789012")))
                .contains("failed-call:AccessDenied");
        assertThat(((Invocation.BucketChanged) Invocation.fromPayload(own)).madeBy(FUNCTION_ROLE)).isTrue();
        assertThat(((Invocation.BucketChanged) Invocation.fromPayload(sample("cloudtrail-directory-put-bucket-policy.json"))).madeBy(FUNCTION_ROLE))
                .as("an IAM user's call").isFalse();
    }

    /** A copy of the sample whose detail has {@code field} set to {@code value}. */
    private static Map<String, Object> withDetail(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(event);
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) event.get("detail"));
        detail.put(field, value);
        copy.put("detail", detail);
        return copy;
    }

    @Test
    void aFailedCallAndAnotherAccountsCallAreLeftAloneBeforeAnyCall() {
        Invocation.BucketChanged own = (Invocation.BucketChanged) Invocation.fromPayload(sample("cloudtrail-own-put-bucket-lifecycle.json"));
        Map<String, Object> failed = sample("cloudtrail-put-bucket-lifecycle.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) failed.get("detail");
        detail.put("errorCode", "AccessDenied");

        assertThat(((Invocation.BucketChanged) Invocation.fromPayload(failed)).ignoredBecause(Optional.of("123456789012")))
                .contains("failed-call:AccessDenied");
        assertThat(own.ignoredBecause(Optional.of("999999999999"))).contains("other-account");
        assertThat(own.ignoredBecause(Optional.of("123456789012"))).isEmpty();
    }

    @Test
    void theFunctionsOwnWriteIsTheOneWhoseSessionItsOwnRoleIssued() {
        Invocation.BucketChanged own = (Invocation.BucketChanged) Invocation.fromPayload(sample("cloudtrail-own-put-bucket-lifecycle.json"));

        assertThat(own.madeBy(FUNCTION_ROLE)).isTrue();
        assertThat(own.madeBy(new IamRole("aws", "123456789012", "another-role"))).as("another role's session").isFalse();
        assertThat(own.madeBy(new IamRole("aws", "999999999999", FUNCTION_ROLE.name()))).as("the same name in another account").isFalse();
    }

    @Test
    void aSessionNamedLikeTheFunctionButIssuedByAnotherRoleIsNotTheFunctionsOwnWrite() {
        Map<String, Object> impostor = sample("cloudtrail-own-put-bucket-lifecycle.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) ((Map<String, Object>) impostor.get("detail")).get("userIdentity");
        identity.put("arn", "arn:aws:sts::123456789012:assumed-role/developer/mpu-janitor-janitor");
        @SuppressWarnings("unchecked")
        Map<String, Object> issuer = (Map<String, Object>) ((Map<String, Object>) identity.get("sessionContext")).get("sessionIssuer");
        issuer.put("arn", "arn:aws:iam::123456789012:role/developer");

        assertThat(((Invocation.BucketChanged) Invocation.fromPayload(impostor)).madeBy(FUNCTION_ROLE)).isFalse();
    }

    @Test
    void aRolesPathDoesNotHideItFromTheGuardSinceASessionsArnHasNone() {
        assertThat(IamRole.ofRoleArn("arn:aws:iam::123456789012:role/service-role/team/janitor"))
                .isEqualTo(IamRole.ofSessionArn("arn:aws:sts::123456789012:assumed-role/janitor/mpu-janitor-janitor"));
        assertThat(IamRole.ofSessionArn("arn:aws:iam::123456789012:user/alice")).isEmpty();
        assertThat(IamRole.ofRoleArn("arn:aws-cn:iam::123456789012:role/janitor")).map(IamRole::partition).contains("aws-cn");
    }

    @Test
    void anEventThisFunctionDoesNotTakeIsRefusedSayingWhatItTakes() {
        Map<String, Object> ec2 = Map.of("version", "0", "detail-type", "EC2 Instance State-change Notification", "source", "aws.ec2",
                "account", "123456789012", "time", "2026-11-25T06:00:00Z", "region", "us-east-1", "detail", Map.of("state", "running"));
        Map<String, Object> getObject = new HashMap<>(sample("cloudtrail-put-bucket-lifecycle.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) getObject.get("detail"));
        detail.put("eventName", "GetObject");
        getObject.put("detail", detail);

        assertThatThrownBy(() -> Invocation.fromPayload(ec2)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("an event from 'aws.ec2' of detail-type 'EC2 Instance State-change Notification' is not one this function acts on")
                .hasMessageContaining("S3's CloudTrail events of [CreateBucket, DeleteBucketLifecycle, PutBucketLifecycle]")
                .hasMessageContaining("S3 Express's CloudTrail events of [CreateBucket, DeleteBucketLifecycle, DeleteBucketPolicy, "
                        + "PutBucketLifecycleConfiguration, PutBucketPolicy]");
        assertThatThrownBy(() -> Invocation.fromPayload(getObject)).hasMessageContaining("an S3 event 'GetObject' is not one this function acts on");
    }

    @Test
    void aMalformedBucketEventIsRefusedNamingWhatIsWrong() {
        Map<String, Object> noBucket = new HashMap<>(sample("cloudtrail-create-bucket-us-east-1.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) noBucket.get("detail"));
        detail.put("requestParameters", Map.of("bucketName", "Not_A_Bucket"));
        noBucket.put("detail", detail);
        Map<String, Object> badTime = new HashMap<>(sample("cloudtrail-create-bucket-us-east-1.json"));
        badTime.put("time", "yesterday");

        assertThatThrownBy(() -> Invocation.fromPayload(noBucket)).hasMessageContaining("requestParameters.bucketName must be a bucket name, was 'Not_A_Bucket'");
        assertThatThrownBy(() -> Invocation.fromPayload(badTime)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageContaining("a malformed EventBridge event");
    }

    @Test
    void aHugeBucketNameIsQuotedByItsFirstHundredCharactersItsControlsEscaped() {
        Map<String, Object> huge = new HashMap<>(sample("cloudtrail-create-bucket-us-east-1.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new HashMap<>((Map<String, Object>) huge.get("detail"));
        detail.put("requestParameters", Map.of("bucketName", "\u001b]0;x\u0007" + "b".repeat(300_000)));
        huge.put("detail", detail);

        assertThatThrownBy(() -> Invocation.fromPayload(huge)).isInstanceOf(Invocation.InvalidInvocationException.class)
                .hasMessageEndingWith("requestParameters.bucketName must be a bucket name, was '\\u001b]0;x\\u0007" + "b".repeat(94)
                        + "'... (300006 characters)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(250));
    }

    @Test
    void aHugeValueThatIsNotTextIsQuotedAsShort() {
        List<String> buckets = Collections.nCopies(20_000, "bucket");

        assertThatThrownBy(() -> Invocation.fromPayload(Map.of("buckets", Map.of("names", buckets))))
                .hasMessageContaining("buckets must be a non-empty list of bucket names, was {names=[bucket, bucket")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }
}
