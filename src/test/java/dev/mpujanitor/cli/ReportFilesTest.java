package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.report.BucketRecord;
import dev.mpujanitor.report.ConsoleReport;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.testing.Summaries;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    @TempDir
    Path directory;

    private record Run(int exit, String out, String err) {
    }

    /** The command line with no credentials, region or endpoint at all: had it gone past its options, it would have said so. */
    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new BufferedReader(new StringReader("")), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ConsoleReport quietConsole() {
        return new ConsoleReport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false);
    }

    @Test
    void aReportInADirectoryThatIsNotThereStopsTheRunBeforeAnyAwsCallInOneLine() {
        Path page = directory.resolve("missing").resolve("waste.html");

        Run run = cli("--dry-run", "--report", page.toString());

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).isEqualTo("mpu-janitor: invalid --report: cannot write " + page + ": no directory " + page.getParent() + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aCsvThatIsADirectoryStopsTheRunNamingTheOption() {
        Run run = cli("--dry-run", "--csv", directory.toString());

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).isEqualTo("mpu-janitor: invalid --csv: cannot write " + directory + ": it is a directory" + System.lineSeparator());
    }

    @Test
    void aReportTheFileSystemRefusesStopsTheRunBeforeAnyAwsCallThoughItsDirectoryIsWritable() {
        // The directory passes any permission check; only creating the file shows that its name is too long.
        Path page = directory.resolve("w".repeat(300) + ".html");

        Run run = cli("--dry-run", "--report", page.toString());

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).isEqualTo("mpu-janitor: invalid --report: cannot write " + page + ": File name too long" + System.lineSeparator());
    }

    @Test
    void aReportInProcStopsTheRunThoughRootPassesEveryPermissionCheck() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc) && Files.isWritable(proc), "needs a /proc that a permission check calls writable, as it is to root");

        Run run = cli("--dry-run", "--report", "/proc/waste.html");

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).startsWith("mpu-janitor: invalid --report: cannot write /proc/waste.html: ").hasLineCount(1);
    }

    @Test
    void theCheckLeavesAnExistingFileAsItWas() throws IOException {
        Path rows = Files.writeString(directory.resolve("waste.csv"), "last week's rows");

        assertThat(ReportFiles.unwritable(Optional.empty(), Optional.of(rows))).isEmpty();
        assertThat(rows).hasContent("last week's rows");
    }

    @Test
    void theReportAndTheCsvMustBeTwoFiles() {
        Path both = directory.resolve("waste.out");

        assertThat(ReportFiles.unwritable(Optional.of(both), Optional.of(directory.resolve(".").resolve("waste.out"))))
                .hasValue("invalid --csv: " + directory.resolve(".").resolve("waste.out") + " is also the file of --report");
    }

    @Test
    void theCheckCreatesNoFile() {
        Path page = directory.resolve("waste.html");
        Path rows = directory.resolve("waste.csv");

        assertThat(ReportFiles.unwritable(Optional.of(page), Optional.of(rows))).isEmpty();
        assertThat(page).doesNotExist();
        assertThat(rows).doesNotExist();
    }

    @Test
    void theCsvHasAHeaderAndARowPerBucketAndThePageIsWrittenWhenTheRunHasFinished() throws IOException {
        Path page = directory.resolve("waste.html");
        Path rows = directory.resolve("waste.csv");
        List<String> seen = new ArrayList<>();
        List<ReportFiles.Written> written;
        ScanReport console = new ScanReport() {
            @Override
            public void bucket(BucketResult result) {
                seen.add(result.bucket());
            }

            @Override
            public void finished(ScanSummary summary) {
                seen.add("(summary)");
            }
        };

        try (ReportFiles files = new ReportFiles(Optional.of(page), Optional.of(rows), ScanStart.whole(true, RunBudget.unlimited()),
                Clock.fixed(Instant.parse("2026-11-30T16:03:00Z"), ZoneOffset.UTC))) {
            ScanReport report = files.around(console, "endpoint http://127.0.0.1:9000, default credential chain, region us-east-1");
            report.bucket(BucketResult.of(BucketRef.of("data-lake", "eu-west-1"), Outcome.WOULD_REMEDIATE, "no-configuration", 0, 1));
            assertThat(page).as("no page before the run has finished").doesNotExist();
            report.finished(Summaries.summary(Map.of(Outcome.WOULD_REMEDIATE, 1L), true));
            written = files.finish();
        }

        assertThat(written).containsExactly(new ReportFiles.Written(page, Files.size(page)), new ReportFiles.Written(rows, Files.size(rows)));
        assertThat(Files.size(rows)).isPositive();

        assertThat(seen).as("the console's report is fed too").containsExactly("data-lake", "(summary)");
        assertThat(Files.readAllLines(rows)).containsExactly(String.join(",", BucketRecord.FIELDS),
                "bucket,,data-lake,eu-west-1,general-purpose,WOULD_REMEDIATE,no-configuration,0,1,true" + ",".repeat(BucketRecord.FIELDS.size() - 10));
        assertThat(Files.readString(page)).contains("endpoint http://127.0.0.1:9000, default credential chain, region us-east-1")
                .contains("2026-11-30 16:03 UTC");
    }

    @Test
    void aPageThatCannotBeWrittenWhenTheRunEndsIsAnErrorNamingTheOption() throws IOException {
        Path reports = Files.createDirectory(directory.resolve("reports"));
        Path page = reports.resolve("waste.html");
        ReportFiles files = new ReportFiles(Optional.of(page), Optional.empty(), ScanStart.whole(true, RunBudget.unlimited()), Clock.systemUTC());
        ScanReport report = files.around(quietConsole(), "account 123456789012, default credential chain, region us-east-1");
        report.finished(Summaries.summary(Map.of(), true));
        Files.delete(reports);

        assertThatThrownBy(files::finish).isInstanceOf(IOException.class).hasMessageStartingWith("--report " + page + ": NoSuchFileException");
    }

    @Test
    void withNeitherFileTheRunIsReportedAsBefore() throws IOException {
        try (ReportFiles files = new ReportFiles(Optional.empty(), Optional.empty(), ScanStart.whole(true, RunBudget.unlimited()), Clock.systemUTC())) {
            ScanReport report = files.around(quietConsole(), "account 123456789012, default credential chain, region us-east-1");
            report.finished(Summaries.summary(Map.of(), true));
            assertThat(files.finish()).isEmpty();
        }

        try (var files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }
}
