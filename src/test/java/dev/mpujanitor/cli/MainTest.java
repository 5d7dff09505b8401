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
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void badSettingsExitWithTwoBeforeAnyClientIsBuilt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(Map.of("MAX_CONCURRENCY", "lots"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.NOT_STARTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("MAX_CONCURRENCY: must be a whole number, was 'lots'");
        assertThat(out.size()).isZero();
    }

    @Test
    void oneFailedBucketMakesTheExitCodeOneAndUnfixableOnesDoNot() {
        assertThat(Main.exitCode(new ScanSummary(Map.of(Outcome.COMPLIANT, 3L, Outcome.FAILED, 1L), Map.of(), Duration.ZERO, Map.of(), false, UploadTotals.notSurveyed(), Reach.everything(0))))
                .isEqualTo(Main.SOME_BUCKETS_FAILED);
        assertThat(Main.exitCode(new ScanSummary(Map.of(Outcome.COMPLIANT, 3L, Outcome.UNFIXABLE, 2L), Map.of(), Duration.ZERO, Map.of(), false, UploadTotals.notSurveyed(), Reach.everything(0))))
                .isEqualTo(Main.COMPLETED);
    }

    @Test
    void theOneLineSummaryNamesOnlyTheOutcomesThatOccurred() {
        ScanSummary summary = new ScanSummary(Map.of(Outcome.COMPLIANT, 12L, Outcome.WOULD_REMEDIATE, 37L), Map.of(), Duration.ofMillis(812), Map.of(), true, UploadTotals.notSurveyed(), Reach.everything(0));

        assertThat(Main.oneLine(summary)).isEqualTo("49 buckets in 812 ms: 12 COMPLIANT, 37 WOULD_REMEDIATE (dry run)");
    }

    @Test
    void anEmptyAccountSaysSo() {
        assertThat(Main.oneLine(new ScanSummary(Map.of(), Map.of(), Duration.ofMillis(5), Map.of(), false, UploadTotals.notSurveyed(), Reach.everything(0)))).isEqualTo("0 buckets in 5 ms");
    }
}
