package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.FunctionInvoker;
import dev.mpujanitor.trigger.Invocation;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A run with a tiny time budget, as a Lambda with little time left: it stops starting buckets in time, hands
 * the rest to a new invocation of itself, and the chain reaches every bucket exactly once, within its bound.
 */
class ContinuationS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor-janitor";
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Client s3;
    /** Every request 60 ms late: 40 buckets then take longer than a 2-second budget allows. */
    private FaultProxy proxy;
    private Settings settings;

    @BeforeEach
    void aSlowS3() throws Exception {
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint())).forcePathStyle(true)
                .credentialsProvider(SeededAccount.CREDENTIALS).build();
        proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint())).latency(Duration.ofMillis(60));
        settings = Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true",
                "MAX_CONCURRENCY", "2", "INVENTORY_UPLOADS", "false"));
    }

    @AfterEach
    void removeTheBuckets() {
        proxy.close();
        s3.listBuckets().buckets().forEach(bucket -> s3.deleteBucket(b -> b.bucket(bucket.name())));
        s3.close();
    }

    private List<String> fortyBuckets(String prefix) {
        List<String> buckets = IntStream.range(0, 40).mapToObj(i -> prefix + "-%02d".formatted(i)).toList();
        buckets.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
        return buckets;
    }

    /** An invocation of the function with a 2-second budget, its records written to {@code log}. */
    private Map<String, Object> invoke(Map<String, Object> payload, ByteArrayOutputStream log, FunctionInvoker invoker) {
        ApiCalls apiCalls = new ApiCalls();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Targets.loopback(SeededAccount.CREDENTIALS), apiCalls),
                        apiCalls, out, Clock.systemUTC(), invoker)) {
            return janitor.runInvocation(payload, FUNCTION_ARN, Duration.ofSeconds(2));
        }
    }

    @Test
    void aChainOfShortRunsReachesEveryBucketExactlyOnce() throws Exception {
        List<String> buckets = fortyBuckets("chain");
        List<String> handedOff = new ArrayList<>();
        Map<String, Integer> remediated = new HashMap<>();
        Map<String, Object> payload = Map.of("detail-type", "Scheduled Event", "source", "aws.events");
        int runs = 0;
        while (payload != null) {
            runs++;
            assertThat(runs).as("the chain ends").isLessThanOrEqualTo(Invocation.MAX_CHAIN + 1);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            handedOff.clear();
            Map<String, Object> response = invoke(payload, log, (arn, next) -> {
                assertThat(arn).isEqualTo(FUNCTION_ARN);
                handedOff.add(next);
            });
            JsonLines.parse(log.toString(StandardCharsets.UTF_8)).records("bucket").forEach(record ->
                    remediated.merge(record.get("bucket").asText(), 1, Integer::sum));
            if (Boolean.TRUE.equals(response.get("complete"))) {
                assertThat(handedOff).isEmpty();
                payload = null;
            } else {
                assertThat((Long) response.get("bucketsNotReached")).isPositive();
                assertThat(handedOff).hasSize(1);
                JsonNode next = JSON.readTree(handedOff.getFirst());
                assertThat(next.get("chain").asInt()).isEqualTo(runs);
                payload = JSON.convertValue(next, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            }
        }

        assertThat(runs).as("the budget really cut the scan short").isGreaterThan(1);
        assertThat(remediated).containsOnlyKeys(buckets).allSatisfy((bucket, times) -> assertThat(times).as(bucket).isEqualTo(1));
        buckets.forEach(bucket -> assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules()).as(bucket).hasSize(1));
    }

    @Test
    void aHandOffLambdaRefusesEndsTheChainSayingWhyAndKeepsWhatTheRunDid() {
        List<String> buckets = fortyBuckets("refused");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        Map<String, Object> response = invoke(Map.of(), log, (arn, next) -> {
            throw new FunctionInvoker.InvokeFailedException("AccessDeniedException", "not authorized to perform: lambda:InvokeFunction", null);
        });

        assertThat(response.get("complete")).isEqualTo(false);
        assertThat(response.get("continuation")).isInstanceOfSatisfying(Map.class, continuation -> {
            assertThat(continuation).containsOnlyKeys("resumeFrom", "started", "reason").containsEntry("started", false)
                    .containsEntry("reason", "invoke-failed:AccessDeniedException");
            // Where the next run would have resumed: a bucket this run did not get to.
            assertThat(buckets).contains((String) continuation.get("resumeFrom"));
        });
        assertThat(JsonLines.parse(log.toString(StandardCharsets.UTF_8)).records("bucket")).isNotEmpty();
    }
}
