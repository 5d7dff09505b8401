package dev.mpujanitor.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * template.yaml against the SAM JSON schema and policy templates kept beside the project
 * ({@code ../shared/sam-schema}). Without that folder the check is skipped and says so; in CI it fails.
 */
class TemplateSchemaTest {

    private static final String ABSENT = "SAM schema check NOT run: ../shared/sam-schema is absent";

    private static SamSchema schema;
    private static JsonNode template;

    @BeforeAll
    static void loadSchema() throws Exception {
        if (Files.isDirectory(SamSchema.DIR)) {
            schema = SamSchema.load(SamSchema.DIR);
            template = new ObjectMapper().valueToTree(SamTemplate.load().root());
        } else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(ABSENT + ", and CI=true requires it");
        } else {
            // Maven's test summary shows skipped tests only as a count: say it where it is read.
            System.err.println("WARNING: " + ABSENT + " (each of its tests is skipped)");
        }
    }

    /** Each test, not the class, is skipped: a class skipped in @BeforeAll is reported as no tests at all. */
    @BeforeEach
    void requireSchema() {
        Assumptions.assumeTrue(schema != null, ABSENT);
    }

    @Test
    void templateSectionsMatchTheSchema() {
        assertThat(schema.validateTopLevel(template)).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> eachResourceMatchesTheSchemaOfItsType() {
        List<DynamicTest> tests = new ArrayList<>();
        template.get("Resources").properties().forEach(resource -> tests.add(DynamicTest.dynamicTest(
                resource.getKey() + " (" + resource.getValue().path("Type").asText() + ")",
                () -> assertThat(schema.validateResource(resource.getKey(), resource.getValue())).isEmpty())));
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    @Test
    void policyTemplatesNamedInPoliciesExistAndGetTheirParameters() {
        List<String> problems = new ArrayList<>();
        template.get("Resources").properties().forEach(resource -> {
            JsonNode policies = resource.getValue().path("Properties").path("Policies");
            if (!policies.isMissingNode()) {
                problems.addAll(schema.checkPolicies("Resources." + resource.getKey() + ".Properties.Policies", policies));
            }
        });
        assertThat(problems).isEmpty();
    }

    // The checks themselves: a mistake must yield one message that names it.

    @Test
    void aMisspeltFunctionPropertyYieldsOneMessageNamingIt() {
        ObjectNode function = function();
        ObjectNode properties = (ObjectNode) function.get("Properties");
        properties.set("Timout", properties.remove("Timeout"));

        assertThat(schema.validateResource("JanitorFunction", function))
                .singleElement().asString().contains("Resources.JanitorFunction").contains("Timout");
    }

    @Test
    void aMisspeltSchedulePropertyYieldsOneMessageNamingIt() {
        ObjectNode function = function();
        ObjectNode schedule = (ObjectNode) function.at("/Properties/Events").elements().next().get("Properties");
        schedule.set("Schedul", schedule.remove("Schedule"));

        assertThat(schema.validateResource("JanitorFunction", function))
                .singleElement().asString().contains("Properties.Events.").contains("Schedul");
    }

    @Test
    void anUnknownServerlessTypeIsReported() {
        ObjectNode function = function();
        function.put("Type", "AWS::Serverless::Functon");

        assertThat(schema.validateResource("JanitorFunction", function))
                .singleElement().asString().contains("AWS::Serverless::Functon is not a SAM resource type");
    }

    @Test
    void policyTemplatesAreCheckedByNameAndParameters() {
        JsonNode policies = new ObjectMapper().valueToTree(CloudFormationYaml.parse("""
                Policies:
                  - S3ReadPolicy: {BucketName: reports}
                  - S3ReadPolicy: {}
                  - S3ReedPolicy: {BucketName: reports}
                  - Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]
                  - AWSLambdaBasicExecutionRole
                """).get("Policies"));

        assertThat(schema.checkPolicies("Policies", policies)).containsExactly(
                "Policies.S3ReadPolicy: parameter BucketName is missing",
                "Policies.S3ReedPolicy: not a SAM policy template");
    }

    /** A valid function, apart from template.yaml, so that these checks of the checker do not depend on it. */
    private static ObjectNode function() {
        ObjectNode function = new ObjectMapper().valueToTree(CloudFormationYaml.parse("""
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: .
                  Handler: example.Handler::handleRequest
                  Runtime: java21
                  Timeout: 900
                  Events:
                    Daily:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 day)
                        RetryPolicy: {MaximumRetryAttempts: 0}
                """));
        assertThat(schema.validateResource("JanitorFunction", function)).as("the unbroken function").isEmpty();
        return function;
    }
}
