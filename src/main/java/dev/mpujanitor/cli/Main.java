package dev.mpujanitor.cli;

import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.config.InvalidSettingException;
import dev.mpujanitor.config.Invocation;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.scan.ScanReport;
import dev.mpujanitor.scan.ScanStartException;
import dev.mpujanitor.scan.ScanSummary;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code java -jar mpu-janitor.jar}: one scan, exactly as the scheduled function runs it. Every option has an
 * environment variable of the function behind it, with the same validation; an option wins over its variable.
 */
@Command(name = "mpu-janitor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Adds an AbortIncompleteMultipartUpload lifecycle rule to every S3 bucket that lacks one, merged with the "
                + "bucket's existing rules, and reports the incomplete uploads it finds. Settings come from the environment "
                + "variables the Lambda function uses; these options override them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the scan completed and no bucket FAILED",
            "1:the scan completed and some buckets FAILED",
            "2:bad options or settings, or the scan could not start (no credentials or region, ListBuckets refused)"})
public final class Main implements Callable<Integer> {

    static final int COMPLETED = 0;
    static final int SOME_BUCKETS_FAILED = 1;
    static final int NOT_STARTED = 2;

    @Option(names = "--dry-run", negatable = true, description = "Assess and report, write nothing (DRY_RUN).")
    private Boolean dryRun;

    @Option(names = "--days", paramLabel = "N", description = "DaysAfterInitiation of the rule, 1-365 (ABORT_AFTER_DAYS, default 7).")
    private String days;

    @Option(names = "--bucket", paramLabel = "NAME", description = "Only this bucket; repeat for more. Default: every bucket.")
    private List<String> buckets = List.of();

    @Option(names = "--exclude", paramLabel = "GLOB", split = ",", description = "Never touch buckets matching this name pattern, * and ? allowed; repeat or comma-separate (EXCLUDE_BUCKETS).")
    private List<String> exclude = List.of();

    @Option(names = "--region", paramLabel = "REGION", description = "Region for the listing and for buckets without one (default: the SDK's region chain).")
    private String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Named profile of your AWS config for credentials (default: the SDK's credential chain).")
    private String profile;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An S3-compatible endpoint instead of AWS, such as Ceph RGW or MinIO (AWS_ENDPOINT_URL_S3).")
    private String endpoint;

    @Option(names = "--path-style", negatable = true, description = "Path-style addressing, which most S3-compatible stores need (S3_FORCE_PATH_STYLE).")
    private Boolean pathStyle;

    @Option(names = "--json", description = "Machine-readable output: one JSON record per bucket and a summary record, as the function logs them.")
    private boolean json;

    @Option(names = "--verbose", description = "List compliant buckets too.")
    private boolean verbose;

    private Map<String, String> env = System.getenv();
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private boolean terminal = System.console() != null;

    /** Option name for each variable it sets, so an error names what the user typed. */
    private static final Map<String, String> OPTION_OF = Map.of(
            Settings.DRY_RUN, "--dry-run", Settings.ABORT_AFTER_DAYS, "--days", Settings.EXCLUDE_BUCKETS, "--exclude",
            Settings.AWS_ENDPOINT_URL_S3, "--endpoint", Settings.S3_FORCE_PATH_STYLE, "--path-style");

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, System.console() != null));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        Main main = new Main();
        main.env = env;
        main.out = out;
        main.err = err;
        main.terminal = terminal;
        CommandLine command = new CommandLine(main)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, ignored) -> {
                    err.println("mpu-janitor: " + e.getMessage());
                    err.println("Try 'mpu-janitor --help'.");
                    return NOT_STARTED;
                });
        return command.execute(args);
    }

    @Override
    public Integer call() {
        Settings settings;
        Invocation.Manual only;
        try {
            settings = Settings.fromEnv(withOptions(env));
            only = new Invocation.Manual(Optional.empty(), buckets);
        } catch (InvalidSettingException e) {
            err.println("mpu-janitor: invalid " + Optional.ofNullable(OPTION_OF.get(e.variable())).map(option -> option + " (" + e.variable() + ")")
                    .orElse(e.variable()) + e.getMessage().substring(e.variable().length()));
            return NOT_STARTED;
        } catch (Invocation.InvalidInvocationException e) {
            err.println("mpu-janitor: invalid --bucket: " + e.getMessage().replaceFirst("^invalid invocation payload: buckets: ", ""));
            return NOT_STARTED;
        }
        // The SDK's own settings for region and profile, read by its default chains.
        Optional.ofNullable(region).ifPresent(value -> System.setProperty("aws.region", value));
        Optional.ofNullable(profile).ifPresent(value -> System.setProperty("aws.profile", value));
        ScanReport report = json ? new BucketRecordLog(out, settings.dryRun()) : new ConsoleReport(out, err, terminal, verbose);
        try (Janitor janitor = Janitor.start(settings, out)) {
            ScanSummary summary = janitor.runFromWorkstation(new LinkedHashSet<>(only.buckets()), report);
            if (json) {
                err.println("mpu-janitor: " + oneLine(summary));
            }
            return exitCode(summary);
        } catch (ScanStartException | AccountLookup.AccountUnknownException | SdkClientException e) {
            err.println("mpu-janitor: the scan could not start: " + e.getMessage());
            return NOT_STARTED;
        }
    }

    /** The environment with each option given put over its variable. */
    private Map<String, String> withOptions(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>(environment);
        Map<String, String> options = new LinkedHashMap<>();
        Optional.ofNullable(dryRun).ifPresent(value -> options.put(Settings.DRY_RUN, value.toString()));
        Optional.ofNullable(days).ifPresent(value -> options.put(Settings.ABORT_AFTER_DAYS, value));
        if (!exclude.isEmpty()) {
            options.put(Settings.EXCLUDE_BUCKETS, String.join(",", exclude));
        }
        Optional.ofNullable(endpoint).ifPresent(value -> {
            options.put(Settings.AWS_ENDPOINT_URL_S3, value);
            merged.remove(Settings.AWS_ENDPOINT_URL);
        });
        Optional.ofNullable(pathStyle).ifPresent(value -> options.put(Settings.S3_FORCE_PATH_STYLE, value.toString()));
        merged.putAll(options);
        return merged;
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

    /** The version the build wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mpu-janitor " + Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("(development build)")};
        }
    }
}
