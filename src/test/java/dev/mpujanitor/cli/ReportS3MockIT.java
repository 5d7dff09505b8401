package dev.mpujanitor.cli;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.report.BucketRecord;
import dev.mpujanitor.report.Figures;
import dev.mpujanitor.testing.Chromium;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.InProcessCli;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Uploads;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * The report to share, from a real scan: the command line in this JVM, against S3Mock behind a proxy that answers
 * what S3Mock does not keep (a stack's tag, MFA Delete) and refuses one bucket, over buckets in three regions holding
 * incomplete uploads of known sizes. The CSV is read back with a CSV parser and held to the JSON records of the same
 * run; the page is opened in headless Chromium and checked by what it shows, on a screen, a phone and paper.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

    @TempDir
    static Path directory;
    private final Map<Region, S3Client> clients = new HashMap<>();
    private FaultProxy proxy;
    private Path page;
    private Path rows;
    private int exit;
    private String stdout;
    private String stderr;
    private LocalDate ranFrom;
    private LocalDate ranTo;

    @BeforeAll
    void aDryRunWritesTheReportAndTheCsv() throws IOException {
        proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()));
        bucket("report-athena-results", Region.US_EAST_1, List.of(), 5 * MIB, 2 * MIB);
        upload("report-athena-results", Region.US_EAST_1, "results/q-0d2e.csv", 5 * MIB);
        bucket("report-data-lake", Region.EU_WEST_1, List.of(), 5 * MIB, 5 * MIB, 5 * MIB);
        bucket("report-checkpoints", Region.AP_SOUTHEAST_2, List.of(ourRule(ExpirationStatus.DISABLED)), 5 * MIB, 5 * MIB);
        bucket("report-covered", Region.EU_WEST_1, List.of(ourRule(ExpirationStatus.ENABLED)), 6 * MIB);
        bucket("report-mfa-vault", Region.US_EAST_1, List.of(), 4 * MIB);
        proxy.fault("report-mfa-vault", "GetBucketVersioning", FaultProxy.Action.mfaDeleteEnabled(), Integer.MAX_VALUE);
        bucket("report-build-artifacts", Region.AP_SOUTHEAST_2, List.of(), 3 * MIB);
        proxy.fault("report-build-artifacts", "GetBucketTagging", FaultProxy.Action.tagSet(Map.of("aws:cloudformation:stack-name", "build-pipeline")),
                Integer.MAX_VALUE);
        bucket("report-locked", Region.US_EAST_1, List.of());
        proxy.fault("report-locked", "GetBucketLifecycleConfiguration", new FaultProxy.Action.Error(403, "AccessDenied"), Integer.MAX_VALUE);
        bucket("report-excluded-logs", Region.AP_SOUTHEAST_2, List.of(), 1 * MIB);
        // Twelve buckets hold uploads, so that the two smallest are not among the ten largest.
        bucket("report-scratch-09", Region.US_EAST_1, List.of(), 9 * MIB);
        bucket("report-scratch-08", Region.EU_WEST_1, List.of(), 8 * MIB);
        bucket("report-scratch-07", Region.AP_SOUTHEAST_2, List.of(), 7 * MIB);
        bucket("report-scratch-05", Region.US_EAST_1, List.of(), 5 * MIB);
        bucket("report-scratch-02", Region.EU_WEST_1, List.of(), 2 * MIB);
        bucket("report-scratch-01", Region.AP_SOUTHEAST_2, List.of(), 1 * MIB);

        page = directory.resolve("waste.html");
        rows = directory.resolve("waste.csv");
        ranFrom = LocalDate.now(ZoneOffset.UTC);
        run("--endpoint", proxy.endpoint().toString(), "--path-style", "--region", "us-east-1", "--dry-run", "--exclude", "report-excluded-*",
                "--json", "--report", page.toString(), "--csv", rows.toString());
        ranTo = LocalDate.now(ZoneOffset.UTC);
    }

    @AfterAll
    void close() {
        clients.values().forEach(S3Client::close);
        proxy.close();
    }

    private static LifecycleRule ourRule(ExpirationStatus status) {
        return LifecycleRule.builder().id(AbortRulePolicy.RULE_ID).status(status).filter(f -> f.prefix(""))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build();
    }

    /** A bucket with these rules and, when parts are given, one incomplete upload of them. */
    private void bucket(String name, Region region, List<LifecycleRule> rules, long... parts) {
        S3Client s3 = client(region);
        s3.createBucket(b -> b.bucket(name).createBucketConfiguration(c -> {
            if (region != Region.US_EAST_1) {
                c.locationConstraint(region.id());
            }
        }));
        // The rules first: S3Mock forgets a bucket's uploads when its lifecycle is written.
        if (!rules.isEmpty()) {
            s3.putBucketLifecycleConfiguration(r -> r.bucket(name).lifecycleConfiguration(c -> c.rules(rules)));
        }
        if (parts.length > 0) {
            upload(name, region, "exports/part.bin", parts);
        }
    }

    private void upload(String bucket, Region region, String key, long... parts) {
        Uploads.startIncomplete(client(region), bucket, key, parts);
    }

    private S3Client client(Region region) {
        return clients.computeIfAbsent(region, r -> S3Client.builder().region(r).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build());
    }

    private void run(String... args) {
        InProcessCli.Result result = InProcessCli.run(List.of(args), Map.of());
        exit = result.exit();
        stdout = result.stdout();
        stderr = result.stderr();
    }

    @Test
    void stderrNamesEachFileWrittenWithItsSize() throws IOException {
        assertThat(stderr).contains("mpu-janitor: wrote " + page + " (" + Figures.bytes(Files.size(page)) + ")" + System.lineSeparator(),
                "mpu-janitor: wrote " + rows + " (" + Figures.bytes(Files.size(rows)) + ")" + System.lineSeparator());
    }

    @Test
    void theCsvHoldsEveryJsonRecordOfTheSameRunFieldByField() throws IOException {
        assertThat(exit).as(stderr).isEqualTo(Main.SOME_BUCKETS_FAILED);
        Map<String, JsonNode> records = JsonLines.parse(stdout).records("bucket").stream()
                .collect(Collectors.toMap(record -> record.get("bucket").asText(), Function.identity()));
        List<List<String>> csv = new ArrayList<>();
        try (MappingIterator<List<String>> reader = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).readerFor(List.class)
                .readValues(rows.toFile())) {
            reader.forEachRemaining(csv::add);
        }

        List<String> header = csv.getFirst();
        assertThat(header).isEqualTo(BucketRecord.FIELDS);
        assertThat(records).hasSize(14);
        assertThat(csv.subList(1, csv.size())).hasSize(records.size()).allSatisfy(row -> {
            assertThat(row).hasSize(header.size());
            JsonNode record = records.get(row.get(header.indexOf("bucket")));
            assertThat(record).as("the JSON record of %s", row).isNotNull();
            for (Iterator<String> fields = record.fieldNames(); fields.hasNext(); ) {
                assertThat(header).as("a column for every field of %s", record).contains(fields.next());
            }
            for (int column = 0; column < header.size(); column++) {
                JsonNode value = record.get(header.get(column));
                String cell = row.get(column);
                String field = record.get("bucket").asText() + "." + header.get(column);
                if (value == null) {
                    assertThat(cell).as(field).isEmpty();
                } else if (value.isTextual()) {
                    assertThat(cell).as(field).isEqualTo(value.asText());
                } else {
                    assertThat(JSON.readTree(cell)).as(field).isEqualTo(value);
                }
            }
        });
        assertThat(records.get("report-data-lake").get("storageClasses")).as("a nested value went through a cell").hasSize(1);
    }

    @Test
    void thePageShowsTheRunsFiguresOnAScreenOnAPhoneAndOnPaper() throws IOException {
        assertThat(exit).as(stderr).isEqualTo(Main.SOME_BUCKETS_FAILED);
        try (Chromium chromium = Chromium.require()) {
            chromium.viewport(1000, 800, false);
            chromium.open(page.toUri());

            String screen = chromium.text();
            assertShowsTheRun(screen);
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, chromium.screenshot());

            chromium.viewport(390, 844, true);
            assertThat(chromium.evaluate("window.innerWidth").asInt()).as("laid out for the phone's width, not a desktop's").isEqualTo(390);
            assertThat(chromium.evaluate("document.documentElement.scrollWidth").asInt()).as("the page never scrolls sideways on a phone")
                    .isLessThanOrEqualTo(390);
            assertShowsTheRun(chromium.text());

            chromium.media("print");
            chromium.viewport(680, 960, false);
            assertThat(chromium.evaluate("[...document.querySelectorAll('.scroll')].every(box => getComputedStyle(box).overflowX === 'visible')")
                    .asBoolean()).as("on paper no table is cut to a scrolling box").isTrue();
            assertThat(chromium.evaluate("document.documentElement.scrollWidth").asInt()).as("every table fits the printed page's width")
                    .isLessThanOrEqualTo(680);
            assertShowsTheRun(chromium.text());
        }
    }

    /** What the page must show, as a reader sees it: the run, its figures, and who must act. */
    private void assertShowsTheRun(String text) {
        assertThat(text).contains("endpoint " + proxy.endpoint() + ", default credential chain, region us-east-1")
                .contains("dry run: nothing was written")
                .containsAnyOf(ranFrom + " ", ranTo + " ").containsPattern("\\d\\d:\\d\\d UTC");
        // 82 MiB in 13 uploads of 12 buckets: 61 MiB at USD 0.023 a GB-month, 21 MiB at 0.025 (ap-southeast-2): USD 0.0018828.
        assertThat(text).containsPattern("14\\s+buckets").containsPattern("13\\s+incomplete uploads").containsPattern("12\\s+buckets holding them")
                .containsPattern("82\\.0 MiB\\s+bytes held").containsPattern("USD 0\\.0019\\s+a month, about")
                .containsPattern("under a day ago\\s+the oldest began");
        assertThat(text).containsPattern("WOULD_REMEDIATE\\s+the rule would be written\\s+8\\b").containsPattern("COMPLIANT\\s+already covered\\s+1\\b")
                .containsPattern("UNFIXABLE\\s+cannot take the rule: needs a human\\s+2\\b").containsPattern("FAILED\\s+a call failed: nothing was written\\s+1\\b")
                .containsPattern("EXCLUDED\\s+kept out by the operator\\s+1\\b").containsPattern("MANAGED_BY_IAC\\s+left to its CloudFormation stack\\s+1\\b");
        assertThat(text).containsPattern("report-data-lake\\s+15\\.0 MiB\\s+USD 0\\.00034\\s+1\\s+eu-west-1")
                .containsPattern("report-athena-results\\s+12\\.0 MiB\\s+USD 0\\.00027\\s+2\\s+us-east-1")
                .containsPattern("report-checkpoints\\s+10\\.0 MiB\\s+USD 0\\.00024\\s+1\\s+ap-southeast-2")
                .containsPattern("report-build-artifacts\\s+3\\.0 MiB\\s+USD 0\\.000073\\s+1\\s+ap-southeast-2")
                .doesNotContain("report-scratch-02", "report-scratch-01", "report-excluded-logs");
        assertThat(text).containsPattern("report-locked\\s+us-east-1\\s+FAILED\\s+AccessDenied\\s+GetBucketLifecycleConfiguration failed: AccessDenied[^\\n]*"
                        + "\\s+a bucket policy or SCP denies the function")
                .containsPattern("report-mfa-vault\\s+us-east-1\\s+UNFIXABLE\\s+mfa-delete\\s+lifecycle rules do not work with MFA Delete")
                .containsPattern("report-checkpoints\\s+ap-southeast-2\\s+UNFIXABLE\\s+own-rule-disabled\\s+someone disabled")
                .containsPattern("report-build-artifacts\\s+ap-southeast-2\\s+MANAGED_BY_IAC\\s+cloudformation-stack:build-pipeline\\s+the stack owns");
        assertThat(text).containsPattern("under a day ago\\s+13\\s+82\\.0 MiB").containsPattern("over a year ago\\s+0\\s+0 B");
    }
}
