package dev.mpujanitor.cli;

import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.config.InvalidSettingException;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.report.SummaryDocument;
import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.scan.ScanStartException;
import dev.mpujanitor.scan.ScanSummary;
import java.io.PrintStream;
import java.util.Map;
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
            err.println("mpu-janitor: " + SummaryDocument.of(summary).get("outcomes") + " in " + summary.duration().toMillis() + " ms");
            return summary.count(Outcome.FAILED) > 0 ? SOME_BUCKETS_FAILED : COMPLETED;
        } catch (ScanStartException | AccountLookup.AccountUnknownException | SdkClientException e) {
            err.println("mpu-janitor: the scan could not start: " + e.getMessage());
            return NOT_STARTED;
        }
    }
}
