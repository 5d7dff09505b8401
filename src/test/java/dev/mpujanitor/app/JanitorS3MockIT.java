package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/**
 * The whole application against S3Mock in-process: 54 buckets in three regions with mixed lifecycle
 * configurations, scanned through the real adapter and wire: a dry run, a first run and a second run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JanitorS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final List<Region> REGIONS = List.of(Region.US_EAST_1, Region.EU_WEST_1, Region.AP_SOUTHEAST_2);
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor";

    private SeededAccount account;

    @BeforeAll
    void seedBuckets() {
        account = SeededAccount.seed(URI.create(S3_MOCK.getServiceEndpoint()), REGIONS, 18, "b");
    }

    @AfterAll
    void closeSeeders() {
        account.close();
    }

    @Test
    @Order(1)
    void aDryRunReportsWhatItWouldDoAndWritesNothing() {
        Run dry = run(true);

        assertThat(dry.calls("PutBucketLifecycleConfiguration")).isZero();
        assertThat(dry.log.outcomes()).containsExactlyInAnyOrderEntriesOf(account.expectedFirstRun(Outcome.WOULD_REMEDIATE));
        assertThat(dry.count(Outcome.WOULD_REMEDIATE)).isEqualTo(account.count(Outcome.REMEDIATED));
        account.assertUnchanged();
    }

    @Test
    @Order(2)
    void firstRunFixesEveryFixableBucketKeepingEveryRuleAndSecondRunWritesNothing() {
        Run first = run(false);

        assertThat(first.buckets()).isEqualTo(account.size()).isEqualTo(54);
        assertThat(first.log.outcomes()).containsExactlyInAnyOrderEntriesOf(account.expectedFirstRun(Outcome.REMEDIATED));
        long remediated = first.count(Outcome.REMEDIATED);
        assertThat(remediated).isEqualTo(account.count(Outcome.REMEDIATED)).isGreaterThanOrEqualTo(30);
        assertThat(first.calls("ListBuckets")).isEqualTo(1);
        // One read per bucket, and another right before each write.
        assertThat(first.calls("GetBucketLifecycleConfiguration")).isEqualTo(first.buckets() + remediated);
        assertThat(first.calls("PutBucketLifecycleConfiguration")).isEqualTo(remediated);
        assertThat(first.calls("GetBucketLocation")).isZero();
        // Versioning is read only for buckets that would otherwise be written.
        assertThat(first.calls("GetBucketVersioning")).isEqualTo(remediated);
        account.assertRemediated(Settings.DEFAULT_ABORT_AFTER_DAYS);

        Run second = run(false);

        assertThat(second.calls("PutBucketLifecycleConfiguration")).isZero();
        assertThat(second.calls("GetBucketVersioning")).isZero();
        assertThat(second.calls("GetBucketLifecycleConfiguration")).isEqualTo(second.buckets());
        assertThat(second.count(Outcome.COMPLIANT)).isEqualTo(first.count(Outcome.COMPLIANT) + remediated);
        assertThat(second.count(Outcome.UNFIXABLE)).isEqualTo(first.count(Outcome.UNFIXABLE));
    }

    private Run run(boolean dryRun) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Settings settings = Settings.fromEnv(Map.of("DRY_RUN", String.valueOf(dryRun), "METRIC_NAMESPACE", "MpuJanitorTest",
                "MAX_CONCURRENCY", "8", "AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true"));
        ApiCalls apiCalls = new ApiCalls();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Targets.loopback(SeededAccount.CREDENTIALS), apiCalls), apiCalls, out, java.time.Clock.systemUTC(), (arn, payload) -> { })) {
            JsonNode response = JsonLines.tree(janitor.runInvocation(Map.of(), FUNCTION_ARN, java.time.Duration.ofMinutes(15)));
            return new Run(response, JsonLines.parse(captured.toString(StandardCharsets.UTF_8)));
        }
    }

    /** One run as an operator sees it: the invocation's response and the lines it logged. */
    private record Run(JsonNode response, JsonLines log) {

        long buckets() {
            return response.get("buckets").asLong();
        }

        long count(Outcome outcome) {
            return response.get("outcomes").get(outcome.name()).asLong();
        }

        /** Requests on the wire for one operation, 0 when none were made. */
        long calls(String operation) {
            return response.get("apiCallsByOperation").path(operation).asLong(0);
        }
    }
}
