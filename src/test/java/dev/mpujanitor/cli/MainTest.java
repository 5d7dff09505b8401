package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.scan.Reach;
import dev.mpujanitor.scan.ScanSummary;
import dev.mpujanitor.scan.UploadTotals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void badSettingsExitWithTwoBeforeAnyClientIsBuilt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new String[0], Map.of("MAX_CONCURRENCY", "lots"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);

        assertThat(exit).isEqualTo(Main.NOT_STARTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("MAX_CONCURRENCY: must be a whole number, was 'lots'");
        assertThat(out.size()).isZero();
    }

    @Test
    void oneFailedBucketMakesTheExitCodeOneAndUnfixableOnesDoNot() {
        assertThat(Main.exitCode(new ScanSummary(Map.of(Outcome.COMPLIANT, 3L, Outcome.FAILED, 1L), Map.of(), Duration.ZERO, Map.of(), false, UploadTotals.notSurveyed(), new Reach(0, true, Optional.empty(), 0, Set.of()))))
                .isEqualTo(Main.SOME_BUCKETS_FAILED);
        assertThat(Main.exitCode(new ScanSummary(Map.of(Outcome.COMPLIANT, 3L, Outcome.UNFIXABLE, 2L), Map.of(), Duration.ZERO, Map.of(), false, UploadTotals.notSurveyed(), new Reach(0, true, Optional.empty(), 0, Set.of()))))
                .isEqualTo(Main.COMPLETED);
    }

    @Test
    void theOneLineSummaryNamesOnlyTheOutcomesThatOccurred() {
        ScanSummary summary = new ScanSummary(Map.of(Outcome.COMPLIANT, 12L, Outcome.WOULD_REMEDIATE, 37L), Map.of(), Duration.ofMillis(812), Map.of(), true, UploadTotals.notSurveyed(), new Reach(0, true, Optional.empty(), 0, Set.of()));

        assertThat(Main.oneLine(summary)).isEqualTo("49 buckets in 812 ms: 12 COMPLIANT, 37 WOULD_REMEDIATE (dry run)");
    }

    @Test
    void anEmptyAccountSaysSo() {
        assertThat(Main.oneLine(new ScanSummary(Map.of(), Map.of(), Duration.ofMillis(5), Map.of(), false, UploadTotals.notSurveyed(), new Reach(0, true, Optional.empty(), 0, Set.of())))).isEqualTo("0 buckets in 5 ms");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--days 0|invalid --days (ABORT_AFTER_DAYS): must be between 1 and 365, was 0",
        "--days seven|invalid --days (ABORT_AFTER_DAYS): must be a whole number, was 'seven'",
        "--bucket Not_A_Bucket|invalid --bucket: 'Not_A_Bucket' is not a bucket name",
        "--bucket twice --bucket twice|invalid --bucket: a bucket is named twice",
        "--exclude LOGS*|invalid --exclude (EXCLUDE_BUCKETS): each pattern is a bucket name with * and ? wildcards",
        "--endpoint ftp://store|invalid --endpoint (AWS_ENDPOINT_URL_S3): must be an http or https URL",
        "--frobnicate|Unknown option: '--frobnicate'",
        "--days|Missing required parameter for option '--days'",
    })
    void everyBadOptionExitsWithTwoAndSaysWhatIsWrongBeforeAnyCall(String args, String message) {
        Run run = cli(Map.of(), args.split(" "));

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadEnvironmentVariableIsNamedAsSuch() {
        Run run = cli(Map.of("IAC_MANAGED_BUCKETS", "ignore"));

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).contains("invalid IAC_MANAGED_BUCKETS: must be report or remediate, was 'ignore'");
    }

    @Test
    void anOptionWinsOverItsVariable() {
        Run run = cli(Map.of("ABORT_AFTER_DAYS", "0"), "--days", "0");
        assertThat(run.err()).contains("--days (ABORT_AFTER_DAYS)");

        Run fixed = cli(Map.of("ABORT_AFTER_DAYS", "0", "AWS_ENDPOINT_URL_S3", "ftp://bad"), "--days", "3");
        assertThat(fixed.err()).doesNotContain("ABORT_AFTER_DAYS").contains("AWS_ENDPOINT_URL_S3");
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        Run run = cli(Map.of(), "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--[no-]dry-run", "--days", "--bucket", "--region", "--exclude", "--endpoint", "--[no-]path-style",
                "--profile", "--json", "--help", "--version", "Exit codes:", "some buckets FAILED");
    }

    @Test
    void versionSaysWhatItIs() {
        Run run = cli(Map.of(), "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("mpu-janitor ");
    }
}
