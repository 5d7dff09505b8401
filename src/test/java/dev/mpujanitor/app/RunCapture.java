package dev.mpujanitor.app;

import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.ClientTimeouts;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.report.BucketRecordLog;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** One scheduled run of the whole application in-process, with everything it printed read back as JSON lines. */
final class RunCapture {

    private RunCapture() {
    }

    static JsonLines scheduledRun(Settings settings, AwsCredentialsProvider credentials, Clock clock) {
        return scheduledRun(settings, credentials, clock, ClientTimeouts.DEFAULT);
    }

    static JsonLines scheduledRun(Settings settings, AwsCredentialsProvider credentials, Clock clock, ClientTimeouts timeouts) {
        return invocation(Map.of(), settings, credentials, clock, timeouts);
    }

    /** A run of the whole account from a workstation, as the jar makes it with --json: its summary, and its records. */
    record WorkstationRun(ScanSummary summary, JsonLines log) {
    }

    static WorkstationRun workstationRun(Settings settings, AwsCredentialsProvider credentials) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ApiCalls apiCalls = new ApiCalls();
        ScanStart run = ScanStart.whole(settings.dryRun(), RunBudget.unlimited());
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Targets.loopback(credentials), apiCalls), apiCalls, out, Clock.systemUTC(),
                        (arn, payload) -> { })) {
            ScanSummary summary = janitor.runFromWorkstation(Optional.empty(), janitor.target(Optional.empty()), run, new BucketRecordLog(out, run));
            return new WorkstationRun(summary, JsonLines.parse(captured.toString(StandardCharsets.UTF_8)));
        }
    }

    /** A manual run of these buckets only, as an operator invokes it: nothing else of the server is touched. */
    static JsonLines manualRun(List<String> buckets, Settings settings, AwsCredentialsProvider credentials, Clock clock) {
        return invocation(Map.of("buckets", buckets), settings, credentials, clock, ClientTimeouts.DEFAULT);
    }

    /** An invocation with this payload, such as a bucket's CloudTrail event, as the function named in the template gets it. */
    static JsonLines invocation(Map<String, ?> payload, Settings settings, AwsCredentialsProvider credentials) {
        return invocation(payload, settings, credentials, Clock.systemUTC(), ClientTimeouts.DEFAULT);
    }

    private static JsonLines invocation(Map<String, ?> payload, Settings settings, AwsCredentialsProvider credentials, Clock clock, ClientTimeouts timeouts) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ApiCalls apiCalls = new ApiCalls();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Targets.loopback(credentials), apiCalls, timeouts), apiCalls, out, clock, (arn, next) -> { })) {
            janitor.runInvocation(payload, "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor-janitor", Duration.ofMinutes(15));
            return JsonLines.parse(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
