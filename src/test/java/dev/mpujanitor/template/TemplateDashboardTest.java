package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.uploads.UploadTotals;
import dev.mpujanitor.report.Metric;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.StoredBytes;
import dev.mpujanitor.uploads.UploadInventory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch dashboard of template.yaml: its body is JSON once CloudFormation has substituted it, it shows the
 * metrics the function emits (and no others, and without dimensions, which they have none of), and its Logs
 * Insights tables read the function's log group and the fields the bucket records have.
 */
class TemplateDashboardTest {

    private static final String FUNCTION = "JanitorFunction";
    /** A namespace other than the default, so that a dashboard naming the default literally is caught. */
    private static final String SAMPLE_NAMESPACE = "Sample/Janitor";
    private static final Map<String, String> SAMPLE_PSEUDO_PARAMETERS = Map.of(
            "AWS::Region", "eu-west-1", "AWS::StackName", "sample-stack", "AWS::AccountId", "123456789012",
            "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");
    /** The one metric of another namespace the dashboard may show, with the only dimension it has there. */
    private static final String LAMBDA = "AWS/Lambda";
    private static final String LAMBDA_ERRORS = "Errors";

    private static final Set<String> COMMANDS = Set.of("fields", "display", "filter", "stats", "sort", "limit", "dedup");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "as", "by", "asc", "desc", "like");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern SOURCE = Pattern.compile("SOURCE '([^']*)'\\s*\\|(.*)", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|@?[A-Za-z_][A-Za-z0-9_.]*|[0-9]+(?:\\.[0-9]+)?|[<>!=]=|\\S");

    private final SamTemplate template = SamTemplate.load();
    private final String dashboardId = onlyResourceOfType("AWS::CloudWatch::Dashboard");
    private final Map<String, Object> dashboard = template.properties(dashboardId);
    private final JsonNode body = parseBody();

    @Test
    void theBodyIsJsonWithWidgetsOnceSubstituted() {
        assertThat(body.path("widgets").isArray()).isTrue();
        assertThat(body.path("widgets")).isNotEmpty();
    }

    @Test
    void theDashboardIsNamedAfterTheStackAndLinkedFromTheOutputs() {
        assertThat((String) map(dashboard.get("DashboardName")).get("Fn::Sub")).contains("${AWS::StackName}");

        String url = (String) map(map(template.section("Outputs").get("DashboardUrl")).get("Value")).get("Fn::Sub");
        assertThat(url).isEqualTo("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}"
                + "#dashboards:name=${" + dashboardId + "}");
    }

    @Test
    void eachGraphKeepsItsDailyPeriod() {
        assertThat(body.path("periodOverride").asText()).as("auto would re-bin the once-a-day points").isEqualTo("inherit");
        assertThat(widgets("metric")).isNotEmpty().allSatisfy(widget ->
                assertThat(widget.at("/properties/period").asInt()).as(title(widget)).isEqualTo(86400));
    }

    @Test
    void everyWidgetQueriesTheStacksRegion() {
        List<JsonNode> querying = new ArrayList<>(widgets("metric"));
        querying.addAll(widgets("log"));

        assertThat(querying).allSatisfy(widget -> assertThat(widget.at("/properties/region").asText()).as(title(widget))
                .isEqualTo(SAMPLE_PSEUDO_PARAMETERS.get("AWS::Region")));
    }

    @Test
    void widgetsFitTheGridWithoutOverlapping() {
        List<JsonNode> widgets = widgets(null);
        for (JsonNode widget : widgets) {
            assertThat(widget.path("x").asInt(-1)).as(title(widget)).isBetween(0, 23);
            assertThat(widget.path("width").asInt()).as(title(widget)).isBetween(1, 24 - widget.path("x").asInt());
            assertThat(widget.path("height").asInt()).as(title(widget)).isPositive();
        }
        for (int i = 0; i < widgets.size(); i++) {
            for (int j = i + 1; j < widgets.size(); j++) {
                assertThat(overlap(widgets.get(i), widgets.get(j)))
                        .as("%s overlaps %s", title(widgets.get(i)), title(widgets.get(j))).isFalse();
            }
        }
    }

    @Test
    void everyMetricIsOneTheFunctionEmitsWithoutDimensions() {
        List<MetricRow> rows = metricRows();
        String functionName = sample(FUNCTION);

        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            if (row.namespace().equals(LAMBDA)) {
                assertThat(row.name()).as(row.where()).isEqualTo(LAMBDA_ERRORS);
                assertThat(row.dimensions()).as(row.where()).containsExactly("FunctionName", functionName);
            } else {
                assertThat(row.namespace()).as("namespace of %s", row.where()).isEqualTo(SAMPLE_NAMESPACE);
                assertThat(row.name()).as(row.where()).isIn(metricNames());
                assertThat(row.dimensions()).as("%s: our metrics have no dimensions", row.where()).isEmpty();
            }
        });
    }

    @Test
    void everyMetricTheFunctionEmitsIsShown() {
        Set<String> shown = metricRows().stream().filter(row -> row.namespace().equals(SAMPLE_NAMESPACE))
                .map(MetricRow::name).collect(Collectors.toSet());

        assertThat(shown).containsExactlyInAnyOrderElementsOf(metricNames());
    }

    @Test
    void metricMathNamesOnlyMetricsOfItsOwnWidget() {
        for (JsonNode widget : widgets("metric")) {
            Set<String> ids = new HashSet<>();
            List<String> expressions = new ArrayList<>();
            for (JsonNode row : widget.at("/properties/metrics")) {
                JsonNode options = row.get(row.size() - 1);
                if (options.isObject() && options.has("id")) {
                    ids.add(options.get("id").asText());
                }
                if (options.isObject() && options.has("expression")) {
                    expressions.add(options.get("expression").asText());
                }
            }
            for (String expression : expressions) {
                assertThat(mathIdentifiers(expression)).as("%s: %s", title(widget), expression).isNotEmpty()
                        .isSubsetOf(ids);
            }
        }
    }

    @Test
    void theOldestUploadIsShownInDays() {
        List<String> shownInDays = new ArrayList<>();
        for (JsonNode widget : widgets("metric")) {
            Map<String, String> idToMetric = new HashMap<>();
            for (MetricRow row : rowsOf(widget)) {
                Optional.ofNullable(row.options().get("id")).ifPresent(id -> idToMetric.put(id.asText(), row.name()));
            }
            for (JsonNode row : widget.at("/properties/metrics")) {
                JsonNode expression = row.get(0).get("expression");
                if (expression != null) {
                    Matcher days = Pattern.compile("^\\s*(\\w+)\\s*/\\s*86400\\s*$").matcher(expression.asText());
                    if (days.matches()) {
                        shownInDays.add(idToMetric.get(days.group(1)));
                    }
                }
            }
        }
        assertThat(shownInDays).contains(Metric.OLDEST_INCOMPLETE_UPLOAD_AGE.metricName());
        assertThat(Metric.OLDEST_INCOMPLETE_UPLOAD_AGE.unit()).isEqualTo("Seconds");
    }

    @Test
    void alarmWidgetsShowAlarmsOfThisTemplate() {
        Set<String> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").stream().map(id -> sample(id + ".Arn"))
                .collect(Collectors.toSet());

        assertThat(widgets("alarm")).allSatisfy(widget -> assertThat(widget.at("/properties/alarms"))
                .isNotEmpty().allSatisfy(alarm -> assertThat(alarm.asText()).isIn(alarms)));
    }

    @Test
    void logTablesReadTheFunctionsLogGroup() {
        String logGroup = sample((String) map(map(template.properties(FUNCTION).get("LoggingConfig")).get("LogGroup")).get("Ref"));

        assertThat(widgets("log")).hasSizeGreaterThanOrEqualTo(2).allSatisfy(widget ->
                assertThat(LogQuery.parse(widget.at("/properties/query").asText()).source()).as(title(widget))
                        .isEqualTo(logGroup));
    }

    @Test
    void logTablesReadOnlyFieldsTheRecordsTheyFilterOnHave() {
        Map<String, Set<String>> fieldsByRecord = Map.of("bucket", bucketRecordFields(), "account", accountRecordFields());

        assertThat(widgets("log")).allSatisfy(widget -> {
            LogQuery query = LogQuery.parse(widget.at("/properties/query").asText());
            assertThat(query.literals().get("record")).as("%s: the fields are one record's", title(widget))
                    .singleElement().isIn(fieldsByRecord.keySet());
            String record = query.literals().get("record").iterator().next();
            assertThat(query.fieldsRead()).as(title(widget)).isNotEmpty().isSubsetOf(fieldsByRecord.get(record));
            assertThat(query.literals().getOrDefault("outcome", Set.of())).as(title(widget))
                    .isSubsetOf(Arrays.stream(Outcome.values()).map(Outcome::name).toList());
            assertThat(query.literals().getOrDefault("status", Set.of())).as(title(widget))
                    .isSubsetOf(Arrays.stream(AccountResult.Status.values()).map(AccountResult.Status::name).toList());
        });
    }

    @Test
    void theTablesListAccountsByWasteAndTheAccountsThatFailed() {
        List<LogQuery> queries = widgets("log").stream().map(w -> LogQuery.parse(w.at("/properties/query").asText()))
                .filter(query -> query.literals().get("record").contains("account")).toList();

        assertThat(queries).anySatisfy(query -> assertThat(query.fieldsRead())
                .contains("account", "uploads.estimatedMonthlyWasteUsd", "uploads.incompleteUploadBytes"));
        assertThat(queries).anySatisfy(query -> {
            assertThat(query.literals().get("status")).containsExactlyInAnyOrder("FAILED", "INCOMPLETE");
            assertThat(query.fieldsRead()).contains("account", "status", "errorCode", "error", "outcomes.FAILED");
        });
    }

    @Test
    void theTablesListFailedAndUnfixableBucketsAndTheLargestWasters() {
        List<LogQuery> queries = widgets("log").stream().map(w -> LogQuery.parse(w.at("/properties/query").asText())).toList();

        assertThat(queries).anySatisfy(query -> {
            assertThat(query.literals().get("outcome")).containsExactlyInAnyOrder("UNFIXABLE", "FAILED");
            assertThat(query.fieldsRead()).contains("bucket", "region", "outcome", "reason", "error");
        });
        assertThat(queries).anySatisfy(query -> assertThat(query.fieldsRead()).contains("bucket", "region",
                "incompleteUploads", "incompleteUploadBytes", "estimatedMonthlyWasteUsd", "oldestUploadAgeDays"));
    }

    // The checks themselves.

    @Test
    void aQueryIsReadIntoFieldsAliasesAndComparedLiterals() {
        LogQuery query = LogQuery.parse("SOURCE '/aws/lambda/x' | filter record = \"bucket\" and outcome in [\"FAILED\", \"UNFIXABLE\"]"
                + " and ispresent(error) | stats latest(reason) as why, max(@timestamp) as seen by bucket | sort seen desc | limit 5");

        assertThat(query.source()).isEqualTo("/aws/lambda/x");
        assertThat(query.fieldsRead()).containsExactlyInAnyOrder("record", "outcome", "error", "reason", "bucket");
        assertThat(query.literals()).containsEntry("record", Set.of("bucket"))
                .containsEntry("outcome", Set.of("FAILED", "UNFIXABLE"));
        assertThatThrownBy(() -> LogQuery.parse("fields bucket")).hasMessageContaining("SOURCE");
        assertThatThrownBy(() -> LogQuery.parse("SOURCE 'g' | fetch bucket")).hasMessageContaining("fetch");
    }

    @Test
    void theDotRepeatsThePreviousRowAndDimensionsAreWhatFollowTheName() throws Exception {
        JsonNode widget = new ObjectMapper().readTree("""
                {"type": "metric", "properties": {"metrics": [
                  [{"expression": "a / 2", "id": "e"}],
                  ["NS", "One", {"id": "a"}],
                  [".", "Two", "Bucket", "b1"],
                  [".", ".", "Bucket", "b2", {"yAxis": "right"}]]}}""");

        assertThat(rowsOf(widget)).extracting(MetricRow::namespace, MetricRow::name, MetricRow::dimensions).containsExactly(
                tuple("NS", "One", List.of()),
                tuple("NS", "Two", List.of("Bucket", "b1")),
                tuple("NS", "Two", List.of("Bucket", "b2")));
        assertThat(mathIdentifiers("FILL(m1, 0) + m_2 / 86400")).containsExactlyInAnyOrder("m1", "m_2");
    }

    // Helpers.

    record MetricRow(String where, String namespace, String name, List<String> dimensions, JsonNode options) {
    }

    private List<MetricRow> metricRows() {
        return widgets("metric").stream().flatMap(widget -> rowsOf(widget).stream()).toList();
    }

    /**
     * The metrics of a widget's {@code metrics} array: [namespace, name, dimension name, value, ..., {options}], where
     * "." repeats the previous row's item at that place; a row of one options object is metric math.
     */
    private static List<MetricRow> rowsOf(JsonNode widget) {
        List<MetricRow> rows = new ArrayList<>();
        List<String> previous = null;
        int index = 0;
        for (JsonNode row : widget.at("/properties/metrics")) {
            String where = title(widget) + " metrics[" + index++ + "]";
            List<String> items = new ArrayList<>();
            JsonNode options = null;
            for (JsonNode item : row) {
                assertThat(options).as("%s: the options object comes last", where).isNull();
                if (item.isObject()) {
                    options = item;
                } else {
                    assertThat(item.isTextual()).as("%s: %s", where, item).isTrue();
                    items.add(item.asText());
                }
            }
            if (items.isEmpty()) {
                assertThat(options).as("%s: neither metric nor math", where).isNotNull();
                assertThat(options.has("expression")).as("%s: an options-only row is math", where).isTrue();
                previous = null;
                continue;
            }
            assertThat(items.size()).as("%s: namespace, name, then dimension pairs", where).isGreaterThanOrEqualTo(2)
                    .satisfies(size -> assertThat(size % 2).as(where).isZero());
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).equals(".")) {
                    assertThat(previous).as("%s: '.' needs a previous metric row", where).isNotNull();
                    assertThat(previous.size()).as("%s: '.' at %d", where, i).isGreaterThan(i);
                    items.set(i, previous.get(i));
                }
            }
            previous = items;
            rows.add(new MetricRow(where, items.get(0), items.get(1), List.copyOf(items.subList(2, items.size())),
                    options == null ? new ObjectMapper().createObjectNode() : options));
        }
        return rows;
    }

    /** The metric ids an expression names: identifiers starting lowercase (functions are upper case: FILL, SUM). */
    private static Set<String> mathIdentifiers(String expression) {
        Set<String> ids = new HashSet<>();
        Matcher identifier = Pattern.compile("\\b[a-z][A-Za-z0-9_]*\\b").matcher(expression);
        while (identifier.find()) {
            ids.add(identifier.group());
        }
        return ids;
    }

    private static Set<String> metricNames() {
        return Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toSet());
    }

    /** Widgets of one type, or all of them for null. */
    private List<JsonNode> widgets(String type) {
        List<JsonNode> widgets = new ArrayList<>();
        body.path("widgets").forEach(widget -> {
            if (type == null || type.equals(widget.path("type").asText())) {
                widgets.add(widget);
            }
        });
        return widgets;
    }

    private static String title(JsonNode widget) {
        return widget.path("type").asText() + " widget '" + widget.at("/properties/title").asText("") + "'";
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("width").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("width").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("height").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("height").asInt();
    }

    private String onlyResourceOfType(String type) {
        List<String> ids = template.resourcesOfType(type);
        assertThat(ids).as(type).hasSize(1);
        return ids.getFirst();
    }

    /** DashboardBody with every ${...} replaced as CloudFormation would, by sample values. */
    private JsonNode parseBody() {
        Object sub = map(dashboard.get("DashboardBody")).get("Fn::Sub");
        assertThat(sub).as("DashboardBody is !Sub of one string").isInstanceOf(String.class);
        Matcher variable = SUB_VARIABLE.matcher((String) sub);
        StringBuilder text = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1).strip();
            variable.appendReplacement(text, Matcher.quoteReplacement(
                    name.startsWith("!") ? "${" + name.substring(1) + "}" : sample(name)));
        }
        variable.appendTail(text);
        try {
            return new ObjectMapper().readTree(text.toString());
        } catch (Exception e) {
            throw new AssertionError("DashboardBody is not JSON once substituted: " + e.getMessage(), e);
        }
    }

    /** The value ${name} stands for: a sample for pseudo parameters and resources, a parameter's default. */
    private String sample(String name) {
        if (SAMPLE_PSEUDO_PARAMETERS.containsKey(name)) {
            return SAMPLE_PSEUDO_PARAMETERS.get(name);
        }
        if (name.equals("MetricNamespace")) {
            return SAMPLE_NAMESPACE;
        }
        if (template.section("Parameters").containsKey(name)) {
            return String.valueOf(template.parameter(name).get("Default"));
        }
        int dot = name.indexOf('.');
        String resource = dot < 0 ? name : name.substring(0, dot);
        if (!template.section("Resources").containsKey(resource)) {
            throw new AssertionError("${" + name + "} names nothing the template declares");
        }
        return dot < 0 ? "sample-" + resource : "arn:aws:sample:eu-west-1:123456789012:" + resource + "/" + name.substring(dot + 1);
    }

    /**
     * The keys of an account record with every optional part present, as BucketRecordLog writes it, nested objects'
     * keys flattened with dots as Logs Insights reads them ({@code uploads.incompleteUploadBytes}).
     */
    static Set<String> accountRecordFields() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BucketRecordLog log = new BucketRecordLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), ScanStart.whole(false, RunBudget.unlimited()));
        UploadTotals uploads = new UploadTotals(true, true, 5, 3L << 30, true, 2, Optional.of(Duration.ofDays(40)), new BigDecimal("0.069"),
                2, 0, 0, 0, Set.of(PriceSource.API), AgeBands.none());
        log.account(new AccountResult(AccountRef.member("222222222222"), AccountResult.Status.INCOMPLETE, Optional.of("SlowDown"),
                Optional.of("could not list the account's buckets: SlowDown"), Map.of(Outcome.FAILED, 1L), Map.of("AccessDenied", 1L), uploads));
        log.flush();
        try {
            Set<String> fields = new TreeSet<>();
            flatten("", new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8).strip()), fields);
            assertThat(fields).as("an account record with every optional part").contains("errorCode", "error", "uploads.incompleteUploadBytes");
            return fields;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Set<String> fields) {
        node.properties().forEach(field -> {
            fields.add(prefix + field.getKey());
            if (field.getValue().isObject()) {
                flatten(prefix + field.getKey() + ".", field.getValue(), fields);
            }
        });
    }

    /** The keys of a bucket record with every optional part present, as BucketRecordLog writes it. */
    static Set<String> bucketRecordFields() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BucketRecordLog log = new BucketRecordLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), ScanStart.whole(false, RunBudget.unlimited()));
        Price standard = new Price(new BigDecimal("0.023"), PriceSource.API, "eu-west-1");
        UploadInventory uploads = UploadInventory.builder(3, 5L << 30).measured(1, Set.of("list-parts-denied", "inventory-error")).ages(Optional.of(Duration.ofDays(40)), AgeBands.none()).cost(new BigDecimal("0.115"), List.of(new StoredBytes("STANDARD", "STANDARD", 3, 5L << 30, standard, new BigDecimal("0.115")))).aborts(2, 2, 4L << 30).error("SlowDown").build();
        log.bucket(BucketResult.builder("logs", "eu-west-1", Outcome.FAILED, "AccessDenied").rules(2, 2)
                .error("PutBucketLifecycleConfiguration failed: AccessDenied").unrecognisedElement("Rule[1]/Filter/ObjectTagsAny").uploads(uploads).build());
        log.flush();
        try {
            JsonNode record = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8).strip());
            Set<String> fields = new TreeSet<>();
            record.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("a record with every optional part").contains("error", "oldestUploadAgeDays", "inventoryError");
            return fields;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * What a dashboard's Logs Insights query reads: its SOURCE log group, the log fields it names (not @-fields,
     * functions, keywords or the aliases it defines), and the string literals each field is compared with.
     */
    record LogQuery(String source, Set<String> fieldsRead, Map<String, Set<String>> literals) {

        static LogQuery parse(String query) {
            Matcher source = SOURCE.matcher(query.strip());
            if (!source.matches()) {
                throw new IllegalArgumentException("a dashboard query starts with SOURCE '<log group>' |: " + query);
            }
            List<String> tokens = new ArrayList<>();
            Matcher token = TOKEN.matcher(source.group(2));
            while (token.find()) {
                tokens.add(token.group());
            }
            Set<String> read = new LinkedHashSet<>();
            Set<String> aliases = new HashSet<>();
            Map<String, Set<String>> literals = new HashMap<>();
            boolean commandNext = true;
            for (int i = 0; i < tokens.size(); i++) {
                String current = tokens.get(i);
                if (current.equals("|")) {
                    commandNext = true;
                    continue;
                }
                if (commandNext) {
                    if (!COMMANDS.contains(current)) {
                        throw new IllegalArgumentException("not a Logs Insights command here: " + current);
                    }
                    commandNext = false;
                    continue;
                }
                if (!Character.isLetter(current.charAt(0)) && current.charAt(0) != '_' || KEYWORDS.contains(current)) {
                    continue;
                }
                String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
                if (next.equals("(")) {
                    continue; // a function
                }
                if (i > 0 && tokens.get(i - 1).equals("as")) {
                    aliases.add(current);
                    continue;
                }
                read.add(current);
                if (next.equals("=") && i + 2 < tokens.size() && isString(tokens.get(i + 2))) {
                    literals.computeIfAbsent(current, field -> new HashSet<>()).add(unquote(tokens.get(i + 2)));
                } else if (next.equals("in") && i + 2 < tokens.size() && tokens.get(i + 2).equals("[")) {
                    for (int j = i + 3; j < tokens.size() && !tokens.get(j).equals("]"); j++) {
                        if (isString(tokens.get(j))) {
                            literals.computeIfAbsent(current, field -> new HashSet<>()).add(unquote(tokens.get(j)));
                        }
                    }
                }
            }
            read.removeAll(aliases);
            return new LogQuery(source.group(1), read, literals);
        }

        private static boolean isString(String token) {
            return token.startsWith("\"") || token.startsWith("'");
        }

        private static String unquote(String token) {
            return token.substring(1, token.length() - 1);
        }
    }
}
