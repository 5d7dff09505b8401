package dev.mpujanitor.app;

import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.aws.AccountLookup.Caller;
import dev.mpujanitor.aws.AwsAccountAccess;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.AwsTarget;
import dev.mpujanitor.aws.S3BucketStore;
import dev.mpujanitor.aws.FunctionInvoker;
import dev.mpujanitor.bucket.ExcludedNames;
import dev.mpujanitor.trigger.IamRole;
import dev.mpujanitor.trigger.Invocation;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.report.EmfMetrics;
import dev.mpujanitor.report.FailureRecords;
import dev.mpujanitor.report.ScanReports;
import dev.mpujanitor.report.SummaryDocument;
import dev.mpujanitor.run.AccountScan;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.run.ScanTarget;
import dev.mpujanitor.uploads.FixedPrice;
import dev.mpujanitor.uploads.ListPrices;
import dev.mpujanitor.ports.StoragePrices;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
    /** Asked for at the first bucket event; null until then. */
    private Optional<IamRole> ownRole;

    Janitor(Settings settings, AwsClients clients, ApiCalls apiCalls, PrintStream out, Clock clock, FunctionInvoker invoker) {
        this.settings = settings;
        this.clients = clients;
        this.apiCalls = apiCalls;
        this.out = out;
        this.clock = clock;
        this.invoker = invoker;
    }

    /** For the Lambda runtime: settings, credentials and region from the process environment, records and metrics to stdout. */
    public static Janitor forLambda() {
        Settings settings = Settings.fromEnv(System.getenv());
        return start(settings, AwsTarget.ofEnvironment(settings.endpoints().s3().isPresent()), System.out);
    }

    public static Janitor start(Settings settings, AwsTarget target, PrintStream out) {
        ApiCalls apiCalls = new ApiCalls();
        AwsClients clients = new AwsClients(settings, target, apiCalls);
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
        Optional<Caller> caller = AccountLookup.fromFunctionArn(invokedFunctionArn)
                .map(account -> new Caller(account, AccountLookup.partitionOf(invokedFunctionArn)));
        Optional<Invocation.BucketChanged> event = invocation instanceof Invocation.BucketChanged changed ? Optional.of(changed) : Optional.empty();
        Optional<String> ignored = event.flatMap(changed -> ignoredBecause(changed, caller));
        if (ignored.isPresent()) {
            Map<String, Object> response = SummaryDocument.ignoredEvent(event.get(), ignored.get());
            out.println(SummaryDocument.json(response));
            return response;
        }
        Instant now = clock.instant();
        RunBudget budget = RunBudget.endingBy(now, now.plus(remaining));
        ScanStart start = switch (invocation) {
            case Invocation.Scan scan -> ScanStart.whole(settings.dryRun(), budget);
            case Invocation.Continuation continuation -> ScanStart.resuming(settings.dryRun(), budget, continuation.resumeFrom(), continuation.account());
            case Invocation.Manual manual -> ScanStart.onlyBuckets(manual.dryRun().orElse(settings.dryRun()), budget, Set.copyOf(manual.buckets()));
            case Invocation.BucketChanged changed -> ScanStart.onlyBuckets(settings.dryRun(), budget, Set.of(changed.bucket()));
        };
        ScanReport report = ScanReports.of(
                new BucketRecordLog(out, start, event),
                new EmfMetrics(out, settings.metricNamespace(), clock, event.isPresent()),
                new FailureRecords(out));
        // A bucket event is about the function's own account, whose bus it reached, whatever ACCOUNTS says.
        ScanTarget target = event.isPresent() ? ScanTarget.self(AccountRef.own(caller.map(Caller::account))) : target(caller);
        ScanSummary summary = scan(caller, target, start, report);
        Map<String, Object> response = SummaryDocument.of(summary);
        event.ifPresent(changed -> response.put("trigger", SummaryDocument.trigger(changed)));
        // A manual run's overrides would not travel with a continuation, and an event's run is one bucket: only
        // scheduled chains continue.
        if (invocation instanceof Invocation.Scan || invocation instanceof Invocation.Continuation) {
            summary.reach().resumeFrom().ifPresent(next -> response.put("continuation",
                    handOff(invokedFunctionArn, new Invocation.Continuation(next, summary.reach().resumeAccount(), invocation.chain() + 1))));
        }
        return response;
    }

    /**
     * Why a bucket event asks for nothing, if it does not. What the event and the settings say is decided before any
     * call, by the same rules as a scheduled run's (the account's admission, the kind of bucket, then the bucket's
     * name); only then is the function's own role asked for, to tell its own writes.
     */
    private Optional<String> ignoredBecause(Invocation.BucketChanged event, Optional<Caller> caller) {
        Optional<String> ignored = event.ignoredBecause(caller.map(Caller::account));
        if (ignored.isEmpty()) {
            ignored = settings.accounts().leavesOut(event.account());
        }
        // A run that lists no directory bucket (not asked to, or an S3-compatible store without an S3 Express
        // endpoint): an event does not bring one in.
        if (ignored.isEmpty() && event.directoryBucket() && !settings.listsDirectoryBuckets()) {
            ignored = Optional.of("directory-bucket:" + (settings.directoryBuckets() ? Settings.S3_EXPRESS_ENDPOINT_URL + "-not-given"
                    : Settings.DIRECTORY_BUCKETS + "=false"));
        }
        if (ignored.isEmpty()) {
            ignored = new ExcludedNames(settings.excludeBuckets()).patternMatching(event.bucket()).map(pattern -> "name-pattern:" + pattern);
        }
        if (ignored.isEmpty() && ownRole().filter(event::madeBy).isPresent()) {
            ignored = Optional.of("own-write");
        }
        return ignored;
    }

    /**
     * The function's own role, from STS GetCallerIdentity, asked once for the life of the container where STS can be
     * asked. Empty when it cannot be known: the event is then run, which costs one read, since a bucket the function
     * has just covered is compliant and is not written again.
     */
    private Optional<IamRole> ownRole() {
        if (ownRole == null) {
            ownRole = settings.endpoints().asksSts() ? AccountLookup.ownRole(clients) : Optional.empty();
        }
        return ownRole;
    }

    /** Starts the next run of the chain, unless the chain is at its end; says which it did. */
    private Map<String, Object> handOff(String functionArn, Invocation.Continuation next) {
        Map<String, Object> said = new LinkedHashMap<>(next.payload());
        if (next.chain() > Invocation.MAX_CHAIN) {
            // The next scheduled run starts again from the first bucket; README explains how to size for this.
            said.remove(Invocation.CHAIN);
            said.put("started", false);
            said.put("reason", "chain-limit");
            return said;
        }
        try {
            invoker.invokeAsync(functionArn, SummaryDocument.json(next.payload()));
        } catch (FunctionInvoker.InvokeFailedException e) {
            // Without lambda:InvokeFunction the chain ends here; the next scheduled run starts again from the first bucket.
            said.remove(Invocation.CHAIN);
            said.put("started", false);
            said.put("reason", "invoke-failed:" + e.errorCode());
            return said;
        }
        said.put("started", true);
        return said;
    }

    /**
     * Whose credentials a workstation holds, from STS wherever it can be asked; empty for an S3-compatible endpoint
     * with no STS beside it, which has no AWS account. Over an organization, the caller's own account is the one
     * entered without a member role.
     */
    public Optional<Caller> caller() {
        return settings.endpoints().asksSts() ? Optional.of(AccountLookup.fromSts(clients)) : Optional.empty();
    }

    /**
     * The accounts a run covers: the caller's own alone unless ACCOUNTS says otherwise. For
     * {@code ACCOUNTS=organization} this lists the organization's accounts; a run from a workstation calls it
     * to say what it is about to cover.
     */
    public ScanTarget target(Optional<Caller> caller) {
        return ScanTarget.of(settings.accounts(), caller.map(Caller::account), clients::organization);
    }

    /**
     * One run from a workstation, reported to {@code report}.
     *
     * @param caller      whose credentials, from {@link #caller()}: their account is the expected owner of its buckets
     * @param target      the accounts to cover, from {@link #target}
     * @param start       what the run covers and whether it writes: the one context its reports were made with too
     */
    public ScanSummary runFromWorkstation(Optional<Caller> caller, ScanTarget target, ScanStart start, ScanReport report) {
        return scan(caller, target, start, report);
    }

    private ScanSummary scan(Optional<Caller> caller, ScanTarget target, ScanStart start, ScanReport report) {
        if (!target.organization()) {
            return new AccountScan(new S3BucketStore(clients, caller.map(Caller::account), settings.listsDirectoryBuckets()), wiring(report), settings.maxConcurrency(),
                    settings.uploads(), apiCalls, clock).run(start, report);
        }
        // The function's own partition: a role in another partition could not be assumed with these credentials anyway.
        try (AwsAccountAccess access = new AwsAccountAccess(clients, caller.map(Caller::partition).orElse("aws"), settings.accounts(),
                settings.listsDirectoryBuckets())) {
            return new AccountScan(target, access, wiring(report), settings.maxConcurrency(), settings.uploads(), apiCalls, clock).run(start, report);
        }
    }

    /** The buckets' pipelines, with this run's prices. */
    private BucketWiring wiring(ScanReport report) {
        return new BucketWiring(settings, prices(report), clock);
    }

    /**
     * PRICE_PER_GB_MONTH when set; otherwise the AWS Price List, read afresh each run, with the built-in list prices for
     * what it does not answer (and the report told why); an S3-compatible store, which AWS does not price, gets the list
     * prices alone.
     */
    private StoragePrices prices(ScanReport report) {
        return settings.uploads().pricePerGbMonth().<StoragePrices>map(FixedPrice::new)
                .orElseGet(() -> settings.endpoints().asksThePriceList()
                        ? clients.priceList(ListPrices.builtIn(), refusal -> report.warning("price-list", refusal))
                        : ListPrices.builtIn());
    }

    @Override
    public void close() {
        clients.close();
    }
}
