package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.PROJECT_ROOT;
import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;
import static dev.mpujanitor.template.SamTemplate.oneOrMany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.aws.FunctionInvoker;
import dev.mpujanitor.aws.Permissions;
import dev.mpujanitor.aws.S3Operation;
import dev.mpujanitor.config.InvalidSettingException;
import dev.mpujanitor.config.Settings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What template.yaml must say for the function in this project to run as designed. */
class TemplateTest {

    private static final String FUNCTION = "JanitorFunction";

    /**
     * Settings' variables that only the jar reads (pointing it at an S3-compatible store); the function never gets
     * them. Settings does not mark them itself, hence this list.
     */
    private static final Set<String> JAR_ONLY = Set.of(
            Settings.AWS_ENDPOINT_URL_S3, Settings.AWS_ENDPOINT_URL, Settings.AWS_ENDPOINT_URL_PRICING, Settings.AWS_ENDPOINT_URL_STS,
            Settings.AWS_ENDPOINT_URL_ORGANIZATIONS, Settings.S3_FORCE_PATH_STYLE, Settings.S3_EXPRESS_ENDPOINT_URL);
    /** Read by the JVM, not by Settings. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /**
     * The actions that take no resource: the account's bucket listings (general purpose and directory), the Price List,
     * the organization's accounts.
     */
    private static final Set<String> ACCOUNT_LEVEL_ACTIONS = Set.of("s3:ListAllMyBuckets", "s3express:ListAllMyDirectoryBuckets",
            "pricing:GetProducts", "organizations:ListAccounts");
    /** The member role of every account, by the name the MemberRole Parameter gives it. */
    private static final Map<String, Object> MEMBER_ROLES = Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::*:role/${MemberRole}");
    /**
     * Actions on one upload, whose IAM resource type is the object (an upload is addressed by bucket and key); every
     * other S3 action the function needs is on the bucket.
     */
    private static final Set<String> OBJECT_LEVEL_ACTIONS = Set.of("s3:ListMultipartUploadParts", "s3:AbortMultipartUpload");
    private static final Map<String, Object> EVERY_BUCKET = Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::*");
    private static final Map<String, Object> EVERY_OBJECT = Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::*/*");
    /** Every directory bucket of the stack's account, in every Region: the ARN names the account, unlike an S3 bucket's. */
    private static final Map<String, Object> EVERY_DIRECTORY_BUCKET =
            Map.of("Fn::Sub", "arn:${AWS::Partition}:s3express:*:${AWS::AccountId}:bucket/*");
    /** The function's own ARN: its name is the stack's name plus a fixed suffix (FunctionName in the template). */
    private static final Map<String, Object> THIS_FUNCTION =
            Map.of("Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-janitor");
    private static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");

    private final SamTemplate template = SamTemplate.load();
    private final Map<String, Object> function = template.properties(FUNCTION);

    @Test
    void theFunctionIsTheTemplatesOnlyServerlessFunction() {
        assertThat(template.resourcesOfType("AWS::Serverless::Function")).containsExactly(FUNCTION);
    }

    @Test
    void runtimeIsTheJavaThePomCompilesFor() throws Exception {
        String release = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(PROJECT_ROOT.resolve("pom.xml").toFile())
                .getElementsByTagName("maven.compiler.release").item(0).getTextContent().strip();

        assertThat(function.get("Runtime")).isEqualTo("java" + release).isEqualTo("java21");
    }

    @Test
    void runsOnExactlyOneArchitecture() {
        assertThat(list(function.get("Architectures"))).singleElement().isIn("arm64", "x86_64");
    }

    @Test
    void handlerNamesARequestHandlerAndItsMethod() throws Exception {
        String[] handler = ((String) function.get("Handler")).split("::");
        assertThat(handler).hasSize(2);

        Class<?> type = Class.forName(handler[0], false, getClass().getClassLoader());

        assertThat(RequestHandler.class.isAssignableFrom(type)).as("%s implements RequestHandler", type).isTrue();
        assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())).isTrue();
        assertThat(Arrays.stream(type.getMethods()).map(Method::getName)).contains(handler[1]);
        assertThatCode(type::getConstructor).as("the runtime needs a public no-argument constructor")
                .doesNotThrowAnyException();
    }

    @Test
    void samBuildsTheFunctionWithTheMakefileTargetNamedAfterIt() throws IOException {
        Path code = PROJECT_ROOT.resolve((String) function.get("CodeUri")).normalize();

        assertThat(map(template.resource(FUNCTION).get("Metadata"))).containsEntry("BuildMethod", "makefile");
        assertThat(code.resolve("pom.xml")).isRegularFile();
        assertThat(Files.readAllLines(code.resolve("Makefile"))).contains("build-" + FUNCTION + ":");
    }

    @Test
    void theMakefileBuildsWithTheWrapperWithoutTheTestsIntoTheFolderSamZips() throws IOException {
        List<String> recipe = Files.readAllLines(PROJECT_ROOT.resolve("Makefile")).stream()
                .dropWhile(line -> !line.equals("build-" + FUNCTION + ":")).skip(1).takeWhile(line -> line.startsWith("\t")).toList();

        assertThat(recipe).anySatisfy(line -> assertThat(line).startsWith("\t./mvnw ").contains("-DskipTests", "$(ARTIFACTS_DIR)"))
                .noneSatisfy(line -> assertThat(line).startsWith("\tmvn "))
                .anySatisfy(line -> assertThat(line).contains("target/classes", "$(ARTIFACTS_DIR)"));
    }

    @Test
    void everyReferenceNamesSomethingTheTemplateDeclares() {
        assertThat(TemplateReferences.in(template.root())).isNotEmpty();
        assertThat(TemplateReferences.unresolved(template.root())).isEmpty();
    }

    @Test
    void everyParameterIsUsed() {
        assertThat(TemplateReferences.unusedParameters(template.root())).isEmpty();
    }

    @Test
    void undeclaredNamesAreReportedWhereverTheyAreReferenced() {
        Map<String, Object> broken = CloudFormationYaml.parse("""
                Parameters: {Known: {Type: String}}
                Conditions: {IsOn: !Equals [!Ref Known, "on"]}
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                    Condition: IsOff
                    DependsOn: [Queue]
                    Properties:
                      TopicName: !Sub "${Known}-${Unknown}-${Other.Arn}-${!Literal}-${AWS::NoValue}-${AWS::Region}"
                      A: !Ref Missing
                      B: !GetAtt Ghost.Arn
                      C: !If [IsOff, !Ref AWS::NoValue, !Ref AWS::StackName]
                      D: !Sub ["${Local}", {Local: !Ref Known}]
                """);

        assertThat(TemplateReferences.unresolved(broken)).map(problem -> problem.substring(problem.indexOf(": ") + 2))
                .containsExactlyInAnyOrder("CONDITION IsOff is not declared", "RESOURCE Queue is not declared",
                        "SUB Unknown is not declared", "RESOURCE Other is not declared",
                        "SUB AWS::NoValue is not declared", "REF Missing is not declared",
                        "RESOURCE Ghost is not declared", "CONDITION IsOff is not declared");
    }

    @Test
    void environmentHoldsExactlyTheOperatorSettingsAndTheJvmOptions() {
        Set<String> expected = new HashSet<>(operatorSettings());
        expected.addAll(JVM_VARIABLES);

        assertThat(operatorSettings()).isNotEmpty();
        assertThat(environment().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void eachSettingComesFromTheParameterOfTheSameName() {
        for (String variable : operatorSettings()) {
            String parameter = parameterNameOf(variable);
            assertThat(template.section("Parameters")).as("Parameter for %s", variable).containsKey(parameter);
            assertThat(environment().get(variable)).as(variable).isEqualTo(Map.of("Ref", parameter));
        }
    }

    @Test
    void parameterDefaultsAreTheFunctionsOwnDefaults() {
        Map<String, String> env = operatorSettings().stream().collect(Collectors.toMap(variable -> variable,
                variable -> String.valueOf(template.parameter(parameterNameOf(variable)).get("Default"))));

        assertThat(Settings.fromEnv(env)).isEqualTo(Settings.fromEnv(Map.of()));
    }

    @Test
    void everySettingParameterIsConstrained() {
        for (String variable : operatorSettings()) {
            assertThat(template.parameter(parameterNameOf(variable)))
                    .as(parameterNameOf(variable))
                    .containsAnyOf(Map.entry("Type", "Number"), Map.entry("Type", "String"))
                    .satisfiesAnyOf(
                            p -> assertThat(p).containsKeys("MinValue", "MaxValue"),
                            p -> assertThat(p).containsKey("AllowedValues"),
                            p -> assertThat(p).containsKey("AllowedPattern"));
        }
    }

    @Test
    void numberParametersAdmitExactlyTheRangeTheFunctionAccepts() {
        for (String variable : operatorSettings()) {
            Map<String, Object> parameter = template.parameter(parameterNameOf(variable));
            if (!"Number".equals(parameter.get("Type"))) {
                continue;
            }
            long min = ((Number) parameter.get("MinValue")).longValue();
            long max = ((Number) parameter.get("MaxValue")).longValue();

            assertThat(accepts(variable, min)).as("%s accepts MinValue %d", variable, min).isTrue();
            assertThat(accepts(variable, max)).as("%s accepts MaxValue %d", variable, max).isTrue();
            assertThat(accepts(variable, min - 1)).as("%s rejects %d", variable, min - 1).isFalse();
            assertThat(accepts(variable, max + 1)).as("%s rejects %d", variable, max + 1).isFalse();
        }
    }

    @Test
    void allowedValuesAreAllAcceptedByTheFunction() {
        for (String variable : operatorSettings()) {
            Object allowed = template.parameter(parameterNameOf(variable)).get("AllowedValues");
            if (allowed != null) {
                assertThat(list(allowed)).allSatisfy(value ->
                        assertThat(accepts(variable, value)).as("%s=%s", variable, value).isTrue());
            }
        }
    }

    static Stream<String> metricNamespaces() {
        return Stream.of("MpuJanitor", "My-App/Janitor_1.0#x:y", "a", ":leading", "AWS/S3", "AWSish/ok", "with space",
                "naïve", "n".repeat(255), "n".repeat(256));
    }

    @ParameterizedTest
    @MethodSource("metricNamespaces")
    void metricNamespacePatternAgreesWithTheFunction(String namespace) {
        String pattern = (String) template.parameter("MetricNamespace").get("AllowedPattern");

        assertThat(Pattern.matches(pattern, namespace)).as("AllowedPattern on '%s'", namespace)
                .isEqualTo(acceptsNamespace(namespace));
    }

    @Test
    void anEmptyMetricNamespaceIsRefused() {
        // The function reads an empty variable as "the default"; the Parameter says what it means instead.
        String pattern = (String) template.parameter("MetricNamespace").get("AllowedPattern");

        assertThat(Pattern.matches(pattern, "")).isFalse();
    }

    /** Price, whether AllowedPattern admits it, whether the function accepts it. */
    static Stream<Arguments> prices() {
        return Stream.of(
                Arguments.of("0.023", true, true),
                Arguments.of("0", true, true),
                Arguments.of("0.0125", true, true),
                Arguments.of("9.99", true, true),
                Arguments.of("10", true, true),
                Arguments.of("10.000", true, true),
                Arguments.of("10.01", false, false),
                Arguments.of("11", false, false),
                Arguments.of("-0.1", false, false),
                Arguments.of("0,023", false, false),
                Arguments.of("free", false, false),
                // Narrower than the function on purpose: a price is written in plain decimals.
                Arguments.of("2.3e-2", false, true),
                Arguments.of(".5", false, true),
                // Empty means the list prices, to both.
                Arguments.of("", true, true));
    }

    @ParameterizedTest
    @MethodSource("prices")
    void pricePatternAdmitsOnlyPricesTheFunctionAccepts(String price, boolean admitted, boolean accepted) {
        String pattern = (String) template.parameter("PricePerGbMonth").get("AllowedPattern");

        assertThat(Pattern.matches(pattern, price)).as("AllowedPattern on '%s'", price).isEqualTo(admitted);
        assertThat(accepts(Settings.PRICE_PER_GB_MONTH, price)).as("the function on '%s'", price).isEqualTo(accepted);
    }

    @Test
    void parameterDefaultsMeetTheirOwnConstraints() {
        template.section("Parameters").forEach((name, definition) -> {
            Map<String, Object> parameter = map(definition);
            Object fallback = parameter.get("Default");
            if (fallback == null) {
                return;
            }
            String text = String.valueOf(fallback);
            if (parameter.containsKey("AllowedValues")) {
                assertThat(list(parameter.get("AllowedValues")).stream().map(String::valueOf)).as(name).contains(text);
            }
            if (parameter.containsKey("AllowedPattern")) {
                assertThat(text).as(name).matches(Pattern.compile((String) parameter.get("AllowedPattern")));
            }
            if ("Number".equals(parameter.get("Type"))) {
                BigDecimal value = new BigDecimal(text);
                Optional.ofNullable(parameter.get("MinValue")).ifPresent(min ->
                        assertThat(value).as(name).isGreaterThanOrEqualTo(new BigDecimal(String.valueOf(min))));
                Optional.ofNullable(parameter.get("MaxValue")).ifPresent(max ->
                        assertThat(value).as(name).isLessThanOrEqualTo(new BigDecimal(String.valueOf(max))));
            }
        });
    }

    @Test
    void defaultScheduleIsAValidExpression() {
        String schedule = (String) template.parameter("ScheduleExpression").get("Default");

        assertThat(ScheduleExpressions.problem(schedule)).isEmpty();
    }

    static Stream<Arguments> scheduleExpressions() {
        return Stream.of(
                Arguments.of("rate(1 day)", true),
                Arguments.of("rate(1 minute)", true),
                Arguments.of("rate(1 hour)", true),
                Arguments.of("rate(5 minutes)", true),
                Arguments.of("rate(12 hours)", true),
                Arguments.of("rate(30 days)", true),
                Arguments.of("cron(0 3 * * ? *)", true),
                Arguments.of("cron(15 10 ? * MON-FRI *)", true),
                Arguments.of("cron(0/15 * ? * * *)", true),
                Arguments.of("cron(0 8 1,15 * ? 2026)", true),
                Arguments.of("rate(1 days)", false),
                Arguments.of("rate(2 day)", false),
                Arguments.of("rate(0 days)", false),
                Arguments.of("rate(01 day)", false),
                Arguments.of("rate(1 week)", false),
                Arguments.of("rate(1day)", false),
                Arguments.of("cron(0 3 * * *)", false),
                Arguments.of("cron(0 3 * * * *)", false),
                Arguments.of("cron(0 3 ? * ? *)", false),
                Arguments.of("cron(0 3 * * ? * *)", false),
                Arguments.of("daily", false));
    }

    @ParameterizedTest
    @MethodSource("scheduleExpressions")
    void scheduleValidatorAndAllowedPatternAgree(String expression, boolean valid) {
        String pattern = (String) template.parameter("ScheduleExpression").get("AllowedPattern");

        assertThat(ScheduleExpressions.problem(expression).isEmpty()).as("validator on %s", expression).isEqualTo(valid);
        assertThat(Pattern.matches(pattern, expression)).as("AllowedPattern on %s", expression).isEqualTo(valid);
    }

    @Test
    void theScheduleRunsOnTheScheduleParameterWithoutRetries() {
        Map<String, Object> events = map(function.get("Events"));
        assertThat(events.values()).extracting(event -> map(event).get("Type")).containsExactlyInAnyOrder("Schedule", "EventBridgeRule");
        Map<String, Object> event = events.values().stream().map(SamTemplate::map).filter(e -> "Schedule".equals(e.get("Type"))).findFirst().orElseThrow();
        Map<String, Object> properties = map(event.get("Properties"));

        assertThat(event.get("Type")).isEqualTo("Schedule");
        assertThat(properties.get("Schedule")).isEqualTo(Map.of("Ref", "ScheduleExpression"));
        assertThat(map(properties.get("RetryPolicy"))).containsEntry("MaximumRetryAttempts", 0);
        assertThat(map(function.get("EventInvokeConfig"))).containsEntry("MaximumRetryAttempts", 0);
    }

    @Test
    void unconditionalActionsAreExactlyThoseTheCodeAlwaysCalls() {
        List<Object> actions = actionsOf(unconditionalStatements());

        assertThat(actions).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Permissions.always());
    }

    @Test
    void abortingIsGrantedOnlyUnderAbortStaleUploadsEqualsTrue() {
        Map<String, Object> condition = map(template.section("Conditions").get(conditionOf(Settings.ABORT_STALE_UPLOADS)));

        assertThat(condition).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "AbortStaleUploads"), "true")));
        assertThat(Permissions.onlyWith(Settings.ABORT_STALE_UPLOADS)).isNotEmpty();
    }

    @Test
    void directoryBucketsAreGrantedOnlyUnderDirectoryBucketsEqualsTrueAndOnlyInTheStacksAccount() {
        String condition = conditionOf(Settings.DIRECTORY_BUCKETS);
        List<Map<String, Object>> statements = conditionalStatements().get(condition);

        assertThat(map(template.section("Conditions").get(condition)))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "DirectoryBuckets"), "true")));
        assertThat(Permissions.onlyWith(Settings.DIRECTORY_BUCKETS)).isNotEmpty().allSatisfy(action -> assertThat(action).startsWith("s3express:"));
        assertThat(statements).filteredOn(statement -> EVERY_DIRECTORY_BUCKET.equals(statement.get("Resource"))).singleElement()
                .satisfies(statement -> assertThat(statement.get("Condition"))
                        .isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceAccount", Map.of("Ref", "AWS::AccountId")))));
    }

    @Test
    void eachConditionalGrantIsExactlyTheActionsItsSettingEnables() {
        Set<String> settingsWithOwnActions = Arrays.stream(S3Operation.values())
                .flatMap(operation -> operation.onlyWithSetting().stream()).collect(Collectors.toSet());
        Map<String, List<Map<String, Object>>> byCondition = conditionalStatements();

        assertThat(byCondition.keySet().stream().filter(this::isBooleanSettingCondition).map(this::settingTrueUnder))
                .containsExactlyInAnyOrderElementsOf(settingsWithOwnActions);
        byCondition.forEach((condition, statements) -> assertThat(actionsOf(statements)).as("actions under %s", condition)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(actionsNeededUnder(condition)));
    }

    @Test
    void otherAccountsAreEnteredOnlyWhenAccountsIsNotSelfAndTheOrganizationListedOnlyForOrganization() {
        assertThat(map(template.section("Conditions").get("ScansOtherAccounts")))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Accounts"), "self")))));
        assertThat(map(template.section("Conditions").get("ListsOrganization")))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "Accounts"), "organization")));
        assertThat(actionsNeededUnder("ScansOtherAccounts")).containsExactly("sts:AssumeRole");
        assertThat(actionsNeededUnder("ListsOrganization")).containsExactly("organizations:ListAccounts");
    }

    static Stream<Arguments> grantSettings() {
        return Stream.of("true", "false").flatMap(abort -> Stream.of("true", "false").flatMap(directory ->
                Stream.of("self", "organization", "111111111111,222222222222").map(accounts -> Arguments.of(abort, directory, accounts))));
    }

    @ParameterizedTest(name = "AbortStaleUploads={0}, DirectoryBuckets={1}, Accounts={2}")
    @MethodSource("grantSettings")
    void theRoleGrantsWhatTheFunctionCallsWithTheseParameters(String abortStaleUploads, String directoryBuckets, String accounts) {
        Set<String> expected = new HashSet<>(Permissions.always());
        if (abortStaleUploads.equals("true")) {
            expected.addAll(Permissions.onlyWith(Settings.ABORT_STALE_UPLOADS));
        }
        if (directoryBuckets.equals("true")) {
            expected.addAll(Permissions.onlyWith(Settings.DIRECTORY_BUCKETS));
        }
        if (!accounts.equals("self")) {
            expected.addAll(Permissions.forOtherAccounts());
        }
        if (accounts.equals("organization")) {
            expected.addAll(Permissions.forOrganization());
        }
        TemplateConditions conditions = new TemplateConditions(template,
                Map.of("AbortStaleUploads", abortStaleUploads, "DirectoryBuckets", directoryBuckets, "Accounts", accounts));
        List<Map<String, Object>> granted = statementItems().stream().map(conditions::resolveIf)
                .filter(statement -> !NO_VALUE.equals(statement)).map(SamTemplate::map).toList();

        assertThat(actionsOf(granted)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void noActionIsAWildcard() {
        assertThat(allStatements()).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement).containsEntry("Effect", "Allow").doesNotContainKeys("NotAction", "NotResource");
            assertThat(oneOrMany(statement.get("Action"))).allSatisfy(action -> assertThat((String) action)
                    .doesNotContain("*"));
        });
    }

    @Test
    void eachActionIsGrantedOnItsOwnKindOfResourceOnly() {
        for (Map<String, Object> statement : allStatements()) {
            List<Object> resources = oneOrMany(statement.get("Resource"));
            List<Object> actions = oneOrMany(statement.get("Action"));
            assertThat(resources).as("resources of %s", statement.get("Sid")).hasSize(1);
            Object resource = resources.getFirst();
            if ("*".equals(resource)) {
                assertThat(actions).as("actions on *").isSubsetOf(ACCOUNT_LEVEL_ACTIONS);
            } else if (MEMBER_ROLES.equals(resource)) {
                assertThat(actions).as("actions on the member roles").containsExactlyElementsOf(Permissions.forOtherAccounts());
            } else if (THIS_FUNCTION.equals(resource)) {
                assertThat(actions).as("actions on the function itself").containsExactly(FunctionInvoker.IAM_ACTION);
            } else if (EVERY_BUCKET.equals(resource)) {
                assertThat(actions).as("actions on buckets").doesNotContainAnyElementsOf(ACCOUNT_LEVEL_ACTIONS)
                        .doesNotContainAnyElementsOf(OBJECT_LEVEL_ACTIONS)
                        .allSatisfy(action -> assertThat((String) action).startsWith("s3:"));
            } else if (EVERY_DIRECTORY_BUCKET.equals(resource)) {
                assertThat(actions).as("actions on directory buckets").doesNotContainAnyElementsOf(ACCOUNT_LEVEL_ACTIONS)
                        .allSatisfy(action -> assertThat((String) action).startsWith("s3express:"));
            } else {
                assertThat(resource).as("resource of %s", actions).isEqualTo(EVERY_OBJECT);
                assertThat(actions).as("actions on objects").isSubsetOf(OBJECT_LEVEL_ACTIONS);
            }
        }
    }

    @Test
    void permissionsAreInlineStatementsOnly() {
        assertThat(function).as("a Role would replace the policies").doesNotContainKey("Role");
        assertThat(oneOrMany(function.get("Policies"))).isNotEmpty().allSatisfy(policy ->
                assertThat(policy).as("no managed policy or policy template")
                        .isInstanceOf(Map.class).satisfies(p -> assertThat(map(p)).containsKey("Statement")));
    }

    @Test
    void timeoutIsLambdasFifteenMinutes() {
        assertThat(function.get("Timeout")).isEqualTo(900);
    }

    @Test
    void reservedConcurrencyOfZeroReservesNothing() {
        Object reserved = function.get("ReservedConcurrentExecutions");

        assertThat(template.parameter("ReservedConcurrency")).containsEntry("Default", 1).containsEntry("MinValue", 0);
        assertThat(new TemplateConditions(template, Map.of("ReservedConcurrency", "0")).resolveIf(reserved))
                .isEqualTo(Map.of("Ref", "AWS::NoValue"));
        assertThat(new TemplateConditions(template, Map.of("ReservedConcurrency", "1")).resolveIf(reserved))
                .isEqualTo(Map.of("Ref", "ReservedConcurrency"));
    }

    @Test
    void logsGoToTheStacksOwnLogGroupNamedAfterTheFunction() {
        Object logGroupRef = map(function.get("LoggingConfig")).get("LogGroup");
        String logGroup = (String) map(logGroupRef).get("Ref");
        Map<String, Object> properties = template.properties(logGroup);

        assertThat(template.resource(logGroup)).containsEntry("Type", "AWS::Logs::LogGroup");
        assertThat(properties.get("RetentionInDays")).isEqualTo(Map.of("Ref", "LogRetentionInDays"));
        assertThat(properties.get("LogGroupName"))
                .isEqualTo(Map.of("Fn::Sub", "/aws/lambda/" + map(function.get("FunctionName")).get("Fn::Sub")));
    }

    @Test
    void sampleEventIsAnEventBridgeScheduledEvent() throws Exception {
        JsonNode event = new ObjectMapper().readTree(PROJECT_ROOT.resolve("events/scheduled-event.json").toFile());

        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.path("resources").path(0).asText()).startsWith("arn:aws:events:");
        assertThat(event.path("detail").isObject()).isTrue();
    }

    /** Settings' environment variables (constants named as their value) that operators set through the template. */
    private static Set<String> operatorSettings() {
        Set<String> variables = new HashSet<>();
        for (Field field : Settings.class.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    if (field.getName().equals(field.get(null))) {
                        variables.add(field.getName());
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(variables).as("Settings' environment variables").containsAll(JAR_ONLY);
        variables.removeAll(JAR_ONLY);
        return variables;
    }

    /** ABORT_AFTER_DAYS -> AbortAfterDays. */
    private static String parameterNameOf(String variable) {
        return Arrays.stream(variable.split("_"))
                .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
    }

    private Map<String, Object> environment() {
        return map(map(function.get("Environment")).get("Variables"));
    }

    private static boolean accepts(String variable, Object value) {
        try {
            Settings.fromEnv(Map.of(variable, String.valueOf(value)));
            return true;
        } catch (InvalidSettingException e) {
            return false;
        }
    }

    private static boolean acceptsNamespace(String namespace) {
        try {
            Settings.fromEnv(Map.of(Settings.METRIC_NAMESPACE, namespace));
            return true;
        } catch (InvalidSettingException e) {
            return false;
        }
    }

    /** The items of the policies' Statement lists as written: statements, or Fn::If of a statement and NoValue. */
    private List<Object> statementItems() {
        List<Object> items = new ArrayList<>();
        for (Object policy : oneOrMany(function.get("Policies"))) {
            if (policy instanceof Map<?, ?> document && document.containsKey("Statement")) {
                items.addAll(oneOrMany(document.get("Statement")));
            }
        }
        return items;
    }

    private List<Map<String, Object>> unconditionalStatements() {
        return statementItems().stream().map(SamTemplate::map).filter(item -> !item.containsKey("Fn::If")).toList();
    }

    /** Condition -> the statements granted only when it holds; each must be an Fn::If whose other branch is NoValue. */
    private Map<String, List<Map<String, Object>>> conditionalStatements() {
        Map<String, List<Map<String, Object>>> byCondition = new HashMap<>();
        for (Object item : statementItems()) {
            Object choice = map(item).get("Fn::If");
            if (choice == null) {
                continue;
            }
            List<Object> branches = list(choice);
            assertThat(branches).as("Fn::If in Statement").hasSize(3);
            assertThat(branches.get(2)).as("a conditional statement grants nothing otherwise").isEqualTo(NO_VALUE);
            byCondition.computeIfAbsent((String) branches.get(0), condition -> new ArrayList<>())
                    .add(map(branches.get(1)));
        }
        return byCondition;
    }

    /** Every statement the role can have, whatever the parameters. */
    private List<Map<String, Object>> allStatements() {
        List<Map<String, Object>> statements = new ArrayList<>(unconditionalStatements());
        conditionalStatements().values().forEach(statements::addAll);
        return statements;
    }

    private static List<Object> actionsOf(List<Map<String, Object>> statements) {
        return statements.stream().flatMap(statement -> oneOrMany(statement.get("Action")).stream()).toList();
    }

    /** Whether {@code condition} is a boolean setting's: {@code !Equals [!Ref P, "true"]}. */
    private boolean isBooleanSettingCondition(String condition) {
        Map<String, Object> definition = map(template.section("Conditions").get(condition));
        return definition.containsKey("Fn::Equals") && "true".equals(list(definition.get("Fn::Equals")).get(1));
    }

    /**
     * The actions the function needs exactly when {@code condition} holds: a boolean setting's own actions, or those of
     * ACCOUNTS (other accounts when it is not self, the organization's listing when it is organization).
     */
    private Set<String> actionsNeededUnder(String condition) {
        if (isBooleanSettingCondition(condition)) {
            return Permissions.onlyWith(settingTrueUnder(condition));
        }
        Object definition = template.section("Conditions").get(condition);
        if (definition.equals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Accounts"), "self")))))) {
            return Permissions.forOtherAccounts();
        }
        if (definition.equals(Map.of("Fn::Equals", List.of(Map.of("Ref", "Accounts"), "organization")))) {
            return Permissions.forOrganization();
        }
        throw new AssertionError("Condition " + condition + " grants actions, but the function needs none exactly under " + definition);
    }

    /** The setting whose Parameter being "true" is exactly what {@code condition} says: {@code !Equals [!Ref P, "true"]}. */
    private String settingTrueUnder(String condition) {
        Object definition = template.section("Conditions").get(condition);
        assertThat(definition).as("Condition %s", condition).isNotNull();
        List<Object> sides = list(map(definition).get("Fn::Equals"));
        assertThat(sides).as("Condition %s", condition).hasSize(2).element(1).isEqualTo("true");
        String parameter = (String) map(sides.get(0)).get("Ref");
        return variableNameOf(parameter);
    }

    private String conditionOf(String setting) {
        return conditionalStatements().keySet().stream().filter(this::isBooleanSettingCondition)
                .filter(condition -> settingTrueUnder(condition).equals(setting))
                .findFirst().orElseThrow(() -> new AssertionError("no statement is granted only with " + setting));
    }

    /** AbortStaleUploads -> ABORT_STALE_UPLOADS. */
    private static String variableNameOf(String parameter) {
        return parameter.replaceAll("(?<=[a-z0-9])(?=[A-Z])", "_").toUpperCase(Locale.ROOT);
    }
}
