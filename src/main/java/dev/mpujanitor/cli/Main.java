package dev.mpujanitor.cli;

import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.config.InvalidSettingException;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.scan.ScanStartException;
import dev.mpujanitor.scan.ScanSummary;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code java -jar mpu-janitor.jar}: one scan, exactly as the scheduled function runs it, with the same
 * environment settings, the default AWS credential chain and region.
 *
 * <p>Exit codes: 0 the scan completed with no FAILED bucket; 1 some buckets FAILED; 2 bad settings, or the
 * scan could not start (no region or credentials, STS or ListBuckets refused).
 */
public final class Main {

    static final int COMPLETED = 0;
    static final int SOME_BUCKETS_FAILED = 1;
    static final int NOT_STARTED = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out, System.err));
    }

    static int exitCode(ScanSummary summary) {
        return summary.count(Outcome.FAILED) > 0 ? SOME_BUCKETS_FAILED : COMPLETED;
    }

    /** For example {@code 54 buckets in 812 ms: 12 COMPLIANT, 37 REMEDIATED, 5 UNFIXABLE (dry run)}. */
    static String oneLine(ScanSummary summary) {
        String counts = Arrays.stream(Outcome.values())
                .filter(outcome -> summary.count(outcome) > 0)
                .map(outcome -> summary.count(outcome) + " " + outcome)
                .collect(Collectors.joining(", "));
        return summary.buckets() + " buckets in " + summary.duration().toMillis() + " ms"
                + (counts.isEmpty() ? "" : ": " + counts) + (summary.dryRun() ? " (dry run)" : "");
    }

    static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            settings = Settings.fromEnv(env);
        } catch (InvalidSettingException e) {
            err.println("mpu-janitor: invalid setting " + e.getMessage());
            return NOT_STARTED;
        }
        try (Janitor janitor = Janitor.start(settings, out)) {
            ScanSummary summary = janitor.runFromWorkstation();
            err.println("mpu-janitor: " + oneLine(summary));
            return exitCode(summary);
        } catch (ScanStartException | AccountLookup.AccountUnknownException | SdkClientException e) {
            err.println("mpu-janitor: the scan could not start: " + e.getMessage());
            return NOT_STARTED;
        }
    }
}
