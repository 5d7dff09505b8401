package dev.mpujanitor.app;

import dev.mpujanitor.aws.AccountLookup;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.S3BucketStore;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.report.EmfMetrics;
import dev.mpujanitor.report.ScanReports;
import dev.mpujanitor.report.SummaryDocument;
import dev.mpujanitor.scan.AccountScan;
import dev.mpujanitor.scan.ApiCalls;
import dev.mpujanitor.scan.ScanReport;
import dev.mpujanitor.scan.ScanSummary;
import dev.mpujanitor.scan.StoragePrice;
import dev.mpujanitor.scan.UploadPolicy;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    Janitor(Settings settings, AwsClients clients, ApiCalls apiCalls, PrintStream out, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.apiCalls = apiCalls;
        this.out = out;
        this.clock = clock;
    }

    /** For the Lambda runtime: settings from the process environment, records and metrics to stdout. */
    public static Janitor forLambda() {
        return start(Settings.fromEnv(System.getenv()), System.out);
    }

    public static Janitor start(Settings settings, PrintStream out) {
        ApiCalls apiCalls = new ApiCalls();
        return new Janitor(settings, AwsClients.fromEnvironment(settings, apiCalls), apiCalls, out, Clock.systemUTC());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * One scheduled run: the account comes from the function's own ARN. Returns the summary document that
     * becomes the invocation's response; a failure to list buckets propagates and fails the invocation.
     */
    public Map<String, Object> runScheduled(String invokedFunctionArn) {
        ScanReport report = ScanReports.of(
                new BucketRecordLog(out, settings.dryRun()),
                new EmfMetrics(out, settings.metricNamespace(), clock));
        return SummaryDocument.of(scan(AccountLookup.fromFunctionArn(invokedFunctionArn), report));
    }

    /**
     * One run from a workstation. Against AWS the account comes from STS; an S3-compatible endpoint has no AWS
     * account, so no expected owner is sent there.
     */
    public ScanSummary runFromWorkstation() {
        Optional<String> account = settings.endpointOverride().isPresent()
                ? Optional.empty()
                : Optional.of(AccountLookup.fromSts(clients));
        return scan(account, new BucketRecordLog(out, settings.dryRun()));
    }

    private ScanSummary scan(Optional<String> account, ScanReport report) {
        AccountScan scan = new AccountScan(new S3BucketStore(clients, account), new AbortRulePolicy(settings.abortAfterDays()),
                uploadPolicy(settings), settings.maxConcurrency(), apiCalls, clock);
        return scan.run(settings.dryRun(), report);
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
