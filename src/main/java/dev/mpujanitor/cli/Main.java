package dev.mpujanitor.cli;

import static dev.mpujanitor.config.Untrusted.escaped;

import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AccountLookup.Caller;
import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.aws.AwsTarget;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.config.AccountSelection;
import dev.mpujanitor.config.InvalidSettingException;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.config.SettingsOverrides;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.OrganizationDirectory;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.report.ConsoleReport;
import dev.mpujanitor.report.FailureRecords;
import dev.mpujanitor.report.Figures;
import dev.mpujanitor.report.ScanReports;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.run.ScanTarget;
import dev.mpujanitor.trigger.Invocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code java -jar mpu-janitor.jar}: one scan, exactly as the scheduled function runs it. Every option has an
 * environment variable of the function behind it, with the same validation; an option wins over its variable.
 * Before the first bucket it says on stderr whose account it is about to scan and whether it writes.
 *
 * <p>Over 300 lines, because picocli's declarations (the help, the exit codes, an option per setting) are a third of it.
 */
@Command(name = "mpu-janitor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Adds an AbortIncompleteMultipartUpload lifecycle rule to every S3 bucket that lacks one, merged with the bucket's "
                    + "existing rules, and reports the incomplete uploads it finds and what they cost.",
            "A run WRITES unless --dry-run is given. On a terminal it first names the account and asks; --yes skips the question.",
            "Settings come from the environment variables the Lambda function uses (named in brackets); options override them."},
        exitCodeListHeading = "%nExit codes (when several apply, the first of 3, 4, 1):%n",
        exitCodeList = {
            "0:the scan completed, and no bucket or account FAILED",
            "1:the scan completed, and some buckets FAILED, or some accounts could not be entered or listed",
            "2:the scan could not start: bad options or settings, a report file that cannot be written, no credentials, an unknown region or profile, an AWS config the SDK cannot parse, STS, Organizations or the first ListBuckets page refused",
            "3:the scan is incomplete: ListBuckets failed part-way (the buckets listed before were processed and reported), or a result could not be reported",
            "4:a bucket named with --bucket is not in the account",
            "5:the run was not confirmed at the prompt; nothing was written"},
        footerHeading = "%n",
        footer = "Environment only (see the Settings table of the README): MAX_CONCURRENCY, INVENTORY_UPLOADS, MAX_LIST_PARTS_CALLS, "
                + "PRICE_PER_GB_MONTH, ABORT_STALE_UPLOADS, IAC_MANAGED_BUCKETS, METRIC_NAMESPACE.")
public final class Main implements Callable<Integer> {

    static final int COMPLETED = 0;
    public static final int SOME_BUCKETS_FAILED = 1;
    static final int NOT_STARTED = 2;
    static final int INCOMPLETE = 3;
    static final int BUCKETS_NOT_FOUND = 4;
    static final int NOT_CONFIRMED = 5;

    @Option(names = "--dry-run", negatable = true, description = "Assess and report, write nothing [DRY_RUN].")
    private Boolean dryRun;

    @Option(names = "--days", paramLabel = "N", converter = SettingOptions.Days.class,
            description = "DaysAfterInitiation of the rule, 1-365 [ABORT_AFTER_DAYS, default 7].")
    private Integer days;

    @Option(names = "--bucket", paramLabel = "NAME", description = "Only this bucket; repeat for more. Default: every bucket.")
    private List<String> buckets = List.of();

    @Option(names = "--exclude", paramLabel = "GLOB", split = ",", description = "Never touch buckets matching this name pattern, * and ? allowed; repeat or comma-separate [EXCLUDE_BUCKETS].")
    private List<String> exclude = List.of();

    @Option(names = "--accounts", paramLabel = "WHICH", converter = SettingOptions.Accounts.class,
            description = "self, organization, or account IDs separated by commas [ACCOUNTS, default self].")
    private AccountSelection accounts;

    @Option(names = "--exclude-accounts", paramLabel = "ID", split = ",", description = "Never enter these accounts; repeat or comma-separate [EXCLUDE_ACCOUNTS].")
    private List<String> excludeAccounts = List.of();

    @Option(names = "--member-role", paramLabel = "NAME", description = "The role assumed in every other account [MEMBER_ROLE, default " + Settings.DEFAULT_MEMBER_ROLE + "].")
    private String memberRole;

    @Option(names = "--external-id", paramLabel = "ID", description = "The external ID the member roles require [EXTERNAL_ID].")
    private String externalId;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Use exactly this profile of your AWS config for credentials, whatever keys the environment holds. Default: the SDK's credential chain.")
    private String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "Region to list from [AWS_REGION; default: the profile's].")
    private String region;

    @Option(names = "--endpoint", paramLabel = "URL", converter = SettingOptions.Endpoint.class,
            description = "An S3-compatible endpoint instead of AWS, such as Ceph RGW or MinIO [AWS_ENDPOINT_URL_S3].")
    private URI endpoint;

    @Option(names = "--path-style", negatable = true, description = "Path-style addressing, which most S3-compatible stores need [S3_FORCE_PATH_STYLE].")
    private Boolean pathStyle;

    @Option(names = "--directory-buckets", negatable = true, description = "Cover directory buckets (S3 Express One Zone) too; "
            + "the default [DIRECTORY_BUCKETS].")
    private Boolean directoryBuckets;

    @Option(names = "--yes", description = "Do not ask before a run that writes.")
    private boolean yes;

    @Option(names = "--json", description = "Machine-readable output: one JSON record per bucket and a summary record, as the function logs them.")
    private boolean json;

    @Option(names = "--verbose", description = "List compliant buckets too.")
    private boolean verbose;

    @Option(names = ReportFiles.PAGE_OPTION, paramLabel = "FILE.html", description = "Also write the run as one HTML page to share: coverage, "
            + "the largest wasters, and the buckets that need a human with what to do.")
    private Path page;

    @Option(names = ReportFiles.ROWS_OPTION, paramLabel = "FILE", description = "Also write one CSV row per bucket, its columns those of the JSON record.")
    private Path rows;

    /** Each example's command, and what it does. */
    private static final List<List<String>> EXAMPLES = List.of(
            List.of("mpu-janitor --dry-run --profile prod", "what would change in the account of profile prod"),
            List.of("mpu-janitor --dry-run --bucket my-data-lake", "the same, for one bucket"),
            List.of("mpu-janitor --profile prod --exclude 'logs-*' --yes", "write, without asking, to every bucket but logs-*"),
            List.of("mpu-janitor --dry-run --report waste.html --csv waste.csv", "a page and a spreadsheet to share"),
            List.of("mpu-janitor --endpoint http://127.0.0.1:7480 --path-style --dry-run", "an S3-compatible store"),
            List.of("mpu-janitor --dry-run --accounts organization", "every active account of the organization, through its member roles"));

    private static final String SECTION_KEY_EXAMPLES = "examples";

    private Map<String, String> env = System.getenv();
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private BufferedReader in;
    private boolean terminal;

    /** Option name for each variable it sets, so that an error names what the user typed. */
    private static final Map<String, String> OPTION_OF = Map.of(
            Settings.DRY_RUN, "--dry-run", Settings.ABORT_AFTER_DAYS, "--days", Settings.EXCLUDE_BUCKETS, "--exclude",
            Settings.AWS_ENDPOINT_URL_S3, "--endpoint", Settings.S3_FORCE_PATH_STYLE, "--path-style", Settings.ACCOUNTS, "--accounts",
            Settings.EXCLUDE_ACCOUNTS, "--exclude-accounts", Settings.MEMBER_ROLE, "--member-role", Settings.EXTERNAL_ID, "--external-id",
            Settings.DIRECTORY_BUCKETS, "--directory-buckets");

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console() != null));
    }

    /**
     * The command line with its streams and environment given, for what runs it in the same JVM (the demo).
     *
     * @param terminal whether a person is at the keyboard: then progress is shown, and a run that writes asks first
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, BufferedReader in, boolean terminal) {
        Main main = new Main();
        main.env = env;
        main.out = out;
        main.err = err;
        main.in = in;
        main.terminal = terminal;
        CommandLine command = withExamples(new CommandLine(main))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, ignored) -> {
                    // An option's value that its setting's own rules refuse is said as a bad variable is.
                    if (e.getCause() instanceof InvalidSettingException invalid && e.getArgSpec() instanceof OptionSpec option) {
                        main.say("invalid " + option.longestName() + " (" + invalid.variable() + "): " + invalid.problem());
                        return NOT_STARTED;
                    }
                    main.say(e.getMessage());
                    // picocli's own guess at a mistyped option, said as a question rather than its "Possible solutions".
                    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && unmatched.isUnknownOption()
                            && !unmatched.getSuggestions().isEmpty()) {
                        err.println(escaped("Did you mean: " + String.join(" or ", unmatched.getSuggestions()) + "?"));
                    }
                    err.println("Try 'mpu-janitor --help'.");
                    return NOT_STARTED;
                });
        return command.execute(args);
    }

    /** The help with its examples last, after the footer. */
    static CommandLine withExamples(CommandLine command) {
        command.getHelpSectionMap().put(SECTION_KEY_EXAMPLES, Main::examples);
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER) + 1, SECTION_KEY_EXAMPLES);
        command.setHelpSectionKeys(keys);
        return command;
    }

    /**
     * Each command on a line of its own and what it does beneath it, indented: a footer's lines would wrap to column 0
     * on a narrow terminal, where a description must stay under its own command.
     */
    private static String examples(CommandLine.Help help) {
        int width = help.commandSpec().usageMessage().width();
        // The command column only indents: a command spans the whole width, a description starts where it ends.
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                new Help.Column(6, 2, Help.Column.Overflow.SPAN), new Help.Column(width - 6, 0, Help.Column.Overflow.WRAP));
        // A wrapped line starts where its first line did, not two further in.
        table.indentWrappedLines = 0;
        for (List<String> example : EXAMPLES) {
            table.addRowValues(example.get(0));
            table.addRowValues("", example.get(1));
        }
        return String.format("%nExamples:%n") + table;
    }

    @Override
    public Integer call() {
        SettingsOverrides options = overrides();
        Settings settings;
        LinkedHashSet<String> only;
        try {
            settings = Settings.fromEnv(env, options);
            only = new LinkedHashSet<>(new Invocation.Manual(Optional.empty(), buckets).buckets());
        } catch (InvalidSettingException e) {
            String named = options.variablesSet().contains(e.variable()) ? OPTION_OF.get(e.variable()) + " (" + e.variable() + ")" : e.variable();
            say("invalid " + named + ": " + e.problem());
            return NOT_STARTED;
        } catch (Invocation.InvalidInvocationException e) {
            say("invalid --bucket: " + e.problem());
            return NOT_STARTED;
        }
        Optional<String> unwritable = ReportFiles.unwritable(Optional.ofNullable(page), Optional.ofNullable(rows));
        if (unwritable.isPresent()) {
            say(unwritable.get());
            return NOT_STARTED;
        }
        AwsTarget target;
        try {
            target = AwsTarget.forWorkstation(Optional.ofNullable(profile), Optional.ofNullable(region), settings.endpoints().s3().isPresent());
        } catch (AwsTarget.TargetException e) {
            say(e.getMessage());
            return NOT_STARTED;
        }
        // The run's one context: what it covers and whether it writes, for the scan and every report alike.
        ScanStart run = ScanStart.onlyBuckets(settings.dryRun(), RunBudget.unlimited(), only);
        try (Janitor janitor = Janitor.start(settings, target, out);
                ReportFiles files = new ReportFiles(Optional.ofNullable(page), Optional.ofNullable(rows), run, Clock.systemUTC())) {
            Optional<Caller> caller = janitor.caller();
            Optional<String> account = caller.map(Caller::account);
            ScanTarget accounts = janitor.target(caller);
            say(header(settings, target, account, accounts));
            if (asksFirst(run.dryRun(), terminal, yes) && !confirmed(settings, account, accounts)) {
                say("not confirmed; nothing was written");
                return NOT_CONFIRMED;
            }
            // A defect's detail goes to stderr as a JSON line, whatever stdout carries.
            ScanReport report = ScanReports.of(files.around(json ? new BucketRecordLog(out, run) : new ConsoleReport(out, err, terminal, verbose),
                    target(settings, target, account, accounts)), new FailureRecords(err));
            ScanSummary summary = janitor.runFromWorkstation(caller, accounts, run, report);
            files.finish().forEach(written -> say("wrote " + written.file() + " (" + Figures.bytes(written.bytes()) + ")"));
            sayWhatIsLeft(summary);
            return exitCode(summary);
        } catch (ListingException | AccountLookup.AccountUnknownException | OrganizationDirectory.DirectoryException e) {
            say("the scan could not start: " + e.getMessage());
            return NOT_STARTED;
        } catch (IOException e) {
            say("INCOMPLETE: could not write " + e.getMessage());
            return INCOMPLETE;
        }
    }

    /** The options given, typed, each over its variable. */
    private SettingsOverrides overrides() {
        return SettingsOverrides.builder().dryRun(dryRun).abortAfterDays(days).excludeBuckets(exclude).s3Endpoint(endpoint).forcePathStyle(pathStyle)
                .accounts(accounts).excludeAccounts(excludeAccounts).memberRole(memberRole).externalId(externalId)
                .directoryBuckets(directoryBuckets).build();
    }

    /** After the table or the records: the one-line summary with --json, and what the run could not do. */
    private void sayWhatIsLeft(ScanSummary summary) {
        if (json) {
            say(oneLine(summary));
        }
        summary.organization().ifPresent(organization -> organization.accounts().stream().filter(AccountResult::failed).forEach(failed ->
                say("account " + failed.account().label() + " " + failed.status() + ": " + failed.error().orElse(failed.errorCode().orElse("")))));
        summary.reach().listingFailure().filter(failure -> summary.organization().isEmpty()).ifPresent(failure ->
                say("INCOMPLETE: the listing stopped part-way, so later buckets were not covered: " + failure.message()));
        if (summary.reportFailures() > 0) {
            say("INCOMPLETE: " + summary.reportFailures() + " results could not be reported");
        }
        if (!summary.reach().notFound().isEmpty()) {
            say("not in the account: " + String.join(", ", summary.reach().notFound()));
        }
    }

    /** Whose buckets, with which credentials, and whether this run writes: said before the first bucket. */
    static String header(Settings settings, AwsTarget target, Optional<String> account, ScanTarget accounts) {
        return target(settings, target, account, accounts) + " - " + (settings.dryRun() ? "DRY RUN, nothing is written" : "WRITING");
    }

    /**
     * Whose buckets, with which credentials: {@code account 123456789012, profile prod, region eu-west-1}, {@code
     * account 123456789012 at endpoint http://...} where STS names the account of an endpoint's credentials, or over an
     * organization {@code 41 accounts (2 excluded) from account 123456789012, ...}.
     */
    static String target(Settings settings, AwsTarget target, Optional<String> account, ScanTarget accounts) {
        Optional<String> endpoint = settings.endpoints().s3().map(uri -> "endpoint " + uri);
        String where = account.map(id -> "account " + id + endpoint.map(at -> " at " + at).orElse(""))
                .orElseGet(() -> endpoint.orElse("endpoint (none)"));
        if (accounts.organization()) {
            where = covering(accounts) + " from " + where;
        }
        return where + ", " + target.profile().map(name -> "profile " + name).orElse("default credential chain") + ", region " + target.region().id();
    }

    /** A person at a terminal is asked before a run that writes, unless they said --yes; scripts never are. */
    static boolean asksFirst(boolean dryRun, boolean terminal, boolean yes) {
        return !dryRun && terminal && !yes;
    }

    /** For example {@code 41 accounts (2 excluded, 1 suspended or closed)}. */
    static String covering(ScanTarget accounts) {
        List<String> left = new ArrayList<>();
        if (accounts.excluded() > 0) {
            left.add(accounts.excluded() + " excluded");
        }
        if (accounts.inactive() > 0) {
            left.add(accounts.inactive() + " suspended or closed");
        }
        return Figures.count(accounts.accounts().size(), "account") + (left.isEmpty() ? "" : " (" + String.join(", ", left) + ")");
    }

    private boolean confirmed(Settings settings, Optional<String> account, ScanTarget accounts) {
        err.print(escaped("Write lifecycle rules" + (settings.uploads().abortStale() ? " and abort stale uploads" : "") + " in "
                + (accounts.organization() ? covering(accounts) : account.map(id -> "account " + id).orElse("this endpoint")) + "? [y/N] "));
        err.flush();
        try {
            String answer = in == null ? null : in.readLine();
            return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * One line on stderr. Many carry what a server sent (an account ID, an error code and message), so each is shown
     * with its control characters escaped: a terminal would obey them.
     */
    private void say(String message) {
        err.println("mpu-janitor: " + escaped(message));
    }

    static int exitCode(ScanSummary summary) {
        if (!summary.complete()) {
            return INCOMPLETE;
        }
        if (!summary.reach().notFound().isEmpty()) {
            return BUCKETS_NOT_FOUND;
        }
        return summary.count(Outcome.FAILED) > 0 || summary.accountsFailed() > 0 ? SOME_BUCKETS_FAILED : COMPLETED;
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
