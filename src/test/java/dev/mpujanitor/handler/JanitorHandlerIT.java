package dev.mpujanitor.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AwsTarget;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/** The handler as the runtime calls it: a scheduled event and a context, the summary as the response. */
class JanitorHandlerIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final Map<String, String> SDK_PROPERTIES = Map.of(
            "aws.region", "us-east-1", "aws.accessKeyId", SeededAccount.ACCESS_KEY, "aws.secretAccessKey", SeededAccount.SECRET_KEY);

    @BeforeAll
    static void credentialsAsTheRuntimeProvidesThem() {
        SDK_PROPERTIES.forEach(System::setProperty);
    }

    @AfterAll
    static void clearCredentials() {
        SDK_PROPERTIES.keySet().forEach(System::clearProperty);
    }

    @Test
    void aScheduledEventRunsOneScanAndReturnsItsSummaryWithMetricsInTheLog() {
        try (SeededAccount account = SeededAccount.seed(URI.create(S3_MOCK.getServiceEndpoint()), List.of(Region.US_EAST_1), 14, "h")) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Settings settings = Settings.fromEnv(Map.of(
                    "AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true", "METRIC_NAMESPACE", "HandlerTest"));
            try (Janitor janitor = Janitor.start(settings, AwsTarget.ofEnvironment(true), new PrintStream(log, true, StandardCharsets.UTF_8))) {
                JanitorHandler handler = new JanitorHandler(janitor);

                Map<String, Object> response = handler.handleRequest(Map.of("detail-type", "Scheduled Event", "source", "aws.events", "detail", Map.of()),
                        context("arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor"));

                assertThat(response).containsEntry("record", "summary").containsEntry("buckets", (long) account.size());
                JsonLines lines = JsonLines.parse(log.toString(StandardCharsets.UTF_8));
                assertThat(lines.records("bucket")).hasSize(account.size());
                assertThat(lines.summary().get("buckets").asLong()).isEqualTo(account.size());
                List<com.fasterxml.jackson.databind.JsonNode> metrics = lines.lines().stream().filter(line -> line.has("_aws")).toList();
                assertThat(metrics).hasSize(1);
                assertThat(metrics.getFirst().get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("HandlerTest");
                assertThat(metrics.getFirst().get("BucketsScanned").asLong()).isEqualTo(account.size());
                account.assertRemediated(Settings.DEFAULT_ABORT_AFTER_DAYS);
            }
        }
    }

    private static Context context(String functionArn) {
        return new Context() {
            @Override public String getAwsRequestId() { return "00000000-0000-0000-0000-000000000000"; }
            @Override public String getLogGroupName() { return "/aws/lambda/mpu-janitor"; }
            @Override public String getLogStreamName() { return "stream"; }
            @Override public String getFunctionName() { return "mpu-janitor"; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return functionArn; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return 900_000; }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }
}
