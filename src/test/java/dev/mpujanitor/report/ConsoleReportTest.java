package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadTotals;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.testing.Summaries;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.StaleUpload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleReportTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ConsoleReport report(boolean terminal, boolean verbose) {
        return new ConsoleReport(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), terminal, verbose);
    }

    private void twoBuckets(ConsoleReport report) {
        BucketRef logs = BucketRef.of("logs", "eu-west-1");
        BucketRef data = BucketRef.of("data", "eu-west-1");
        report.started(logs);
        report.started(data);
        report.bucket(BucketResult.of(logs, Outcome.COMPLIANT, "covered-by:x", 1, 1));
        report.bucket(BucketResult.of(data, Outcome.WOULD_REMEDIATE, "no-configuration", 0, 1));
    }

    @Test
    void aBucketWithManyStaleUploadsShowsTheFirstFewAndHowManyMore() {
        ConsoleReport report = report(false, false);
        BucketRef bucket = BucketRef.of("exports", "eu-west-1");
        for (int i = 1; i <= 8; i++) {
            report.staleUpload(new StaleUpload(bucket, new IncompleteUpload("part-" + i, "id-" + i, Instant.parse("2026-01-01T00:00:00Z"), null), 1024, true));
        }

        report.finished(ScanSummary.builder(Map.of(Outcome.REMEDIATED, 1L), Summaries.complete()).build());

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("aborted s3://exports/part-5").doesNotContain("part-6").contains("and 3 more in s3://exports");
    }

    @Test
    void aDirectoryBucketThatShutsLifecycleOutIsFollowedByTheStatementToAddToItsPolicy() {
        ConsoleReport report = report(false, false);
        BucketRef bucket = BucketRef.of("scratch--euw1-az1--x-s3", "eu-west-1");
        String statement = "{\"Sid\":\"AllowS3LifecycleSessions\",\"Effect\":\"Allow\"}";
        report.bucket(BucketResult.builder(bucket.name(), "eu-west-1", Outcome.UNFIXABLE, "lifecycle-not-let-in").rules(0, 0)
                .lifecycleShutOut(new LifecycleAccess(Optional.of("the bucket has no policy"), statement)).build());

        report.finished(ScanSummary.builder(Map.of(Outcome.UNFIXABLE, 1L), Summaries.complete()).build());

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("lifecycle-not-let-in")
                .contains("S3 Lifecycle cannot act on scratch--euw1-az1--x-s3: the bucket has no policy. Add this statement to its bucket policy:"
                        + System.lineSeparator() + "  " + statement);
    }

    @Test
    void onATerminalAProgressLineRewritesItselfOnStderr() {
        twoBuckets(report(true, false));

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\r").contains("1/2 buckets");
    }

    @Test
    void withoutATerminalStderrStaysQuiet() {
        twoBuckets(report(false, false));

        assertThat(err.size()).isZero();
    }

    @Test
    void onlyBucketsThatNeedAttentionAreListedUnlessVerbose() {
        ConsoleReport quiet = report(false, false);
        twoBuckets(quiet);
        quiet.finished(Summaries.summary(Map.of(Outcome.COMPLIANT, 1L, Outcome.WOULD_REMEDIATE, 1L), true));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("data").doesNotContain("covered-by:x");

        out.reset();
        ConsoleReport verbose = report(false, true);
        twoBuckets(verbose);
        verbose.finished(Summaries.summary(Map.of(Outcome.COMPLIANT, 1L, Outcome.WOULD_REMEDIATE, 1L), true));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("data", "covered-by:x");
    }

    @Test
    void theTableIsSortedByBucketWhateverOrderTheWorkersFinishedIn() {
        ConsoleReport report = report(false, false);
        for (String bucket : List.of("zeta", "alpha", "mid")) {
            report.bucket(BucketResult.of(BucketRef.of(bucket, "eu-west-1"), Outcome.WOULD_REMEDIATE, "no-configuration", 0, 1));
        }
        assertThat(out.size()).as("nothing before the end but the progress line").isZero();

        report.finished(Summaries.summary(Map.of(Outcome.WOULD_REMEDIATE, 3L), true));

        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("no-configuration")).map(line -> line.split(" ")[0]))
                .containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void aRunThatFindsEverythingCoveredSaysSoInALine() {
        ConsoleReport report = report(false, false);
        report.bucket(BucketResult.of(BucketRef.of("logs", "eu-west-1"), Outcome.COMPLIANT, "covered-by:x", 1, 1));
        report.finished(Summaries.summary(Map.of(Outcome.COMPLIANT, 54L), false));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("All 54 buckets are covered: nothing to change.").doesNotContain("BUCKET");
    }

    @Test
    void whatAServerSentCannotMoveTheCursorRecolourRetitleOrReverseTheTable() {
        // Erase the line, set the window title, recolour, return to the start of the line, reverse what follows.
        String hostile = "\u001b[2K\u001b]0;pwned\u0007\u001b[31mred\rover\u202egpj.exe";
        ConsoleReport report = report(false, false);
        BucketRef bucket = BucketRef.of("uploads", "eu-west-1");
        report.bucket(BucketResult.failed(bucket, new BucketCallException("GetBucketLifecycleConfiguration", "Denied" + hostile, "no", null), 0));
        report.bucket(BucketResult.of(BucketRef.of("rules", "eu-west-1"), Outcome.UNFIXABLE, "rule-disabled:" + hostile, 1, 1));
        report.staleUpload(new StaleUpload(bucket, new IncompleteUpload("exports/" + hostile, "u1", Instant.parse("2026-01-01T00:00:00Z"), "STANDARD"), 5, false));

        report.finished(ScanSummary.builder(Map.of(Outcome.FAILED, 1L, Outcome.UNFIXABLE, 1L), Summaries.complete())
                .failures(Map.of("Denied" + hostile, 1L)).duration(Duration.ofMillis(5)).dryRun(true).build());

        String shown = out.toString(StandardCharsets.UTF_8);
        String escaped = "\\u001b[2K\\u001b]0;pwned\\u0007\\u001b[31mred\\u000dover\\u202egpj.exe";
        assertThat(shown).doesNotContain("\u001b", "\u0007", "\r", "\u202e")
                .contains("Denied" + escaped, "rule-disabled:" + escaped, "s3://uploads/exports/" + escaped, "failed with Denied" + escaped);
    }

    @Test
    void theSummaryTableSaysWhatTheRunFoundAndDid() {
        report(false, false).finished(ScanSummary.builder(Map.of(Outcome.COMPLIANT, 3L, Outcome.FAILED, 1L), Summaries.notFound("missing-bucket"))
                .failures(Map.of("AccessDenied", 1L)).duration(Duration.ofMillis(812)).apiCalls(Map.of("ListBuckets", 1L)).dryRun(true)
                .uploads(new UploadTotals(true, true, 5, 3L << 30, false, 2, Optional.of(Duration.ofDays(40)), new BigDecimal("0.069"), 2, 0, 0, 0, Set.of(PriceSource.API), AgeBands.none()))
                .build());

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Summary (dry run: nothing was written)")
                .containsPattern("buckets +4")
                .containsPattern("failed with AccessDenied +1")
                .containsPattern("incomplete uploads +5 in 2 buckets")
                .containsPattern("bytes held +3.0 GiB at least")
                .containsPattern("monthly cost +about USD 0.069")
                .containsPattern("oldest upload +40 days old")
                .containsPattern("would abort +2 uploads")
                .containsPattern("not in the account +missing-bucket");
    }

    @Test
    void aRunOverSeveralAccountsGroupsTheBucketsByAccountAndListsEachAccount() {
        ConsoleReport report = report(false, false);
        report.bucket(BucketResult.of(BucketRef.of("zeta", "eu-west-1"), Outcome.REMEDIATED, "no-configuration", 0, 1).inAccount(Optional.of("111111111111")));
        report.bucket(BucketResult.of(BucketRef.of("alpha", "us-east-1"), Outcome.FAILED, "AccessDenied", 0, 0).inAccount(Optional.of("222222222222")));
        UploadTotals wasteful = new UploadTotals(true, true, 5, 3L << 30, true, 2, Optional.of(Duration.ofDays(40)), new BigDecimal("0.069"),
                0, 0, 0, 0, Set.of(PriceSource.API), AgeBands.none());
        OrganizationSummary organization = new OrganizationSummary(List.of(
                new AccountResult(AccountRef.own(Optional.of("111111111111")), AccountResult.Status.COVERED, Optional.empty(), Optional.empty(),
                        Map.of(Outcome.REMEDIATED, 1L), Map.of(), wasteful),
                new AccountResult(AccountRef.member("222222222222"), AccountResult.Status.COVERED, Optional.empty(), Optional.empty(),
                        Map.of(Outcome.FAILED, 1L), Map.of("AccessDenied", 1L), UploadTotals.notSurveyed()),
                new AccountResult(AccountRef.member("333333333333"), AccountResult.Status.FAILED, Optional.of("AccessDenied"), Optional.of("could not assume"),
                        Map.of(), Map.of(), UploadTotals.notSurveyed())), 1, 0);

        report.finished(ScanSummary.builder(Map.of(Outcome.REMEDIATED, 1L, Outcome.FAILED, 1L), Summaries.complete())
                .failures(Map.of("AccessDenied", 1L)).duration(Duration.ofMillis(40)).uploads(wasteful).organization(organization).build());

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).startsWith("ACCOUNT").contains("BUCKET", "REGION", "OUTCOME");
        assertThat(lines.get(1)).startsWith("111111111111").contains("zeta", "REMEDIATED");
        assertThat(lines.get(2)).startsWith("222222222222").contains("alpha", "FAILED");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ACCOUNT").contains("STATUS", "MONTHLY COST"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("111111111111").contains("COVERED", "USD 0.069"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("333333333333").contains("FAILED", "AccessDenied"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("accounts").contains("3 scanned, 1 failed, 1 excluded"));
    }

    @Test
    void aRunOverOneAccountKeepsItsPlainTable() {
        ConsoleReport report = report(false, false);
        report.bucket(BucketResult.of(BucketRef.of("zeta", "eu-west-1"), Outcome.REMEDIATED, "no-configuration", 0, 1));

        report.finished(Summaries.summary(Map.of(Outcome.REMEDIATED, 1L), false));

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).startsWith("BUCKET").doesNotContain("ACCOUNT", "accounts");
    }
}
