package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;
import static dev.mpujanitor.template.SamTemplate.oneOrMany;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.aws.Permissions;
import dev.mpujanitor.aws.S3Operation;
import dev.mpujanitor.config.Settings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * member-role.yaml: a plain CloudFormation template, as a service-managed StackSet requires, for a role that trusts
 * the hub function's role alone and grants exactly the S3 and S3 Express actions the hub's own role grants, on the same
 * resources, under the same settings.
 */
class MemberRoleTemplateTest {

    private static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");

    private final SamTemplate member = SamTemplate.load(SamTemplate.PROJECT_ROOT.resolve("member-role.yaml"));
    private final SamTemplate hub = SamTemplate.load();

    @Test
    void hasNoTransformSinceServiceManagedStackSetsRefuseOne() {
        assertThat(member.root()).doesNotContainKey("Transform").containsKey("AWSTemplateFormatVersion");
        assertThat(member.section("Resources").values()).allSatisfy(resource ->
                assertThat((String) map(resource).get("Type")).doesNotStartWith("AWS::Serverless::"));
    }

    @Test
    void createsOneRoleNamedByTheParameterTheHubAssumes() {
        List<String> roles = member.resourcesOfType("AWS::IAM::Role");

        assertThat(member.section("Resources")).hasSize(1);
        assertThat(roles).hasSize(1);
        assertThat(member.properties(roles.getFirst()).get("RoleName")).isEqualTo(Map.of("Ref", "MemberRole"));
        assertThat(member.parameter("MemberRole").get("Default")).isEqualTo(Settings.DEFAULT_MEMBER_ROLE)
                .isEqualTo(hub.parameter("MemberRole").get("Default"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MemberRole", "ExternalId", "AbortStaleUploads", "DirectoryBuckets"})
    void sharedParametersAcceptWhatTheHubsDo(String parameter) {
        Map<String, Object> own = member.parameter(parameter);
        Map<String, Object> hubs = hub.parameter(parameter);

        assertThat(own.get("AllowedPattern")).isEqualTo(hubs.get("AllowedPattern"));
        assertThat(own.get("AllowedValues")).isEqualTo(hubs.get("AllowedValues"));
        assertThat(own.get("Default")).isEqualTo(hubs.get("Default"));
    }

    @Test
    void theExternalIdIsNeverEchoedByEitherStack() {
        assertThat(member.parameter("ExternalId")).containsEntry("NoEcho", true);
        assertThat(hub.parameter("ExternalId")).containsEntry("NoEcho", true);
    }

    @Test
    void trustsOnlyTheHubRoleAndRequiresTheExternalIdWhenOneIsGiven() {
        Map<String, Object> trust = map(role().get("AssumeRolePolicyDocument"));
        List<Object> statements = oneOrMany(trust.get("Statement"));

        assertThat(statements).hasSize(1);
        Map<String, Object> statement = map(statements.getFirst());
        assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole")
                .containsEntry("Principal", Map.of("AWS", Map.of("Ref", "FunctionRoleArn")));
        assertThat(statement.get("Condition")).isEqualTo(Map.of("Fn::If", List.of("HasExternalId",
                Map.of("StringEquals", Map.of("sts:ExternalId", Map.of("Ref", "ExternalId"))), NO_VALUE)));
        assertThat(member.section("Conditions").get("HasExternalId"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ExternalId"), "")))));
    }

    @Test
    void theFunctionRoleArnPatternAdmitsRoleArnsOfEveryPartitionAndNothingElse() {
        String pattern = (String) member.parameter("FunctionRoleArn").get("AllowedPattern");

        assertThat(pattern).isNotNull();
        assertThat(List.of("arn:aws:iam::111122223333:role/mpu-janitor-JanitorFunctionRole-AB12CD",
                "arn:aws-cn:iam::111122223333:role/service/janitor", "arn:aws-us-gov:iam::111122223333:role/x"))
                .allSatisfy(arn -> assertThat(Pattern.matches(pattern, arn)).as(arn).isTrue());
        assertThat(List.of("", "*", "arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:user/x", "111122223333",
                "arn:aws:iam::111122223333:root")).allSatisfy(arn -> assertThat(Pattern.matches(pattern, arn)).as(arn).isFalse());
    }

    @Test
    void grantsExactlyTheS3ActionsOfTheHubsRoleOnTheSameResources() {
        List<Map<String, Object>> unconditional = statements().stream().filter(statement -> !statement.containsKey("Fn::If")).toList();

        assertThat(unconditional.stream().flatMap(statement -> oneOrMany(statement.get("Action")).stream()))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(S3Operation.requiredIamActions());
        assertThat(unconditional).allSatisfy(statement -> assertThat(statement).isEqualTo(hubStatement((String) statement.get("Sid"))));
    }

    /**
     * Each grant under a condition is the hub's statement of the same Sid, under a condition of the same definition: a
     * boolean setting's Parameter being "true", shared with the hub. Together they grant exactly the actions each such
     * setting enables, for every setting that has actions of its own.
     */
    @Test
    void eachConditionalGrantIsTheHubsUnderTheSameSettingAndNoSettingIsMissing() {
        Map<String, Set<String>> actionsBySetting = new HashMap<>();
        for (Map<String, Object> item : statements().stream().filter(statement -> statement.containsKey("Fn::If")).toList()) {
            List<Object> branches = list(item.get("Fn::If"));
            Map<String, Object> statement = map(branches.get(1));
            String sid = (String) statement.get("Sid");
            Object definition = member.section("Conditions").get(branches.get(0));
            List<Object> sides = list(map(definition).get("Fn::Equals"));

            assertThat(branches.get(2)).as("%s otherwise", sid).isEqualTo(NO_VALUE);
            assertThat(statement).as(sid).isEqualTo(hubStatement(sid));
            assertThat(definition).as("the condition of %s", sid).isEqualTo(hubConditionOf(sid));
            assertThat(sides).as("the condition of %s", sid).hasSize(2).element(1).isEqualTo("true");
            String parameter = (String) map(sides.get(0)).get("Ref");
            actionsBySetting.computeIfAbsent(variableNameOf(parameter), setting -> new HashSet<>())
                    .addAll(oneOrMany(statement.get("Action")).stream().map(String.class::cast).toList());
        }

        assertThat(actionsBySetting.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(S3Operation.values())
                .flatMap(operation -> operation.onlyWithSetting().stream()).collect(Collectors.toSet()));
        actionsBySetting.forEach((setting, actions) -> assertThat(actions).as(setting).containsExactlyInAnyOrderElementsOf(Permissions.onlyWith(setting)));
        assertThat(actionsBySetting).containsKeys(Settings.ABORT_STALE_UPLOADS, Settings.DIRECTORY_BUCKETS);
    }

    /** For each value of the shared settings, the role CloudFormation creates has exactly the hub role's S3 and S3 Express actions. */
    @ParameterizedTest(name = "AbortStaleUploads={0}, DirectoryBuckets={1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void eachParameterSetResolvesToExactlyTheHubsBucketActions(String abortStaleUploads, String directoryBuckets) {
        Map<String, String> shared = Map.of("AbortStaleUploads", abortStaleUploads, "DirectoryBuckets", directoryBuckets);
        Map<String, String> hubParameters = new HashMap<>(shared);
        hubParameters.put("Accounts", "111111111111");
        List<String> hubs = DeployedPolicies.actions(DeployedPolicies.functionRole(hubParameters, "123456789012", "mpu-janitor")).stream()
                .filter(action -> action.startsWith("s3:") || action.startsWith("s3express:")).toList();

        assertThat(DeployedPolicies.actions(DeployedPolicies.memberRole(shared, "111111111111")))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(hubs);
        assertThat(hubs.stream().anyMatch(action -> action.startsWith("s3express:"))).isEqualTo(directoryBuckets.equals("true"));
        assertThat(hubs.contains("s3:AbortMultipartUpload")).isEqualTo(abortStaleUploads.equals("true"));
    }

    @Test
    void everyReferenceNamesSomethingTheTemplateDeclaresAndEveryParameterIsUsed() {
        assertThat(TemplateReferences.in(member.root())).isNotEmpty();
        assertThat(TemplateReferences.unresolved(member.root())).isEmpty();
        assertThat(TemplateReferences.unusedParameters(member.root())).isEmpty();
    }

    @Test
    void theHubSaysWhichRoleToTrust() {
        assertThat(map(hub.section("Outputs").get("FunctionRoleArn")).get("Value"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("JanitorFunctionRole", "Arn")));
    }

    @Test
    void matchesTheCloudFormationSchemaWhereItIsAvailable() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SamSchema.DIR), "schema check NOT run: ../shared/sam-schema is absent");
        SamSchema schema = SamSchema.load(SamSchema.DIR);
        JsonNode template = new ObjectMapper().valueToTree(member.root());

        List<String> problems = new ArrayList<>(schema.validateTopLevel(template));
        template.get("Resources").properties().forEach(resource -> problems.addAll(schema.validateResource(resource.getKey(), resource.getValue())));
        assertThat(problems).isEmpty();
    }

    private Map<String, Object> role() {
        return member.properties(member.resourcesOfType("AWS::IAM::Role").getFirst());
    }

    private List<Map<String, Object>> statements() {
        List<Object> policies = oneOrMany(role().get("Policies"));
        assertThat(policies).hasSize(1);
        return oneOrMany(map(map(policies.getFirst()).get("PolicyDocument")).get("Statement")).stream().map(SamTemplate::map).toList();
    }

    /** The definition of the hub's condition its statement of this Sid is granted under. */
    private Object hubConditionOf(String sid) {
        for (Object policy : oneOrMany(hub.properties("JanitorFunction").get("Policies"))) {
            for (Object item : oneOrMany(map(policy).get("Statement"))) {
                if (map(item).containsKey("Fn::If") && sid.equals(map(list(map(item).get("Fn::If")).get(1)).get("Sid"))) {
                    return hub.section("Conditions").get(list(map(item).get("Fn::If")).getFirst());
                }
            }
        }
        throw new AssertionError("the hub's role grants no statement " + sid + " under a condition");
    }

    /** AbortStaleUploads -> ABORT_STALE_UPLOADS. */
    private static String variableNameOf(String parameter) {
        return parameter.replaceAll("(?<=[a-z0-9])(?=[A-Z])", "_").toUpperCase(Locale.ROOT);
    }

    /** The hub role's statement of this Sid, whether or not under a condition. */
    private Map<String, Object> hubStatement(String sid) {
        for (Object policy : oneOrMany(hub.properties("JanitorFunction").get("Policies"))) {
            for (Object item : oneOrMany(map(policy).get("Statement"))) {
                Map<String, Object> statement = map(item).containsKey("Fn::If") ? map(list(map(item).get("Fn::If")).get(1)) : map(item);
                if (sid.equals(statement.get("Sid"))) {
                    return statement;
                }
            }
        }
        throw new AssertionError("the hub's role has no statement " + sid);
    }
}
