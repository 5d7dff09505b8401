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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * member-role.yaml: a plain CloudFormation template, as a service-managed StackSet requires, for a role that trusts
 * the hub function's role alone and grants exactly the S3 actions the hub's own role grants, on the same resources.
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
    @ValueSource(strings = {"MemberRole", "ExternalId", "AbortStaleUploads"})
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

    @Test
    void abortingIsGrantedOnlyUnderAbortStaleUploadsEqualsTrueAsOnTheHub() {
        List<List<Object>> conditional = statements().stream().filter(statement -> statement.containsKey("Fn::If"))
                .map(statement -> list(statement.get("Fn::If"))).toList();

        assertThat(conditional).hasSize(1);
        List<Object> branches = conditional.getFirst();
        assertThat(member.section("Conditions").get(branches.get(0)))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "AbortStaleUploads"), "true")));
        assertThat(branches.get(2)).isEqualTo(NO_VALUE);
        Map<String, Object> abort = map(branches.get(1));
        assertThat(oneOrMany(abort.get("Action"))).containsExactlyInAnyOrderElementsOf(Permissions.onlyWith(Settings.ABORT_STALE_UPLOADS));
        assertThat(abort).isEqualTo(hubStatement((String) abort.get("Sid")));
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
