package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.aws.ClientTimeouts;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.FaultProxy.Action;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Faults on the wire, injected by a proxy in front of S3Mock: throttling, server errors, refusals, buckets that
 * vanish, dropped connections, answers slower than the client's timeout, and broken XML. Each bucket must end
 * with the outcome its fault calls for, never be written after a failed read, and leave every other bucket alone.
 */
class FaultInjectionIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String GET = "GetBucketLifecycleConfiguration";
    private static final String PUT = "PutBucketLifecycleConfiguration";
    private static final int ATTEMPTS = 4;
    /** Short, so that timeouts and retries take seconds, not minutes; the shape is the production one. */
    private static final ClientTimeouts FAST = new ClientTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(12), ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200));
    private static final List<String> HEALTHY = IntStream.range(0, 6).mapToObj(i -> "healthy-" + i).toList();

    private FaultProxy proxy;
    private S3Client s3;
    private final List<String> created = new java.util.ArrayList<>();

    @BeforeEach
    void proxyInFrontOfS3Mock() throws IOException {
        proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()));
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
    }

    @AfterEach
    void removeBuckets() {
        created.forEach(bucket -> {
            s3.deleteBucketLifecycle(r -> r.bucket(bucket));
            s3.deleteBucket(r -> r.bucket(bucket));
        });
        s3.close();
        proxy.close();
    }

    private void buckets(List<String> names) {
        names.forEach(name -> {
            s3.createBucket(b -> b.bucket(name));
            created.add(name);
        });
    }

    private JsonLines run() {
        Settings settings = Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true",
                "MAX_CONCURRENCY", "8"));
        return RunCapture.scheduledRun(settings, SeededAccount.CREDENTIALS, Clock.systemUTC(), FAST);
    }

    private static Map<String, JsonNode> records(JsonLines log) {
        return log.records("bucket").stream().collect(Collectors.toMap(record -> record.get("bucket").asText(), record -> record));
    }

    @Test
    void eachFaultEndsItsBucketAsItShouldAndLeavesEveryOtherBucketAlone() {
        Map<String, Action> faults = Map.ofEntries(
                Map.entry("slowdown-storm", new Action.Error(503, "SlowDown")),
                Map.entry("internal-error", new Action.Error(500, "InternalError")),
                Map.entry("access-denied", new Action.Error(403, "AccessDenied")),
                Map.entry("gone-before-read", new Action.Error(404, "NoSuchBucket")),
                Map.entry("reset-once", new Action.Reset()),
                Map.entry("reset-always", new Action.Reset()),
                Map.entry("slow-once", new Action.Delay(Duration.ofMillis(1_500))),
                Map.entry("slow-always", new Action.Delay(Duration.ofMillis(1_500))),
                Map.entry("truncated-xml", new Action.Truncated()));
        buckets(List.copyOf(faults.keySet()));
        buckets(List.of("operation-aborted", "gone-before-write"));
        buckets(HEALTHY);
        faults.forEach((bucket, action) -> proxy.fault(bucket, GET, action, bucket.endsWith("-once") ? 1 : bucket.equals("slowdown-storm") ? 3 : Integer.MAX_VALUE));
        proxy.fault("operation-aborted", PUT, new Action.Error(409, "OperationAborted"), 2);
        proxy.fault("gone-before-write", PUT, new Action.Error(404, "NoSuchBucket"), Integer.MAX_VALUE);

        JsonLines log = run();
        Map<String, JsonNode> records = records(log);

        // Transient faults are absorbed by retries with backoff; a bucket written reads its configuration again first.
        assertOutcome(records, "slowdown-storm", "REMEDIATED", "no-configuration");
        assertThat(proxy.requests("slowdown-storm", GET)).isEqualTo(4 + 1);
        assertOutcome(records, "operation-aborted", "REMEDIATED", "no-configuration");
        assertThat(proxy.requests("operation-aborted", PUT)).isEqualTo(3);
        assertOutcome(records, "reset-once", "REMEDIATED", "no-configuration");
        assertThat(proxy.requests("reset-once", GET)).isEqualTo(2 + 1);
        assertOutcome(records, "slow-once", "REMEDIATED", "no-configuration");
        // Lasting faults fail the bucket with the error's own code, after the retries it deserves.
        assertOutcome(records, "internal-error", "FAILED", "InternalError");
        assertThat(proxy.requests("internal-error", GET)).isEqualTo(ATTEMPTS);
        assertOutcome(records, "access-denied", "FAILED", "AccessDenied");
        assertThat(proxy.requests("access-denied", GET)).as("a refusal is not retried").isEqualTo(1);
        assertOutcome(records, "gone-before-read", "FAILED", "NoSuchBucket");
        assertOutcome(records, "gone-before-write", "FAILED", "NoSuchBucket");
        assertOutcome(records, "reset-always", "FAILED", "SdkClientException");
        assertThat(records.get("slow-always").get("outcome").asText()).isEqualTo("FAILED");
        assertThat(records.get("slow-always").get("reason").asText()).isIn("ApiCallAttemptTimeoutException", "ApiCallTimeoutException", "SdkClientException");
        assertOutcome(records, "truncated-xml", "FAILED", "SdkClientException");
        // Never a write after a failed read.
        for (String failedRead : List.of("internal-error", "access-denied", "gone-before-read", "reset-always", "slow-always", "truncated-xml")) {
            assertThat(proxy.requests(failedRead, PUT)).as(failedRead).isZero();
            assertThat(proxy.requests(failedRead, "GetBucketVersioning")).as(failedRead).isZero();
        }
        // Every other bucket: one read, another right before the write, one write, fixed.
        for (String bucket : HEALTHY) {
            assertOutcome(records, bucket, "REMEDIATED", "no-configuration");
            assertThat(proxy.requests(bucket, GET)).isEqualTo(2);
            assertThat(proxy.requests(bucket, PUT)).isEqualTo(1);
        }
        // The summary and the metrics count the failures by error code.
        JsonNode failures = log.summary().get("failuresByErrorCode");
        assertThat(failures.get("InternalError").asLong()).isEqualTo(1);
        assertThat(failures.get("AccessDenied").asLong()).isEqualTo(1);
        assertThat(failures.get("NoSuchBucket").asLong()).isEqualTo(2);
        assertThat(log.summary().get("outcomes").get("FAILED").asLong()).isEqualTo(7);
        Map<String, Long> metricByCode = log.lines().stream().filter(line -> line.has("ErrorCode"))
                .collect(Collectors.toMap(line -> line.get("ErrorCode").asText(), line -> line.get("BucketsFailed").asLong()));
        assertThat(metricByCode).containsEntry("InternalError", 1L).containsEntry("AccessDenied", 1L).containsEntry("NoSuchBucket", 2L);
        assertThat(metricByCode.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
    }

    @Test
    void throttledListingIsRetriedAndTheRunCompletes() {
        buckets(List.of("listed-after-slowdown"));
        proxy.fault(null, "ListBuckets", new Action.Error(503, "SlowDown"), 2);

        JsonLines log = run();

        assertThat(records(log)).containsKey("listed-after-slowdown");
        assertThat(proxy.requests(null, "ListBuckets")).isEqualTo(3);
    }

    @Test
    void aListingThatKeepsFailingFailsTheInvocation() {
        buckets(List.of("never-reached"));
        proxy.fault(null, "ListBuckets", new Action.Error(500, "InternalError"), Integer.MAX_VALUE);

        assertThatThrownBy(this::run).isInstanceOfSatisfying(ListingException.class,
                e -> assertThat(e.errorCode()).isEqualTo("InternalError"));
        assertThat(proxy.requests("never-reached", GET)).isZero();
    }

    @Test
    void aListingThatFailsPartWayReportsTheBucketsItListedAndRaisesTheAlarmsMetric() {
        List<String> names = IntStream.range(0, 7).mapToObj(i -> "paged-%02d".formatted(i)).toList();
        buckets(names);
        proxy.listPageSize(3).faultAfter(1, null, "ListBuckets", new Action.Error(500, "InternalError"), Integer.MAX_VALUE);

        JsonLines log = run();

        assertThat(records(log)).containsOnlyKeys(names.subList(0, 3));
        names.subList(0, 3).forEach(bucket -> assertThat(proxy.requests(bucket, PUT)).as(bucket).isEqualTo(1));
        JsonNode summary = log.summary();
        assertThat(summary.get("complete").asBoolean()).isFalse();
        assertThat(summary.get("buckets").asLong()).isEqualTo(3);
        assertThat(summary.get("listingError").get("errorCode").asText()).isEqualTo("InternalError");
        assertThat(summary.has("continuation")).as("a failed listing is not handed on").isFalse();
        JsonNode metrics = log.lines().stream().filter(line -> line.has("_aws") && !line.has("ErrorCode")).findFirst().orElseThrow();
        assertThat(metrics.get("AccountsFailed").asLong()).isEqualTo(1);
        assertThat(metrics.get("BucketsScanned").asLong()).isEqualTo(3);
    }

    private static void assertOutcome(Map<String, JsonNode> records, String bucket, String outcome, String reason) {
        assertThat(records.get(bucket)).as(bucket).isNotNull();
        assertThat(records.get(bucket).get("outcome").asText()).as(bucket + ": " + records.get(bucket)).isEqualTo(outcome);
        assertThat(records.get(bucket).get("reason").asText()).as(bucket).isEqualTo(reason);
    }
}
