package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.UploadTotals;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.testing.Summaries;
import dev.mpujanitor.uploads.AgeBands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The document against the EMF specification: a single JSON object per line, an {@code _aws} member with a
 * millisecond Timestamp and CloudWatchMetrics directives, and a root member for every metric named.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
class EmfMetricsTest {

    /** The units the specification allows (the CloudWatch StandardUnit values). */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    /**
     * Emitted only by some runs: the account counts by a run over more accounts than its own (a run over one would
     * always say 1), and BucketEvents by a run a bucket's event started.
     */
    private static final Set<Metric> ORGANIZATION_ONLY = Set.of(Metric.ACCOUNTS_SCANNED, Metric.WASTEFUL_ACCOUNTS, Metric.BUCKET_EVENTS);

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    private final ScanSummary summary = ScanSummary.builder(Map.of(Outcome.COMPLIANT, 40L, Outcome.REMEDIATED, 7L, Outcome.UNFIXABLE, 2L, Outcome.FAILED, 3L), Summaries.complete())
            .failures(Map.of("AccessDenied", 2L, "SlowDown", 1L)).duration(Duration.ofMillis(1234))
            .apiCalls(Map.of("ListBuckets", 1L, "GetBucketLifecycleConfiguration", 50L, "PutBucketLifecycleConfiguration", 7L))
            .uploads(new UploadTotals(true, true, 12, 3L << 30, true, 4, Optional.of(Duration.ofDays(40)), new BigDecimal("0.0690"), 5, 5, 1L << 30, 1,
                    Set.of(PriceSource.API), AgeBands.none())).build();

    private List<JsonNode> documents(ScanSummary run) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EmfMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), "MpuJanitor", Clock.fixed(NOW, ZoneOffset.UTC), false).finished(run);
        List<JsonNode> documents = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).lines().toList()) {
            documents.add(new ObjectMapper().readTree(line));
        }
        return documents;
    }

    /** The run's document: the one without dimensions. */
    private JsonNode emit() throws Exception {
        return documents(summary).getFirst();
    }

    @Test
    void everyDocumentFollowsTheSpecificationIncludingTheFailuresByErrorCode() throws Exception {
        List<JsonNode> documents = documents(summary);

        assertThat(documents).hasSize(3);
        documents.forEach(EmfMetricsTest::assertFollowsTheSpecification);
        assertThat(documents.subList(1, 3)).extracting(document -> document.get("ErrorCode").asText() + "=" + document.get("BucketsFailed").asLong())
                .containsExactlyInAnyOrder("AccessDenied=2", "SlowDown=1");
        assertThat(documents.get(1).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString()).isEqualTo("[[\"ErrorCode\"]]");
    }

    @Test
    void theDocumentFollowsTheEmfSpecification() throws Exception {
        assertFollowsTheSpecification(emit());
    }

    private static void assertFollowsTheSpecification(JsonNode document) {
        JsonNode aws = document.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(aws.get("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("MpuJanitor");
        assertThat(directive.get("Dimensions").isArray()).isTrue();
        directive.get("Dimensions").forEach(set -> {
            assertThat(set.isArray()).isTrue();
            assertThat(set.size()).isLessThanOrEqualTo(30);
            set.forEach(key -> assertThat(document.get(key.asText()).isTextual()).as("dimension %s is a root string", key).isTrue());
        });
        List<String> names = new ArrayList<>();
        directive.get("Metrics").forEach(definition -> {
            String name = definition.get("Name").asText();
            names.add(name);
            assertThat(name).hasSizeBetween(1, 1024);
            assertThat(UNITS).contains(definition.get("Unit").asText());
            assertThat(document.get(name).isNumber()).as("%s has a numeric root member", name).isTrue();
        });
        assertThat(names).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void everyDeclaredMetricIsEmittedWithTheRunsFigures() throws Exception {
        JsonNode document = emit();

        assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics"))
                .extracting(definition -> definition.get("Name").asText())
                .containsExactly(java.util.Arrays.stream(Metric.values()).filter(metric -> !ORGANIZATION_ONLY.contains(metric))
                        .map(Metric::metricName).toArray(String[]::new));
        assertThat(document.get("BucketsScanned").asLong()).isEqualTo(52);
        assertThat(document.get("BucketsCompliant").asLong()).isEqualTo(40);
        assertThat(document.get("BucketsRemediated").asLong()).isEqualTo(7);
        assertThat(document.get("BucketsWouldRemediate").asLong()).isZero();
        assertThat(document.get("BucketsUnfixable").asLong()).isEqualTo(2);
        assertThat(document.get("BucketsFailed").asLong()).isEqualTo(3);
        assertThat(document.get("ApiCalls").asLong()).isEqualTo(58);
        assertThat(document.get("ScanDuration").asLong()).isEqualTo(1234);
        assertThat(document.get("IncompleteUploads").asLong()).isEqualTo(12);
        assertThat(document.get("IncompleteUploadBytes").asLong()).isEqualTo(3L << 30);
        assertThat(document.get("OldestIncompleteUploadAge").asLong()).isEqualTo(Duration.ofDays(40).toSeconds());
        assertThat(document.get("EstimatedMonthlyWaste").decimalValue()).isEqualByComparingTo("0.069");
        assertThat(document.get("UploadsAborted").asLong()).isEqualTo(5);
        assertThat(document.get("BytesFreed").asLong()).isEqualTo(1L << 30);
        assertThat(document.get("BucketsInventoryFailed").asLong()).isEqualTo(1);
    }

    @Test
    void withoutAnUploadSurveyNoUploadFigureIsClaimed() throws Exception {
        ScanSummary unsurveyed = ScanSummary.builder(summary.outcomes(), Summaries.complete()).duration(summary.duration())
                .apiCalls(summary.apiCalls()).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EmfMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), "MpuJanitor", Clock.fixed(NOW, ZoneOffset.UTC), false).finished(unsurveyed);
        JsonNode document = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));

        assertThat(document.has("IncompleteUploadBytes")).isFalse();
        assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics"))
                .extracting(definition -> definition.get("Name").asText())
                .contains("BucketsScanned").doesNotContain("IncompleteUploads", "EstimatedMonthlyWaste");
    }

    @Test
    void aRunOverAnOrganizationCountsItsAccountsWithoutAnAccountDimension() throws Exception {
        UploadTotals wasteful = new UploadTotals(true, true, 2, 1L << 30, true, 1, Optional.of(Duration.ofDays(9)), new BigDecimal("0.023"),
                0, 0, 0, 0, Set.of(PriceSource.API), AgeBands.none());
        OrganizationSummary organization = new OrganizationSummary(List.of(
                account("111111111111", AccountResult.Status.COVERED, wasteful),
                account("222222222222", AccountResult.Status.FAILED, UploadTotals.notSurveyed()),
                account("333333333333", AccountResult.Status.COVERED, UploadTotals.notSurveyed()),
                account("444444444444", AccountResult.Status.NOT_REACHED, UploadTotals.notSurveyed())), 1, 2);
        ScanSummary overOrganization = ScanSummary.builder(summary.outcomes(), summary.reach()).failures(summary.failures())
                .duration(summary.duration()).apiCalls(summary.apiCalls()).uploads(summary.uploads()).organization(organization).build();

        List<JsonNode> documents = documents(overOrganization);
        JsonNode document = documents.getFirst();

        assertThat(document.get("AccountsScanned").asLong()).isEqualTo(3);
        assertThat(document.get("AccountsFailed").asLong()).isEqualTo(1);
        assertThat(document.get("WastefulAccounts").asLong()).isEqualTo(1);
        assertThat(documents).allSatisfy(each -> assertThat(each.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .doesNotContainIgnoringCase("account"));
    }

    private static AccountResult account(String id, AccountResult.Status status, UploadTotals uploads) {
        return new AccountResult(AccountRef.member(id), status, Optional.empty(), Optional.empty(), Map.of(), Map.of(), uploads);
    }

    @Test
    void aRunABucketEventStartedSaysSoInOneMoreMetricAndNoDimension() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EmfMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), "MpuJanitor", Clock.fixed(NOW, ZoneOffset.UTC), true).finished(summary);
        JsonNode document = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());

        assertThat(document.get("BucketEvents").asLong()).isEqualTo(1);
        assertThat(document.get("BucketsScanned").asLong()).as("the same metrics as a scan's").isEqualTo(52);
        assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(emit().has("BucketEvents")).as("a scan does not emit it").isFalse();
    }

    @Test
    void noMetricHasABucketDimension() throws Exception {
        JsonNode dimensions = emit().get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions");

        dimensions.forEach(set -> set.forEach(key -> assertThat(key.asText()).isNotEqualToIgnoringCase("bucket")));
        assertThat(dimensions.toString()).isEqualTo("[[]]");
    }
}
