package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.report.Metric;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alarm of template.yaml: it fires when a run leaves a bucket FAILED or an account not fully covered, or the
 * function errors, and tells the SNS topic, to which AlarmEmail (when given) is subscribed.
 */
class TemplateAlarmTest {

    private static final String FUNCTION = "JanitorFunction";

    private final SamTemplate template = SamTemplate.load();
    private final String alarmId = onlyResourceOfType("AWS::CloudWatch::Alarm");
    private final String topicId = onlyResourceOfType("AWS::SNS::Topic");
    private final Map<String, Object> alarm = template.properties(alarmId);
    private final List<Map<String, Object>> queries = list(alarm.get("Metrics")).stream().map(SamTemplate::map).toList();

    @Test
    void oneOfItsMetricsIsOurBucketsFailedWithoutDimensions() {
        Map<String, Object> stat = metricStat(Metric.BUCKETS_FAILED.metricName());
        Map<String, Object> metric = map(stat.get("Metric"));

        assertThat(metric).containsEntry("Namespace", Map.of("Ref", "MetricNamespace")).doesNotContainKey("Dimensions");
        assertThat(stat).containsEntry("Stat", "Maximum");
    }

    @Test
    void oneOfItsMetricsIsOurAccountsFailedWithoutDimensions() {
        Map<String, Object> stat = metricStat(Metric.ACCOUNTS_FAILED.metricName());

        assertThat(map(stat.get("Metric"))).containsEntry("Namespace", Map.of("Ref", "MetricNamespace")).doesNotContainKey("Dimensions");
        assertThat(stat).containsEntry("Stat", "Maximum");
    }

    @Test
    void oneOfItsMetricsIsTheFunctionsLambdaErrors() {
        Map<String, Object> stat = metricStat("Errors");
        Map<String, Object> metric = map(stat.get("Metric"));

        assertThat(metric).containsEntry("Namespace", "AWS/Lambda").containsEntry("Dimensions",
                List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", FUNCTION))));
        assertThat(stat).containsEntry("Stat", "Sum");
    }

    @Test
    void itAlarmsOnTheSumOfAllWithMissingHoursAsZero() {
        assertThat(queries).hasSize(4);
        List<Map<String, Object>> returned = queries.stream().filter(query -> Boolean.TRUE.equals(query.get("ReturnData")))
                .toList();
        assertThat(returned).as("exactly one query is the alarm's").hasSize(1);
        String expression = (String) returned.getFirst().get("Expression");
        String failed = idOf(Metric.BUCKETS_FAILED.metricName());
        String accounts = idOf(Metric.ACCOUNTS_FAILED.metricName());
        String errors = idOf("Errors");

        assertThat(identifiers(expression)).containsExactlyInAnyOrder(failed, accounts, errors);
        // A sum with one term missing is missing: each term must count as 0 where it has no point.
        assertThat(expression.replaceAll("\\s", "")).isEqualTo("FILL(" + failed + ",0)+FILL(" + accounts + ",0)+FILL(" + errors + ",0)");
        assertThat(queries).filteredOn(query -> query.containsKey("MetricStat"))
                .allSatisfy(query -> assertThat(query).containsEntry("ReturnData", false));
    }

    @Test
    void anyProblemAtAllFiresAndNoRunIsNoProblem() {
        assertThat(alarm).containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("Threshold", 0)
                .containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("EvaluationPeriods", 1);
    }

    @Test
    void everyMetricUsesOnePeriodThatCloudWatchAllowsAnAlarmToEvaluate() {
        Set<Object> periods = new HashSet<>();
        queries.stream().filter(query -> query.containsKey("MetricStat"))
                .forEach(query -> periods.add(map(query.get("MetricStat")).get("Period")));

        assertThat(periods).hasSize(1);
        int period = (Integer) periods.iterator().next();
        assertThat(period).isIn(3600, 86400);
        assertThat(period * (Integer) alarm.get("EvaluationPeriods")).as("period x evaluation periods").isLessThanOrEqualTo(86400);
    }

    @Test
    void itNotifiesTheTopicThatTheOutputsName() {
        assertThat(alarm.get("AlarmActions")).isEqualTo(List.of(Map.of("Ref", topicId)));

        Map<String, Object> outputs = template.section("Outputs");
        assertThat(map(outputs.get("AlarmTopicArn"))).containsEntry("Value", Map.of("Ref", topicId));
        assertThat(map(outputs.get("AlarmName"))).containsEntry("Value", Map.of("Ref", alarmId));
    }

    @Test
    void theEmailIsSubscribedOnlyWhenGiven() {
        List<String> subscriptions = template.resourcesOfType("AWS::SNS::Subscription");
        assertThat(subscriptions).hasSize(1);
        Map<String, Object> subscription = template.resource(subscriptions.getFirst());

        assertThat(subscription).containsEntry("Condition", "HasAlarmEmail");
        assertThat(map(subscription.get("Properties"))).containsEntry("Protocol", "email")
                .containsEntry("Endpoint", Map.of("Ref", "AlarmEmail"))
                .containsEntry("TopicArn", Map.of("Ref", topicId));
        assertThat(new TemplateConditions(template, Map.of()).holds("HasAlarmEmail")).as("by default").isFalse();
        assertThat(new TemplateConditions(template, Map.of("AlarmEmail", "")).holds("HasAlarmEmail")).isFalse();
        assertThat(new TemplateConditions(template, Map.of("AlarmEmail", "ops@example.com")).holds("HasAlarmEmail"))
                .isTrue();
    }

    static Stream<Arguments> emails() {
        return Stream.of(
                Arguments.of("", true),
                Arguments.of("ops@example.com", true),
                Arguments.of("first.last+mpu@mail.example.co.uk", true),
                Arguments.of("ops", false),
                Arguments.of("ops@localhost", false),
                Arguments.of("@example.com", false),
                Arguments.of("ops@example.com, dev@example.com", false),
                Arguments.of(" ops@example.com", false));
    }

    @ParameterizedTest
    @MethodSource("emails")
    void alarmEmailIsEmptyOrOneAddress(String email, boolean allowed) {
        String pattern = (String) template.parameter("AlarmEmail").get("AllowedPattern");

        assertThat(Pattern.matches(pattern, email)).as("AllowedPattern on '%s'", email).isEqualTo(allowed);
    }

    private Map<String, Object> metricStat(String metricName) {
        return map(queryOf(metricName).get("MetricStat"));
    }

    private String idOf(String metricName) {
        return (String) queryOf(metricName).get("Id");
    }

    private Map<String, Object> queryOf(String metricName) {
        List<Map<String, Object>> matching = queries.stream().filter(query -> query.containsKey("MetricStat"))
                .filter(query -> metricName.equals(map(map(query.get("MetricStat")).get("Metric")).get("MetricName")))
                .toList();
        assertThat(matching).as("alarm metrics named %s", metricName).hasSize(1);
        return matching.getFirst();
    }

    /** The query ids an expression names: identifiers starting lowercase (functions are upper case: FILL, SUM). */
    private static Set<String> identifiers(String expression) {
        Set<String> ids = new HashSet<>();
        Matcher identifier = Pattern.compile("\\b[a-z][A-Za-z0-9_]*\\b").matcher(expression);
        while (identifier.find()) {
            ids.add(identifier.group());
        }
        return ids;
    }

    private String onlyResourceOfType(String type) {
        List<String> ids = template.resourcesOfType(type);
        assertThat(ids).as(type).hasSize(1);
        return ids.getFirst();
    }
}
