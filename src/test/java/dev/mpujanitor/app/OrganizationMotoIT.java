package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.ports.OrganizationDirectory;
import dev.mpujanitor.template.DeployedPolicies;
import dev.mpujanitor.template.SamTemplate;
import dev.mpujanitor.testing.JarProcess;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Moto;
import dev.mpujanitor.testing.Uploads;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One deployment over an organization, on an emulator that enforces IAM (moto): the management account holds the
 * organization and the hub's role, template.yaml's for Accounts=organization; each member account has member-role.yaml
 * deployed by CloudFormation with the hub role's ARN. The hub role lists the organization, assumes each member role
 * and covers every account, its own with its own credentials, from the function and from the command line alike.
 *
 * <p>What moto does not check here: a role of another account is assumed whatever its trust policy says (and so
 * whatever external ID it requires). OrganizationS3MockIT's STS refuses a role that does not trust the hub, and
 * MemberRoleTemplateTest holds member-role.yaml's trust policy to the hub's role and the external ID.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationMotoIT {

    @RegisterExtension
    static final Moto MOTO = new Moto();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = Moto.DEFAULT_ACCOUNT;
    private static final String STACK = "mpu-janitor";
    private static final String HUB_ROLE = STACK + "-JanitorFunctionRole";
    private static final String HUB_ROLE_ARN = "arn:aws:iam::" + HUB + ":role/" + HUB_ROLE;
    private static final String MEMBER_STACK = "mpu-janitor-member";
    private static final String HUB_BUCKET = "org-hub-bare";
    /** Eight days on: every upload made by this test is older than ABORT_AFTER_DAYS (7). */
    private static final Clock EIGHT_DAYS_LATER = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);

    /** Member account -> its administrator, who set it up. */
    private final Map<String, StaticCredentialsProvider> members = new LinkedHashMap<>();
    /** Bucket -> the account that owns it. */
    private final Map<String, String> ownerOfBucket = new LinkedHashMap<>();
    private StaticCredentialsProvider hubAdministrator;
    private IamClient hubIam;

    @BeforeAll
    void anOrganizationWhoseMembersHaveTheMemberRoleStackDeployed() throws Exception {
        hubAdministrator = MOTO.administrator(HUB);
        hubIam = MOTO.client(IamClient.builder(), hubAdministrator).build();
        MOTO.awsJson("organizations", "AWSOrganizationsV20161128.CreateOrganization", HUB, "{\"FeatureSet\": \"ALL\"}");
        for (int i = 1; i <= 2; i++) {
            JsonNode created = MOTO.awsJson("organizations", "AWSOrganizationsV20161128.CreateAccount", HUB,
                    "{\"Email\": \"member-%d@example.com\", \"AccountName\": \"member-%d\"}".formatted(i, i));
            String member = created.at("/CreateAccountStatus/AccountId").asText();
            members.put(member, MOTO.administrator(member));
        }
        bucket(HUB, hubAdministrator, HUB_BUCKET);
        String template = Files.readString(SamTemplate.PROJECT_ROOT.resolve("member-role.yaml"));
        members.forEach((member, administrator) -> {
            bucket(member, administrator, "org-" + member + "-bare");
            try (CloudFormationClient cloudFormation = MOTO.client(CloudFormationClient.builder(), administrator).build();
                    IamClient iam = MOTO.client(IamClient.builder(), administrator).build()) {
                cloudFormation.createStack(r -> r.stackName(MEMBER_STACK).templateBody(template).capabilities(Capability.CAPABILITY_NAMED_IAM)
                        .parameters(Parameter.builder().parameterKey("FunctionRoleArn").parameterValue(HUB_ROLE_ARN).build()));
                // moto cannot evaluate the inline policy CloudFormation made (it fails the member role's first S3 call
                // inside itself): the same policy, resolved from the template, goes in through IAM instead.
                iam.deleteRolePolicy(r -> r.roleName(Settings.DEFAULT_MEMBER_ROLE).policyName("mpu-janitor"));
                iam.putRolePolicy(r -> r.roleName(Settings.DEFAULT_MEMBER_ROLE).policyName("mpu-janitor")
                        .policyDocument(DeployedPolicies.json(DeployedPolicies.memberRole(Map.of("FunctionRoleArn", HUB_ROLE_ARN), member))));
            }
        });
        // Only the administrator may assume the hub's role: the test's stand-in for Lambda.
        hubIam.createRole(r -> r.roleName(HUB_ROLE).assumeRolePolicyDocument(DeployedPolicies.json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::" + HUB + ":user/administrator"), "Action", "sts:AssumeRole"))))));
        MOTO.enforceIam();
    }

    /** A bucket with no lifecycle rule and one incomplete upload. */
    private void bucket(String account, StaticCredentialsProvider administrator, String bucket) {
        try (S3Client s3 = s3(administrator)) {
            s3.createBucket(b -> b.bucket(bucket));
            Uploads.startIncomplete(s3, bucket, "part.bin", MIB);
        }
        ownerOfBucket.put(bucket, account);
    }

    private static S3Client s3(StaticCredentialsProvider credentials) {
        return MOTO.client(S3Client.builder(), credentials).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
    }

    /** template.yaml's role for Accounts=organization, with {@code action} left out when given. */
    private Credentials hubRole(String... without) {
        Map<String, Object> policy = DeployedPolicies.functionRole(Map.of("Accounts", "organization", "AbortStaleUploads", "false"), HUB, STACK);
        for (String action : without) {
            policy = DeployedPolicies.without(policy, action);
        }
        String document = DeployedPolicies.json(policy);
        hubIam.putRolePolicy(r -> r.roleName(HUB_ROLE).policyName("JanitorFunctionRolePolicy0").policyDocument(document));
        try (StsClient sts = MOTO.client(StsClient.builder(), hubAdministrator).build()) {
            return sts.assumeRole(r -> r.roleArn(HUB_ROLE_ARN).roleSessionName("janitor-function")).credentials();
        }
    }

    private static StaticCredentialsProvider provider(Credentials session) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
    }

    private Map<String, String> endpoints() {
        String endpoint = MOTO.endpoint().toString();
        return Map.of("AWS_ENDPOINT_URL_S3", endpoint, "S3_FORCE_PATH_STYLE", "true", "AWS_ENDPOINT_URL_STS", endpoint,
                "AWS_ENDPOINT_URL_ORGANIZATIONS", endpoint);
    }

    private JsonLines scheduledRun(Credentials role) {
        Map<String, String> env = new HashMap<>(endpoints());
        env.putAll(Map.of("ACCOUNTS", "organization", "MAX_CONCURRENCY", "4"));
        return RunCapture.scheduledRun(Settings.fromEnv(env), provider(role), Clock.systemUTC());
    }

    private static Map<String, JsonNode> accounts(JsonLines log) {
        return log.records("account").stream().collect(Collectors.toMap(record -> record.get("account").asText(), record -> record));
    }

    @Test
    @Order(1)
    void theMemberRoleStackDeploysInEveryMemberAndItsRoleTrustsTheHubsRole() throws Exception {
        for (Map.Entry<String, StaticCredentialsProvider> member : members.entrySet()) {
            try (CloudFormationClient cloudFormation = MOTO.client(CloudFormationClient.builder(), member.getValue()).build();
                    IamClient iam = MOTO.client(IamClient.builder(), member.getValue()).build()) {
                Stack stack = cloudFormation.describeStacks(r -> r.stackName(MEMBER_STACK)).stacks().getFirst();
                String trust = iam.getRole(r -> r.roleName(Settings.DEFAULT_MEMBER_ROLE)).role().assumeRolePolicyDocument();

                assertThat(stack.stackStatusAsString()).as(member.getKey()).isEqualTo("CREATE_COMPLETE");
                assertThat(stack.outputs()).singleElement().satisfies(output ->
                        assertThat(output.outputValue()).isEqualTo("arn:aws:iam::" + member.getKey() + ":role/" + Settings.DEFAULT_MEMBER_ROLE));
                JsonNode statement = JSON.readTree(URLDecoder.decode(trust, StandardCharsets.UTF_8)).at("/Statement/0");
                assertThat(statement.at("/Principal/AWS").asText()).isEqualTo(HUB_ROLE_ARN);
                assertThat(statement.has("Condition")).as("no ExternalId was given").isFalse();
            }
        }
    }

    /** The command line asks STS whose credentials it holds, and enters that account with them, never through a member role. */
    @Test
    @Order(2)
    void theCommandLineNamesTheManagementAccountAndCoversItWithItsOwnCredentials() throws Exception {
        Credentials role = hubRole();
        Map<String, String> env = new HashMap<>(endpoints());
        env.put("AWS_SESSION_TOKEN", role.sessionToken());

        JarProcess.Result result = JarProcess.run(role.accessKeyId(), role.secretAccessKey(), env, "--accounts", "organization", "--dry-run", "--json");

        // 0: the scan completed, and no bucket or account FAILED.
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr().lines().findFirst()).contains("mpu-janitor: 3 accounts from account " + HUB + " at endpoint " + MOTO.endpoint()
                + ", default credential chain, region us-east-1 - DRY RUN, nothing is written");
        Map<String, String> outcomes = result.log().outcomes();
        assertThat(outcomes).containsOnlyKeys(ownerOfBucket.keySet()).allSatisfy((bucket, outcome) -> assertThat(outcome).isEqualTo("WOULD_REMEDIATE"));
        assertThat(result.log().records("bucket")).allSatisfy(record ->
                assertThat(record.get("account").asText()).isEqualTo(ownerOfBucket.get(record.get("bucket").asText())));
    }

    @Test
    @Order(3)
    void theHubsRoleCoversEveryAccountOfTheOrganization() {
        JsonLines log = scheduledRun(hubRole());

        Map<String, JsonNode> accounts = accounts(log);
        List<String> expected = new ArrayList<>(members.keySet());
        expected.add(HUB);
        assertThat(accounts).containsOnlyKeys(expected).allSatisfy((account, record) -> {
            assertThat(record.get("status").asText()).as(record.toString()).isEqualTo("COVERED");
            assertThat(record.at("/outcomes/REMEDIATED").asLong()).as(record.toString()).isEqualTo(1);
        });
        assertThat(log.outcomes()).containsOnlyKeys(ownerOfBucket.keySet()).allSatisfy((bucket, outcome) -> assertThat(outcome).isEqualTo("REMEDIATED"));
        assertThat(log.records("bucket")).allSatisfy(record -> assertThat(record.get("incompleteUploadBytes").asLong()).isEqualTo(MIB));
        members.forEach((member, administrator) -> {
            try (S3Client s3 = s3(administrator)) {
                assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket("org-" + member + "-bare")).rules())
                        .singleElement().extracting(LifecycleRule::id).isEqualTo(AbortRulePolicy.RULE_ID);
            }
        });
    }

    /**
     * Without ListAccounts the organization cannot be listed and the invocation fails (docs/operations.md: the alarm
     * fires on the function's error); without AssumeRole every member account is FAILED with AccessDenied, and the
     * hub's own is still covered.
     */
    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"organizations:ListAccounts", "sts:AssumeRole"})
    @Order(4)
    void withoutOneOfTheAccountsActionsTheRunFailsOrLeavesTheMembersOut(String action) {
        Credentials role = hubRole(action);

        if (action.equals("organizations:ListAccounts")) {
            // moto refuses in IAM's XML error, not in the JSON of Organizations' AccessDeniedException, so the message
            // names no error code; that the listing is refused, and fails the invocation, is what counts here.
            assertThatThrownBy(() -> scheduledRun(role)).isInstanceOf(OrganizationDirectory.DirectoryException.class)
                    .hasMessageStartingWith("could not list the organization's accounts");
            return;
        }
        Map<String, JsonNode> accounts = accounts(scheduledRun(role));
        assertThat(accounts.get(HUB).get("status").asText()).isEqualTo("COVERED");
        assertThat(members.keySet()).allSatisfy(member -> {
            assertThat(accounts.get(member).get("status").asText()).isEqualTo("FAILED");
            // STS says AccessDenied; moto's refusal reaches the SDK as its HTTP status alone.
            assertThat(accounts.get(member).get("errorCode").asText()).isIn("AccessDenied", "HTTP403");
            assertThat(accounts.get(member).get("buckets").asLong()).isZero();
        });
    }

    /**
     * member-role.yaml's role without one of its S3 actions, in its member account: that account's bucket fails or
     * degrades as under the hub's own role ({@link MissingGrant}); without the listing the account is FAILED, and the
     * run itself goes on.
     */
    @ParameterizedTest(name = "the member role without {0}")
    @MethodSource("dev.mpujanitor.app.MissingGrant#s3Actions")
    @Order(5)
    void withoutOneS3ActionOfTheMemberRoleItsAccountFailsOrDegradesAsDocumented(String action) {
        String member = members.keySet().iterator().next();
        StaticCredentialsProvider administrator = members.get(member);
        String bucket = MissingGrant.bucketWithout(action);
        Map<String, Object> policy = DeployedPolicies.memberRole(Map.of("FunctionRoleArn", HUB_ROLE_ARN, "AbortStaleUploads", "true"), member);
        Map<String, String> env = new HashMap<>(endpoints());
        env.putAll(Map.of("ACCOUNTS", member, "ABORT_STALE_UPLOADS", "true", "MAX_CONCURRENCY", "4"));
        try (S3Client s3 = s3(administrator); IamClient iam = MOTO.client(IamClient.builder(), administrator).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            Uploads.startIncomplete(s3, bucket, "stale.bin", MIB);
            iam.putRolePolicy(r -> r.roleName(Settings.DEFAULT_MEMBER_ROLE).policyName("mpu-janitor")
                    .policyDocument(DeployedPolicies.json(DeployedPolicies.without(policy, action))));

            JsonLines log = RunCapture.manualRun(List.of(bucket), Settings.fromEnv(env), provider(hubRole()), EIGHT_DAYS_LATER);

            if (action.equals(MissingGrant.LISTING)) {
                JsonNode account = accounts(log).get(member);
                assertThat(account.get("status").asText()).as(account.toString()).isEqualTo("FAILED");
                assertThat(account.get("errorCode").asText()).isEqualTo("AccessDenied");
                assertThat(log.records("bucket")).isEmpty();
                return;
            }
            MissingGrant.assertDocumentedEffect(action, log.records("bucket").getFirst(), s3, bucket);
        }
    }
}
