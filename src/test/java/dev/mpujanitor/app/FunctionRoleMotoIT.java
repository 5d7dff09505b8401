package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.aws.Permissions;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.template.DeployedPolicies;
import dev.mpujanitor.testing.BucketEvents;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Moto;
import dev.mpujanitor.testing.Uploads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The function under its own role and nothing else, on an emulator that enforces IAM (moto): the role's policy is
 * template.yaml's, resolved for the parameters that change it, and every request of the run is checked against it.
 * A scan, a dry run, the cleanup of stale uploads and a bucket's event each leave every bucket as the other tiers
 * say, with no AccessDenied; and the role without any one of its S3 actions fails or degrades as documented, so no
 * action is granted for nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FunctionRoleMotoIT {

    @RegisterExtension
    static final Moto MOTO = new Moto();

    private static final String ACCOUNT = Moto.DEFAULT_ACCOUNT;
    private static final String STACK = "mpu-janitor";
    /** SAM's name for the function's role, and for the inline policy of its Policies. */
    private static final String ROLE = STACK + "-JanitorFunctionRole";
    private static final String ROLE_POLICY = "JanitorFunctionRolePolicy0";
    /** No abort rule, one stale upload. */
    private static final String BARE = "role-bare";
    /** Another team's expiry rule, which stays. */
    private static final String LOGS = "role-logs";
    /** Our rule already, and one stale upload. */
    private static final String COVERED = "role-covered";
    /** The opt-out tag, and one stale upload it keeps. */
    private static final String OPTED_OUT = "role-opted-out";
    private static final LifecycleRule EXPIRE_LOGS = LifecycleRule.builder().id("expire-logs").status(ExpirationStatus.ENABLED)
            .filter(LifecycleRuleFilter.builder().prefix("logs/").build()).expiration(e -> e.days(30)).build();
    /** Eight days on: every upload made by this test is older than ABORT_AFTER_DAYS (7). */
    private static final Clock EIGHT_DAYS_LATER = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
    /**
     * Of the function role's actions, those this class does not take away, and where each is shown needed:
     * pricing:GetProducts in PricingS3MockIT (moto has no Price List API), lambda:InvokeFunction in
     * ContinuationS3MockIT (a continuation invokes the function deployed in Lambda), the accounts' own in
     * {@link OrganizationMotoIT}, and S3 Express's in DirectoryBucketsS3MockIT (moto has no directory buckets).
     */
    private static final Set<String> PROVEN_ELSEWHERE = Set.of("pricing:GetProducts", "lambda:InvokeFunction", "organizations:ListAccounts",
            "sts:AssumeRole");

    private StaticCredentialsProvider administrator;
    private S3Client s3;
    private IamClient iam;

    @BeforeAll
    void bucketsOfEveryKindAndTheFunctionsRole() {
        administrator = MOTO.administrator(ACCOUNT);
        s3 = MOTO.client(S3Client.builder(), administrator).forcePathStyle(true)
                // Plain signed bodies: moto checks the signature of every request once IAM is enforced.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        iam = MOTO.client(IamClient.builder(), administrator).build();
        for (String bucket : List.of(BARE, LOGS, COVERED, OPTED_OUT)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        s3.putBucketLifecycleConfiguration(r -> r.bucket(LOGS).lifecycleConfiguration(c -> c.rules(EXPIRE_LOGS)));
        s3.putBucketLifecycleConfiguration(r -> r.bucket(COVERED).lifecycleConfiguration(c -> c.rules(LifecycleRule.builder()
                .id(AbortRulePolicy.RULE_ID).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build())));
        s3.putBucketTagging(r -> r.bucket(OPTED_OUT).tagging(t -> t.tagSet(Tag.builder().key("mpu-janitor:exclude").value("true").build())));
        Uploads.startIncomplete(s3, BARE, "backup.tar", 5 * MIB, 1 * MIB);
        Uploads.startIncomplete(s3, COVERED, "athena/results/1.csv", 5 * MIB);
        Uploads.startIncomplete(s3, OPTED_OUT, "keep/me.bin", 2 * MIB);
        // Only the administrator may assume the role: the test's stand-in for Lambda.
        iam.createRole(r -> r.roleName(ROLE).assumeRolePolicyDocument(DeployedPolicies.json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::" + ACCOUNT + ":user/administrator"), "Action", "sts:AssumeRole"))))));
        MOTO.enforceIam();
    }

    @AfterAll
    void close() {
        s3.close();
        iam.close();
    }

    /** template.yaml's role policy for these parameters. */
    private static Map<String, Object> templatePolicy(String abortStaleUploads) {
        return DeployedPolicies.functionRole(Map.of("AbortStaleUploads", abortStaleUploads, "Accounts", "self"), ACCOUNT, STACK);
    }

    /** The role's credentials, with {@code policy} as its only policy, as Lambda hands them to the function. */
    private AwsCredentialsProvider functionRole(Map<String, Object> policy) {
        iam.putRolePolicy(r -> r.roleName(ROLE).policyName(ROLE_POLICY).policyDocument(DeployedPolicies.json(policy)));
        try (StsClient sts = MOTO.client(StsClient.builder(), administrator).build()) {
            Credentials session = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + ROLE).roleSessionName(ROLE + "-session"))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
        }
    }

    private Settings settings(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL_S3", MOTO.endpoint().toString(),
                "S3_FORCE_PATH_STYLE", "true",
                "AWS_ENDPOINT_URL_STS", MOTO.endpoint().toString(),
                "MAX_CONCURRENCY", "4"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return Settings.fromEnv(env);
    }

    private static Map<String, JsonNode> buckets(JsonLines log) {
        return log.records("bucket").stream().collect(Collectors.toMap(record -> record.get("bucket").asText(), record -> record));
    }

    /** No record, and no count of the summary, says the role was refused anything. */
    private static void assertNothingDenied(JsonLines log) {
        assertThat(log.records("bucket")).isNotEmpty().allSatisfy(record -> {
            assertThat(record.get("outcome").asText()).as(record.toString()).isNotEqualTo("FAILED");
            assertThat(record.has("inventoryError")).as(record.toString()).isFalse();
            assertThat(record.has("bytesLowerBoundBecause")).as(record.toString()).isFalse();
        });
        assertThat(log.summary().get("failuresByErrorCode").size()).as(log.summary().toString()).isZero();
    }

    private List<LifecycleRule> rules(String bucket) {
        return MissingGrant.rules(s3, bucket);
    }

    private int uploads(String bucket) {
        return s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
    }

    @Test
    @Order(1)
    void aDryRunUnderTheRoleAssessesEveryBucketAndWritesNothing() {
        JsonLines log = RunCapture.scheduledRun(settings("DRY_RUN", "true"), functionRole(templatePolicy("false")), Clock.systemUTC());

        assertNothingDenied(log);
        assertThat(log.outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                BARE, "WOULD_REMEDIATE", LOGS, "WOULD_REMEDIATE", COVERED, "COMPLIANT", OPTED_OUT, "EXCLUDED"));
        assertThat(rules(BARE)).isEmpty();
        assertThat(rules(LOGS)).containsExactly(EXPIRE_LOGS);
    }

    @Test
    @Order(2)
    void aScanUnderTheRoleWritesTheRuleWhereItLacksAndCountsEveryUpload() {
        JsonLines log = RunCapture.scheduledRun(settings(), functionRole(templatePolicy("false")), Clock.systemUTC());

        assertNothingDenied(log);
        assertThat(log.outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                BARE, "REMEDIATED", LOGS, "REMEDIATED", COVERED, "COMPLIANT", OPTED_OUT, "EXCLUDED"));
        assertThat(rules(BARE)).singleElement().extracting(LifecycleRule::id).isEqualTo(AbortRulePolicy.RULE_ID);
        assertThat(rules(LOGS)).hasSize(2).first().isEqualTo(EXPIRE_LOGS);
        Map<String, JsonNode> buckets = buckets(log);
        assertThat(buckets.get(BARE).get("incompleteUploadBytes").asLong()).isEqualTo(6 * MIB);
        assertThat(buckets.get(COVERED).get("incompleteUploadBytes").asLong()).isEqualTo(5 * MIB);
        assertThat(log.summary().at("/uploads/incompleteUploads").asLong()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void withAbortStaleUploadsTheRoleAbortsTheStaleUploadsOfEveryBucketButTheOptedOutOne() {
        JsonLines log = RunCapture.scheduledRun(settings("ABORT_STALE_UPLOADS", "true"), functionRole(templatePolicy("true")), EIGHT_DAYS_LATER);

        assertNothingDenied(log);
        assertThat(log.records("upload")).hasSize(2).allSatisfy(upload -> assertThat(upload.get("action").asText()).isEqualTo("ABORTED"));
        assertThat(buckets(log).get(BARE).get("uploadsAborted").asLong()).isEqualTo(1);
        assertThat(buckets(log).get(COVERED).get("bytesFreed").asLong()).isEqualTo(5 * MIB);
        assertThat(uploads(BARE) + uploads(COVERED)).isZero();
        assertThat(uploads(OPTED_OUT)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aBucketsCloudTrailEventUnderTheRoleCoversThatBucket() {
        s3.createBucket(b -> b.bucket("role-created-later"));

        JsonLines log = RunCapture.invocation(BucketEvents.about("cloudtrail-create-bucket-us-east-1.json", "role-created-later"),
                settings(), functionRole(templatePolicy("false")));

        assertNothingDenied(log);
        assertThat(log.outcomes()).containsExactlyEntriesOf(Map.of("role-created-later", "REMEDIATED"));
        assertThat(log.records("bucket").getFirst().at("/trigger/eventName").asText()).isEqualTo("CreateBucket");
        assertThat(rules("role-created-later")).singleElement().extracting(LifecycleRule::id).isEqualTo(AbortRulePolicy.RULE_ID);
    }

    /**
     * Without one action, over a bucket that needs the rule and has a stale upload, with ABORT_STALE_UPLOADS: the
     * failure or degradation the docs describe ({@link MissingGrant}).
     */
    @ParameterizedTest(name = "without {0}")
    @MethodSource("dev.mpujanitor.app.MissingGrant#s3Actions")
    @Order(5)
    void withoutOneS3ActionTheRunFailsOrDegradesAsDocumented(String action) {
        String bucket = MissingGrant.bucketWithout(action);
        s3.createBucket(b -> b.bucket(bucket));
        Uploads.startIncomplete(s3, bucket, "stale.bin", MIB);
        AwsCredentialsProvider role = functionRole(DeployedPolicies.without(templatePolicy("true"), action));
        Settings settings = settings("ABORT_STALE_UPLOADS", "true");

        if (action.equals(MissingGrant.LISTING)) {
            // The invocation fails, and the alarm fires on its error.
            assertThatThrownBy(() -> RunCapture.manualRun(List.of(bucket), settings, role, EIGHT_DAYS_LATER))
                    .isInstanceOf(ListingException.class).hasMessageContaining("AccessDenied");
            assertThat(rules(bucket)).isEmpty();
            return;
        }
        JsonNode record = RunCapture.manualRun(List.of(bucket), settings, role, EIGHT_DAYS_LATER).records("bucket").getFirst();

        MissingGrant.assertDocumentedEffect(action, record, s3, bucket);
    }

    @Test
    void everyActionOfTheRoleIsProvenNeededHereOrByTheTestNamedForIt() {
        Set<String> granted = Stream.of("true", "false").flatMap(abort -> Stream.of("self", "organization", "111111111111,222222222222")
                .map(accounts -> DeployedPolicies.functionRole(Map.of("AbortStaleUploads", abort, "Accounts", accounts), ACCOUNT, STACK)))
                .flatMap(policy -> DeployedPolicies.actions(policy).stream()).collect(Collectors.toSet());
        Set<String> proven = Stream.of(MissingGrant.s3Actions(), MissingGrant.s3ExpressActions(), PROVEN_ELSEWHERE.stream())
                .flatMap(actions -> actions).collect(Collectors.toSet());

        assertThat(granted).containsExactlyInAnyOrderElementsOf(proven);
        assertThat(Permissions.always()).isSubsetOf(granted);
    }
}
