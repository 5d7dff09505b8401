package dev.mpujanitor.app;

import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.ClientTimeouts;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.scan.ApiCalls;
import dev.mpujanitor.testing.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** One scheduled run of the whole application in-process, with everything it printed read back as JSON lines. */
final class RunCapture {

    private RunCapture() {
    }

    static JsonLines scheduledRun(Settings settings, AwsCredentialsProvider credentials, Clock clock) {
        return scheduledRun(settings, credentials, clock, ClientTimeouts.DEFAULT);
    }

    static JsonLines scheduledRun(Settings settings, AwsCredentialsProvider credentials, Clock clock, ClientTimeouts timeouts) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ApiCalls apiCalls = new ApiCalls();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Region.US_EAST_1, credentials, apiCalls, timeouts), apiCalls, out, clock, (arn, payload) -> { })) {
            janitor.runInvocation(Map.of(), "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor", Duration.ofMinutes(15));
            return JsonLines.parse(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
