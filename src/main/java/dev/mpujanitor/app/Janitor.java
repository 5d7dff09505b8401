package dev.mpujanitor.app;

import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.S3BucketStore;
import dev.mpujanitor.aws.FunctionInvoker;
import dev.mpujanitor.config.Invocation;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketExclusions;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.report.EmfMetrics;
import dev.mpujanitor.report.ScanReports;
import dev.mpujanitor.report.SummaryDocument;
import dev.mpujanitor.scan.AccountScan;
import dev.mpujanitor.scan.ApiCalls;
import dev.mpujanitor.scan.ScanReport;
import dev.mpujanitor.scan.RunBudget;
import dev.mpujanitor.scan.ScanStart;
import dev.mpujanitor.scan.ScanSummary;
import dev.mpujanitor.scan.StoragePrice;
import dev.mpujanitor.scan.UploadPolicy;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The application, wired once from its settings: the Lambda handler keeps one for the life of its
 * container, the jar builds one per process. Building it makes no AWS call.
 */
public final class Janitor implements AutoCloseable {

    private final Settings settings;
    private final AwsClients clients;
    private final ApiCalls apiCalls;
    private final PrintStream out;
    private final Clock clock;
    private final FunctionInvoker invoker;

    Janitor(Settings settings, AwsClients clients, ApiCalls apiCalls, PrintStream out, Clock clock, FunctionInvoker invoker) {
        this.settings = settings;
        this.clients = clients;
        this.apiCalls = apiCalls;
        this.out = out;
        this.clock = clock;
        this.invoker = invoker;
    }

    /** For the Lambda runtime: settings from the process environment, records and metrics to stdout. */
    public static Janitor forLambda() {
        return start(Settings.fromEnv(System.getenv()), System.out);
    }

    public static Janitor start(Settings settings, PrintStream out) {
        ApiCalls apiCalls = new ApiCalls();
        AwsClients clients = AwsClients.fromEnvironment(settings, apiCalls);
        return new Janitor(settings, clients, apiCalls, out, Clock.systemUTC(), clients.functionInvoker());
    }

    /**
     * One invocation of the function: the account comes from its own ARN, the time budget from what the runtime
     * has left. A run that runs out of time hands the rest to a new invocation of itself, at most
     * {@link Invocation#MAX_CHAIN} times in a row. Returns the summary document that becomes the invocation's
     * response; a bad payload, or a failure to list buckets, fails the invocation.
     */
    public Map<String, Object> runInvocation(Map<String, ?> payload, String invokedFunctionArn, Duration remaining) {
        Invocation invocation = Invocation.fromPayload(payload);
        Instant now = clock.instant();
        RunBudget budget = RunBudget.endingBy(now, now.plus(remaining));
        ScanStart start = switch (invocation) {
            case Invocation.Scan scan -> ScanStart.whole(settings.dryRun(), budget);
            case Invocation.Continuation continuation ->
                    new ScanStart(settings.dryRun(), budget, Optional.of(continuation.resumeFrom()), Optional.empty());
            case Invocation.Manual manual -> new ScanStart(manual.dryRun().orElse(settings.dryRun()), budget, Optional.empty(),
                    manual.buckets().isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(manual.buckets())));
        };
        ScanReport report = ScanReports.of(
                new BucketRecordLog(out, start.dryRun()),
                new EmfMetrics(out, settings.metricNamespace(), clock));
        ScanSummary summary = scan(AccountLookup.fromFunctionArn(invokedFunctionArn), start, report);
        Map<String, Object> response = SummaryDocument.of(summary);
        // A manual run's overrides would not travel with a continuation, so only scheduled chains continue.
        if (!(invocation instanceof Invocation.Manual)) {
            summary.reach().resumeFrom().ifPresent(next -> response.put("continuation", handOff(invokedFunctionArn, next, invocation.chain() + 1)));
        }
        return response;
    }

    /** Starts the next run of the chain, unless the chain is at its end; says which it did. */
    private Map<String, Object> handOff(String functionArn, String resumeFrom, int chain) {
        if (chain > Invocation.MAX_CHAIN) {
            // The next scheduled run starts again from the first bucket; README explains how to size for this.
            return Map.of("resumeFrom", resumeFrom, "started", false, "reason", "chain-limit");
        }
        invoker.invokeAsync(functionArn, SummaryDocument.json(new Invocation.Continuation(resumeFrom, chain).payload()));
        return Map.of("resumeFrom", resumeFrom, "started", true, "chain", chain);
    }

    /**
     * One run from a workstation, reported to {@code report}. Against AWS the account comes from STS; an
     * S3-compatible endpoint has no AWS account, so no expected owner is sent there.
     *
     * @param onlyBuckets the buckets to cover; empty for all of them
     */
    public ScanSummary runFromWorkstation(Set<String> onlyBuckets, ScanReport report) {
        Optional<String> account = settings.endpointOverride().isPresent()
                ? Optional.empty()
                : Optional.of(AccountLookup.fromSts(clients));
        ScanStart start = new ScanStart(settings.dryRun(), RunBudget.unlimited(), Optional.empty(),
                onlyBuckets.isEmpty() ? Optional.empty() : Optional.of(onlyBuckets));
        return scan(account, start, report);
    }

    private ScanSummary scan(Optional<String> account, ScanStart start, ScanReport report) {
        AccountScan scan = new AccountScan(new S3BucketStore(clients, account), new AbortRulePolicy(settings.abortAfterDays()),
                new BucketExclusions(settings.excludeBuckets(), Settings.IAC_REMEDIATE.equals(settings.iacManagedBuckets())),
                uploadPolicy(settings), settings.maxConcurrency(), apiCalls, clock);
        return scan.run(start, report);
    }

    private static Optional<UploadPolicy> uploadPolicy(Settings settings) {
        Settings.UploadSettings uploads = settings.uploads();
        if (!uploads.inventory() && !uploads.abortStale()) {
            return Optional.empty();
        }
        return Optional.of(new UploadPolicy(uploads.maxListPartsCalls(), new StoragePrice(uploads.pricePerGbMonth()),
                uploads.abortStale() ? Optional.of(Duration.ofDays(settings.abortAfterDays())) : Optional.empty()));
    }

    @Override
    public void close() {
        clients.close();
    }
}
