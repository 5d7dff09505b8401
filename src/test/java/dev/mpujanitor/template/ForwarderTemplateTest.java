package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;
import static dev.mpujanitor.template.SamTemplate.oneOrMany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What forwarder.yaml must say to send the bucket events of another Region, and only them, to mpu-janitor's Region,
 * with a role that can do nothing else. Its pattern is tried on events in BucketEventRulesTest.
 */
class ForwarderTemplateTest {

    private static final Path FILE = SamTemplate.PROJECT_ROOT.resolve("forwarder.yaml");
    private static final String RULE = "AWS::Events::Rule";
    private static final String ROLE = "AWS::IAM::Role";
    private static final Map<String, Object> DEPLOYMENT_REGION_DEFAULT_BUS = Map.of("Fn::Sub",
            "arn:${AWS::Partition}:events:${DeploymentRegion}:${AWS::AccountId}:event-bus/default");

    /** CloudFormation's template sections: without the SAM transform there are no Globals. */
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Resources", "Outputs");

    // The SAM schema knows a resource outside AWS::Serverless:: only as "a Type": these property names come from the
    // CloudFormation reference instead.
    /** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html */
    private static final Set<String> RULE_PROPERTIES = Set.of("Description", "EventBusName", "EventPattern", "Name",
            "RoleArn", "ScheduleExpression", "State", "Targets");
    /** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-events-rule-target.html */
    private static final Set<String> TARGET_PROPERTIES = Set.of("Arn", "BatchParameters", "DeadLetterConfig",
            "EcsParameters", "HttpParameters", "Id", "Input", "InputPath", "InputTransformer", "KinesisParameters",
            "RedshiftDataParameters", "RetryPolicy", "RoleArn", "RunCommandParameters", "SqsParameters");
    /** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html */
    private static final Set<String> ROLE_PROPERTIES = Set.of("AssumeRolePolicyDocument", "Description",
            "ManagedPolicyArns", "MaxSessionDuration", "Path", "PermissionsBoundary", "Policies", "RoleName", "Tags");
    /** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-policy.html */
    private static final Set<String> POLICY_PROPERTIES = Set.of("PolicyDocument", "PolicyName");

    private final SamTemplate forwarder = load();

    @Test
    void isPlainCloudFormationWithoutTheSamTransform() {
        assertThat(forwarder.root()).containsEntry("AWSTemplateFormatVersion", "2010-09-09").doesNotContainKey("Transform");
        assertThat(SECTIONS).containsAll(forwarder.root().keySet());
        assertThat(forwarder.section("Resources").values()).map(resource -> map(resource).get("Type"))
                .containsExactlyInAnyOrder(RULE, ROLE);
    }

    @Test
    void everyReferenceNamesSomethingTheTemplateDeclares() {
        assertThat(TemplateReferences.in(forwarder.root())).isNotEmpty();
        assertThat(TemplateReferences.unresolved(forwarder.root())).isEmpty();
    }

    @Test
    void everyParameterIsUsedDescribedAndConstrained() {
        assertThat(TemplateReferences.unusedParameters(forwarder.root())).isEmpty();
        forwarder.section("Parameters").forEach((name, parameter) -> assertThat(map(parameter)).as(name)
                .containsEntry("Type", "String")
                .containsKeys("Description", "AllowedPattern", "ConstraintDescription"));
    }

    @ParameterizedTest
    @CsvSource({
            "us-east-1, true", "eu-west-1, true", "eu-central-2, true", "ap-southeast-7, true", "ca-west-1, true",
            "il-central-1, true", "mx-central-1, true", "me-south-1, true", "ap-northeast-3, true",
            "us-east, false", "US-EAST-1, false", "' us-east-1', false", "us-east-1a, false", "useast1, false",
            "cn-north-1, false", "cn-northwest-1, false", "us-gov-west-1, false", "us-iso-east-1, false", "'', false",
            "arn:aws:events:us-east-1:123456789012:event-bus/default, false"})
    void deploymentRegionAdmitsRegionNamesThatCanReceiveRoutedEvents(String region, boolean admitted) {
        assertThat(admits("DeploymentRegion", region)).as(region).isEqualTo(admitted);
    }

    @ParameterizedTest
    @CsvSource({
            "arn:aws:iam::123456789012:role/mpu-janitor-JanitorFunctionRole-ABCDEF123456, true",
            "arn:aws:iam::123456789012:role/service-role/janitor, true",
            "'arn:aws:iam::123456789012:role/a/b/c_d+e=f,g.h@i-j', true",
            "arn:aws-cn:iam::123456789012:role/janitor, true",
            "arn:aws:sts::123456789012:assumed-role/mpu-janitor-JanitorFunctionRole-ABCDEF123456/mpu-janitor-janitor, false",
            "arn:aws:iam::123456789012:user/alice, false",
            "arn:aws:iam::12345678901:role/janitor, false",
            "arn:aws:iam::123456789012:role/, false",
            "arn:aws:iam::123456789012:role/has space, false",
            "mpu-janitor-JanitorFunctionRole-ABCDEF123456, false",
            "'', false"})
    void functionRoleArnAdmitsRoleArnsOnly(String arn, boolean admitted) {
        assertThat(admits("FunctionRoleArn", arn)).as(arn).isEqualTo(admitted);
    }

    @ParameterizedTest
    @CsvSource({"us-east-1, us-east-1, false", "eu-west-1, eu-west-1, false", "us-east-1, eu-west-1, true",
            "eu-west-1, us-east-1, true"})
    void theStackIsRefusedInTheDeploymentRegionItself(String deploymentRegion, String stackRegion, boolean allowed) {
        Map<String, Object> rule = map(forwarder.section("Rules").get("NotInTheDeploymentRegion"));
        assertThat(rule).as("a rule that always applies").doesNotContainKey("RuleCondition");
        List<Object> assertions = list(rule.get("Assertions"));
        assertThat(assertions).isNotEmpty();

        for (Object assertion : assertions) {
            assertThat(map(assertion).get("AssertDescription")).asString().contains("DeploymentRegion");
            // An assertion is evaluated as a condition is: TemplateConditions does it, given the stack's Region.
            SamTemplate asCondition = new SamTemplate(Map.of("Conditions", Map.of("Assert", map(assertion).get("Assert"))));
            TemplateConditions conditions = new TemplateConditions(asCondition,
                    Map.of("DeploymentRegion", deploymentRegion, "AWS::Region", stackRegion));

            assertThat(conditions.holds("Assert")).isEqualTo(allowed);
        }
    }

    @Test
    void theRoleCanBeAssumedOnlyByEventBridgeForThisAccount() {
        Map<String, Object> trust = map(properties(ROLE).get("AssumeRolePolicyDocument"));

        assertThat(trust).containsEntry("Version", "2012-10-17");
        assertThat(list(trust.get("Statement"))).singleElement().satisfies(statement -> assertThat(map(statement))
                .containsOnlyKeys("Effect", "Principal", "Action", "Condition")
                .containsEntry("Effect", "Allow")
                .containsEntry("Principal", Map.of("Service", "events.amazonaws.com"))
                .containsEntry("Condition",
                        Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))
                .satisfies(s -> assertThat(oneOrMany(s.get("Action"))).containsExactly("sts:AssumeRole")));
    }

    @Test
    void theRoleMayOnlyPutEventsOnTheDeploymentRegionsDefaultBus() {
        Map<String, Object> role = properties(ROLE);
        assertThat(role).doesNotContainKeys("ManagedPolicyArns");
        List<Object> policies = list(role.get("Policies"));
        assertThat(policies).hasSize(1);
        Map<String, Object> document = map(map(policies.getFirst()).get("PolicyDocument"));

        assertThat(document).containsEntry("Version", "2012-10-17");
        assertThat(list(document.get("Statement"))).singleElement()
                .satisfies(statement -> assertThat(map(statement))
                        .containsOnlyKeys("Effect", "Action", "Resource")
                        .containsEntry("Effect", "Allow")
                        .satisfies(s -> assertThat(oneOrMany(s.get("Action"))).containsExactly("events:PutEvents"))
                        .satisfies(s -> assertThat(oneOrMany(s.get("Resource")))
                                .containsExactly(DEPLOYMENT_REGION_DEFAULT_BUS)));
    }

    @Test
    void theRuleListensOnThisRegionsDefaultBusAndSendsToTheDeploymentRegionsWithTheRole() {
        Map<String, Object> rule = properties(RULE);
        String roleId = forwarder.resourcesOfType(ROLE).getFirst();

        assertThat(rule).containsEntry("EventBusName", "default").containsEntry("State", "ENABLED");
        assertThat(list(rule.get("Targets"))).singleElement().satisfies(target -> assertThat(map(target))
                .containsEntry("Arn", DEPLOYMENT_REGION_DEFAULT_BUS)
                .containsEntry("RoleArn", Map.of("Fn::GetAtt", List.of(roleId, "Arn")))
                .satisfies(t -> assertThat((String) t.get("Id")).matches("[.\\-_A-Za-z0-9]{1,64}")));
    }

    /** template.yaml's rule takes the same events in the function's Region as this one in every other. */
    @Test
    void theFunctionsOwnRuleHasThisPatternWithItsOwnRole() {
        Map<String, Object> events = map(SamTemplate.load().properties("JanitorFunction").get("Events"));
        Map<String, Object> rule = map(events.get("BucketChanged"));

        assertThat(rule.get("Type")).isEqualTo("EventBridgeRule");
        assertThat(map(map(rule.get("Properties")).get("RetryPolicy"))).containsEntry("MaximumRetryAttempts", 0);
        assertThat(RulePattern.bucketChanged(EventSamples.FUNCTION_ROLE_ARN).json())
                .isEqualTo(RulePattern.forwarder(EventSamples.FUNCTION_ROLE_ARN).json());
    }

    @Test
    void eachPropertyIsOneItsTypeHasAndTheRequiredAreThere() {
        Map<String, Object> rule = properties(RULE);
        Map<String, Object> role = properties(ROLE);

        assertThat(RULE_PROPERTIES).containsAll(rule.keySet());
        assertThat(rule).containsKey("EventPattern");
        assertThat(list(rule.get("Targets"))).allSatisfy(target -> {
            assertThat(TARGET_PROPERTIES).containsAll(map(target).keySet());
            assertThat(map(target)).containsKeys("Arn", "Id");
        });
        assertThat(ROLE_PROPERTIES).containsAll(role.keySet());
        assertThat(role).containsKey("AssumeRolePolicyDocument");
        assertThat(list(role.get("Policies"))).allSatisfy(policy ->
                assertThat(map(policy)).containsOnlyKeys(POLICY_PROPERTIES));
    }

    /** As far as the SAM schema goes: the sections, and each resource's Type. */
    @Test
    void theTemplateMatchesTheSamSchema() throws IOException {
        if (!Files.isDirectory(SamSchema.DIR) && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("../shared/sam-schema is absent, and CI=true requires it");
        }
        Assumptions.assumeTrue(Files.isDirectory(SamSchema.DIR), "SAM schema check NOT run: ../shared/sam-schema is absent");
        SamSchema schema = SamSchema.load(SamSchema.DIR);
        JsonNode template = new ObjectMapper().valueToTree(forwarder.root());

        assertThat(schema.validateTopLevel(template)).isEmpty();
        template.get("Resources").properties().forEach(resource ->
                assertThat(schema.validateResource(resource.getKey(), resource.getValue())).as(resource.getKey()).isEmpty());
    }

    /** CloudFormation's AllowedPattern must match the whole value. */
    private boolean admits(String parameter, String value) {
        return Pattern.matches((String) forwarder.parameter(parameter).get("AllowedPattern"), value);
    }

    private Map<String, Object> properties(String type) {
        List<String> ids = forwarder.resourcesOfType(type);
        assertThat(ids).as("resources of type %s", type).hasSize(1);
        return map(map(forwarder.section("Resources").get(ids.getFirst())).get("Properties"));
    }

    private static SamTemplate load() {
        try {
            return new SamTemplate(CloudFormationYaml.load(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
