package dev.mpujanitor.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample events have the shape EventBridge gives a CloudTrail-recorded call ("AWS API Call via CloudTrail"), and
 * agree with themselves: a sample that contradicts itself would test the rule on an event AWS never sends. Shapes
 * from https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events.html and
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html.
 */
class EventSamplesTest {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** General purpose bucket names: 3-63 lower-case letters, digits, dots and hyphens. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /**
     * Directory bucket names: a base name, the zone ID and {@code --x-s3}, 3-63 characters of lower-case letters, digits
     * and hyphens. https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html
     */
    private static final Pattern DIRECTORY_BUCKET_NAME = Pattern.compile("(?=.{3,63}$)[a-z0-9][a-z0-9-]*[a-z0-9]--([a-z0-9]+-az[0-9]+)--x-s3");
    /** How a zone ID abbreviates the direction of its Region's name: us-east-1 has use1-az4, ap-northeast-1 apne1-az1. */
    private static final Map<String, String> DIRECTIONS = Map.of("east", "e", "west", "w", "north", "n", "south", "s",
            "central", "c", "northeast", "ne", "northwest", "nw", "southeast", "se", "southwest", "sw");
    private static final Map<String, JsonNode> SAMPLES = EventSamples.all();

    static Stream<String> samples() {
        return SAMPLES.keySet().stream();
    }

    static Stream<String> s3Samples() {
        return samples().filter(name -> "aws.s3".equals(SAMPLES.get(name).path("source").asText()));
    }

    static Stream<String> directoryBucketSamples() {
        return samples().filter(name -> "aws.s3express".equals(SAMPLES.get(name).path("source").asText()));
    }

    static Stream<String> createDirectoryBucketSamples() {
        return directoryBucketSamples().filter(name -> "CreateBucket".equals(eventName(name)));
    }

    static Stream<String> createBucketSamples() {
        return s3Samples().filter(name -> "CreateBucket".equals(eventName(name)));
    }

    /** Lifecycle writes: S3's under CloudTrail's name for them, S3 Express's under the API's. */
    static Stream<String> putBucketLifecycleSamples() {
        return Stream.concat(s3Samples().filter(name -> "PutBucketLifecycle".equals(eventName(name))),
                directoryBucketSamples().filter(name -> "PutBucketLifecycleConfiguration".equals(eventName(name))));
    }

    static Stream<String> putBucketPolicySamples() {
        return directoryBucketSamples().filter(name -> "PutBucketPolicy".equals(eventName(name)));
    }

    private static String eventName(String sample) {
        return SAMPLES.get(sample).at("/detail/eventName").asText();
    }

    @Test
    void thereAreSamplesOfEveryCallTheRuleForwards() {
        assertThat(SAMPLES).containsKey(EventSamples.OWN_PUT_BUCKET_LIFECYCLE);
        assertThat(s3Samples().map(EventSamplesTest::eventName))
                .contains("CreateBucket", "PutBucketLifecycle", "DeleteBucketLifecycle");
        assertThat(createBucketSamples().map(name -> SAMPLES.get(name).path("region").asText()))
                .contains("us-east-1").anyMatch(region -> !region.equals("us-east-1"));
        assertThat(directoryBucketSamples().map(EventSamplesTest::eventName))
                .contains("CreateBucket", "PutBucketLifecycleConfiguration", "PutBucketPolicy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theEnvelopeIsACloudTrailCallsAndAgreesWithItsRecord(String name) {
        JsonNode event = SAMPLES.get(name);
        JsonNode detail = event.path("detail");

        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(event.path("source").asText()).startsWith("aws.");
        assertThat(event.path("account").asText()).isEqualTo(EventSamples.ACCOUNT);
        assertThat(event.path("id").asText()).matches(UUID);
        // "API calls with AWS CloudTrail do not include resource ARNs" in the envelope (eb-events.html).
        assertThat(event.path("resources").isArray() && event.path("resources").isEmpty()).isTrue();
        assertThat(event.path("region").asText()).isEqualTo(detail.path("awsRegion").asText());
        assertThat(event.path("time").asText()).isEqualTo(detail.path("eventTime").asText());

        assertThat(detail.path("eventID").asText()).matches(UUID);
        assertThat(detail.path("eventType").asText()).isEqualTo("AwsApiCall");
        assertThat(detail.path("recipientAccountId").asText()).isEqualTo(EventSamples.ACCOUNT);
        assertThat(detail.path("userIdentity").path("accountId").asText()).isEqualTo(EventSamples.ACCOUNT);
        assertThat(detail.path("eventSource").asText()).endsWith(".amazonaws.com");
        assertThat(detail.path("eventName").asText()).isNotEmpty();
        assertThat(detail.path("managementEvent").asBoolean())
                .isEqualTo(detail.path("eventCategory").asText().equals("Management"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Samples")
    void anS3CallNamesItsBucketAndTheHostItWasSentTo(String name) {
        JsonNode detail = SAMPLES.get(name).path("detail");
        JsonNode request = detail.path("requestParameters");

        assertThat(detail.path("eventSource").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(request.path("bucketName").asText()).matches(BUCKET_NAME);
        assertThat(request.path("Host").asText()).endsWith(".amazonaws.com");
        assertThat(detail.path("tlsDetails").path("clientProvidedHostHeader").asText())
                .isEqualTo(request.path("Host").asText());
        assertThat(detail.path("responseElements").isNull()).isTrue();
    }

    /**
     * A directory bucket's call, sent to the Regional endpoint of its bucket-level operations, path-style
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html), names the bucket, and
     * its record names the bucket's ARN (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-log-files.html).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("directoryBucketSamples")
    void aDirectoryBucketsCallNamesItsBucketInAZoneOfItsRegionAndTheRegionalEndpoint(String name) {
        JsonNode detail = SAMPLES.get(name).path("detail");
        JsonNode request = detail.path("requestParameters");
        String bucket = request.path("bucketName").asText();
        String region = detail.path("awsRegion").asText();
        Matcher directory = DIRECTORY_BUCKET_NAME.matcher(bucket);

        assertThat(detail.path("eventSource").asText()).isEqualTo("s3express.amazonaws.com");
        assertThat(directory.matches()).as("%s is a directory bucket's name", bucket).isTrue();
        assertThat(directory.group(1)).as("the zone of %s", bucket).startsWith(zonePrefixOf(region) + "-az");
        assertThat(request.path("Host").asText()).isEqualTo("s3express-control." + region + ".amazonaws.com");
        assertThat(detail.path("tlsDetails").path("clientProvidedHostHeader").asText()).isEqualTo(request.path("Host").asText());
        assertThat(detail.path("responseElements").isNull()).isTrue();
        assertThat(detail.path("managementEvent").asBoolean()).as("a bucket-level call is a management event").isTrue();
        assertThat(detail.path("resources")).singleElement().satisfies(resource -> {
            assertThat(resource.path("type").asText()).isEqualTo("AWS::S3Express::DirectoryBucket");
            assertThat(resource.path("ARN").asText()).isEqualTo("arn:aws:s3express:" + region + ":" + EventSamples.ACCOUNT + ":bucket/" + bucket);
        });
    }

    /** A directory bucket is created in the zone its name ends with. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html */
    @ParameterizedTest(name = "{0}")
    @MethodSource("createDirectoryBucketSamples")
    void aDirectoryBucketIsCreatedInTheZoneItsNameNames(String name) {
        JsonNode request = SAMPLES.get(name).at("/detail/requestParameters");
        Matcher directory = DIRECTORY_BUCKET_NAME.matcher(request.path("bucketName").asText());
        JsonNode configuration = request.path("CreateBucketConfiguration");

        assertThat(directory.matches()).isTrue();
        assertThat(configuration.at("/Location/Type").asText()).isEqualTo("AvailabilityZone");
        assertThat(configuration.at("/Location/Name").asText()).isEqualTo(directory.group(1));
        assertThat(configuration.at("/Bucket/Type").asText()).isEqualTo("Directory");
        assertThat(configuration.at("/Bucket/DataRedundancy").asText()).isEqualTo("SingleAvailabilityZone");
        assertThat(configuration.has("LocationConstraint")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("putBucketPolicySamples")
    void aPolicyWriteCarriesThePolicyOfItsBucket(String name) {
        JsonNode detail = SAMPLES.get(name).path("detail");
        JsonNode policy = detail.at("/requestParameters/bucketPolicy");

        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement").isArray() && !policy.path("Statement").isEmpty()).isTrue();
        assertThat(policy.path("Statement")).allSatisfy(statement -> assertThat(statement.path("Resource").asText())
                .isEqualTo(detail.at("/resources/0/ARN").asText()));
        assertThat(detail.path("readOnly").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createBucketSamples")
    void aBucketCreatedOutsideUsEast1SaysWhereAndOneInUsEast1DoesNot(String name) {
        JsonNode detail = SAMPLES.get(name).path("detail");
        // A CreateBucket without a LocationConstraint creates the bucket in us-east-1.
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
        JsonNode constraint = detail.at("/requestParameters/CreateBucketConfiguration/LocationConstraint");
        String region = detail.path("awsRegion").asText();

        if (region.equals("us-east-1")) {
            assertThat(constraint.isMissingNode()).as("%s has no LocationConstraint", name).isTrue();
        } else {
            assertThat(constraint.asText()).isEqualTo(region);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("putBucketLifecycleSamples")
    void aLifecycleWriteCarriesTheConfigurationItWrote(String name) {
        JsonNode detail = SAMPLES.get(name).path("detail");
        JsonNode rules = detail.at("/requestParameters/LifecycleConfiguration/Rule");

        // One rule is recorded as an object, several as an array.
        assertThat(rules.isObject() || (rules.isArray() && rules.size() > 1)).as(name).isTrue();
        assertThat(detail.path("readOnly").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void anAssumedRolesIdentityIsThatOfItsSessionIssuer(String name) {
        JsonNode identity = SAMPLES.get(name).at("/detail/userIdentity");
        if (!identity.path("type").asText().equals("AssumedRole")) {
            assertThat(identity.at("/sessionContext/sessionIssuer").isMissingNode())
                    .as("%s: only an assumed role has a session issuer", name).isTrue();
            return;
        }
        JsonNode issuer = identity.at("/sessionContext/sessionIssuer");
        String role = issuer.path("userName").asText();
        String session = identity.path("arn").asText().replaceFirst(".*/", "");

        assertThat(issuer.path("type").asText()).isEqualTo("Role");
        assertThat(issuer.path("arn").asText()).isEqualTo("arn:aws:iam::" + EventSamples.ACCOUNT + ":role/" + role);
        assertThat(identity.path("arn").asText())
                .isEqualTo("arn:aws:sts::" + EventSamples.ACCOUNT + ":assumed-role/" + role + "/" + session);
        assertThat(identity.path("principalId").asText()).isEqualTo(issuer.path("principalId").asText() + ":" + session);
        assertThat(identity.path("accessKeyId").asText()).as("temporary credentials").startsWith("ASIA");
    }

    @Test
    void theFunctionsOwnWriteIsMadeByItsRoleInASessionNamedAfterIt() {
        JsonNode identity = SAMPLES.get(EventSamples.OWN_PUT_BUCKET_LIFECYCLE).at("/detail/userIdentity");
        // Lambda names the execution role's session after the function; template.yaml names the function.
        Object functionName = SamTemplate.load().properties("JanitorFunction").get("FunctionName");
        String session = ((String) SamTemplate.map(functionName).get("Fn::Sub"))
                .replace("${AWS::StackName}", EventSamples.STACK_NAME);

        assertThat(identity.at("/sessionContext/sessionIssuer/arn").asText()).isEqualTo(EventSamples.FUNCTION_ROLE_ARN);
        assertThat(identity.path("arn").asText()).endsWith("/" + session);
        assertThat(session).isEqualTo("mpu-janitor-janitor");
    }

    /** us-east-1 -> use1, ap-northeast-1 -> apne1. */
    private static String zonePrefixOf(String region) {
        String[] parts = region.split("-");
        assertThat(parts).as(region).hasSize(3);
        assertThat(DIRECTIONS).as(region).containsKey(parts[1]);
        return parts[0] + DIRECTIONS.get(parts[1]) + parts[2];
    }

    @Test
    void everySampleIsADifferentEvent() {
        Set<String> ids = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        Set<String> requestIds = new HashSet<>();
        SAMPLES.values().forEach(event -> {
            ids.add(event.path("id").asText());
            eventIds.add(event.at("/detail/eventID").asText());
            requestIds.add(event.at("/detail/requestID").asText());
        });

        assertThat(List.of(ids.size(), eventIds.size(), requestIds.size())).containsOnly(SAMPLES.size());
    }
}
