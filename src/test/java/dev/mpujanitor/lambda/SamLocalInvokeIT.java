package dev.mpujanitor.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.template.SamTemplate;
import dev.mpujanitor.testing.BucketEvents;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@code sam local invoke}, as close as a machine without Docker allows: the handler named in template.yaml,
 * loaded by the java21 runtime's own client (the Runtime Interface Client) in a child JVM whose classpath is
 * laid out as {@code sam build} lays it out, fed each file of {@code events/} through a Runtime API served on
 * loopback, with the environment SAM would give it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SamLocalInvokeIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final String FUNCTION = "JanitorFunction";
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor-janitor";
    private static final Path TARGET = Path.of("target");
    /** What `sam build` writes for the function: the classes at the root, the runtime dependencies in lib/. */
    private static final Path TASK_ROOT = TARGET.resolve("sam-build");
    /** What the java21 runtime brings itself: its runtime client and that client's serialization. */
    private static final Path RUNTIME = TARGET.resolve("lambda-runtime");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> SAMPLE_BUCKETS = List.of("my-athena-results", "my-data-lake", "my-new-bucket", "my-new-eu-bucket");

    private final SamTemplate template = SamTemplate.load();
    private SeededAccount account;
    /** Names the function's own role, as STS does to a deployed function, so that its own write is told apart. */
    private FakeSts sts;

    @BeforeAll
    void layOutTheBuildAndSeedAnAccount() throws IOException {
        assertThat(TASK_ROOT.resolve("lib")).as("pre-integration-test copies the runtime dependencies").isDirectory();
        assertThat(RUNTIME).as("pre-integration-test copies the runtime client").isDirectory();
        Path classes = TARGET.resolve("classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = TASK_ROOT.resolve(classes.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        account = SeededAccount.seed(URI.create(S3_MOCK.getServiceEndpoint()), List.of(Region.US_EAST_1, Region.EU_WEST_1), 14, "l");
        sts = FakeSts.naming(BucketEvents.FUNCTION_SESSION_ARN);
        // The buckets the sample manual events name.
        try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(S3_MOCK.getServiceEndpoint())).forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build()) {
            for (String bucket : SAMPLE_BUCKETS) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
    }

    @AfterAll
    void closeSeeders() {
        account.close();
        sts.close();
    }

    @Test
    @Order(1)
    void theShippedEnvJsonMakesTheLocalRunADryRun() throws Exception {
        Map<String, Map<String, String>> shipped = JSON.readValue(Files.readString(Path.of("env.json")),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, String>>>() { });

        Invocation local = invoke(handler(), event("scheduled-event.json"), shipped);

        assertThat(shipped.get(FUNCTION)).as("env.json names the function").containsEntry("DRY_RUN", "true");
        assertThat(local.answer.error()).as(local.answer.body()).isFalse();
        assertThat(local.response().get("dryRun").asBoolean()).isTrue();
        assertThat(local.response().get("apiCallsByOperation").has("PutBucketLifecycleConfiguration")).isFalse();
        account.assertUnchanged();
    }

    @Test
    @Order(1)
    void envJsonOverridesTheTemplateAsSamDoes() throws Exception {
        Invocation dry = invoke(handler(), event("scheduled-event.json"),
                Map.of(FUNCTION, Map.of("DRY_RUN", "true", "METRIC_NAMESPACE", "LocalRun", "NOT_IN_TEMPLATE", "ignored")));

        assertThat(dry.answer.error()).as(dry.answer.body()).isFalse();
        assertThat(dry.response().get("dryRun").asBoolean()).isTrue();
        assertThat(dry.response().get("outcomes").get(Outcome.WOULD_REMEDIATE.name()).asLong()).isEqualTo(account.count(Outcome.REMEDIATED) + SAMPLE_BUCKETS.size());
        assertThat(dry.metrics().get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("LocalRun");
        account.assertUnchanged();
    }

    @Test
    @Order(2)
    void everySampleEventRunsTheHandlerNamedInTheTemplate() throws Exception {
        List<Path> events = sampleEvents();
        assertThat(events).isNotEmpty();
        List<String> allBuckets = new java.util.ArrayList<>(account.seeds().keySet());
        allBuckets.addAll(SAMPLE_BUCKETS);
        for (Path event : events) {
            JsonNode payload = JSON.readTree(Files.readString(event));
            Invocation run = invoke(handler(), Files.readString(event), Map.of());

            assertThat(run.answer.error()).as(event + ": " + run.answer.body()).isFalse();
            JsonNode response = run.response();
            if (event.getFileName().toString().startsWith("cloudtrail-own-")) {
                // The function's own write: answered, and nothing called.
                assertThat(response.get("record").asText()).isEqualTo("event");
                assertThat(response.get("ignored").asText()).isEqualTo("own-write");
                assertThat(run.log.lines()).noneMatch(line -> line.has("_aws"));
                continue;
            }
            // What each kind of event asks for: a bucket's event that bucket, named buckets, the rest of a scan, or
            // the whole account.
            boolean bucketEvent = payload.has("detail-type") && payload.get("detail-type").asText().equals("AWS API Call via CloudTrail");
            if (bucketEvent && payload.get("source").asText().equals("aws.s3express")) {
                // A directory bucket's: with an S3 endpoint but no S3 Express endpoint no run lists one, so the event is
                // left alone before any call, saying why.
                assertThat(response.get("ignored").asText()).as(event.toString()).isEqualTo("directory-bucket:S3_EXPRESS_ENDPOINT_URL-not-given");
                assertThat(response.at("/trigger/eventName").asText()).isEqualTo(payload.at("/detail/eventName").asText());
                assertThat(run.log.records("bucket")).isEmpty();
                continue;
            }
            long expected = bucketEvent ? 1 : payload.has("buckets") ? payload.get("buckets").size()
                    : payload.has("resumeFrom") ? allBuckets.stream().filter(bucket -> bucket.compareTo(payload.get("resumeFrom").asText()) >= 0).count()
                    : allBuckets.size();
            assertThat(response.get("record").asText()).isEqualTo("summary");
            assertThat(response.get("buckets").asLong()).as(event.toString()).isEqualTo(expected);
            assertThat(response.get("dryRun").asBoolean()).as(event.toString()).isEqualTo(payload.path("dryRun").asBoolean(false));
            assertThat(response.get("complete").asBoolean()).isTrue();
            assertThat(response.get("outcomes").get(Outcome.FAILED.name()).asLong()).isZero();
            JsonNode metrics = run.metrics();
            assertThat(metrics.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText())
                    .isEqualTo(parameterDefault("MetricNamespace"));
            assertThat(metrics.get("BucketsScanned").asLong()).isEqualTo(expected);
            assertThat(metrics.get("BucketsFailed").asLong()).isZero();
            assertThat(run.log.records("bucket")).hasSize((int) expected);
            if (bucketEvent) {
                String bucket = payload.at("/detail/requestParameters/bucketName").asText();
                assertThat(run.log.records("bucket")).singleElement().satisfies(record -> {
                    assertThat(record.get("bucket").asText()).isEqualTo(bucket);
                    assertThat(record.at("/trigger/eventName").asText()).isEqualTo(payload.at("/detail/eventName").asText());
                    assertThat(record.at("/trigger/principalArn").asText()).isEqualTo(payload.at("/detail/userIdentity/arn").asText());
                    assertThat(record.at("/trigger/eventTime").asText()).isEqualTo(payload.get("time").asText());
                });
                assertThat(metrics.get("BucketEvents").asLong()).isEqualTo(1);
            }
            if (payload.has("buckets")) {
                List<String> named = new java.util.ArrayList<>();
                payload.get("buckets").forEach(name -> named.add(name.asText()));
                assertThat(run.log.records("bucket")).extracting(record -> record.get("bucket").asText()).containsExactlyInAnyOrderElementsOf(named);
            }
        }
        account.assertRemediated(Integer.parseInt(parameterDefault("AbortAfterDays")));
    }

    @Test
    @Order(3)
    void aPayloadWithAnUnknownFieldIsRejectedBeforeAnyCall() throws Exception {
        Invocation run = invoke(handler(), "{\"dryRun\": true, \"bucket\": \"my-data-lake\"}", Map.of());

        assertThat(run.answer.error()).isTrue();
        assertThat(run.answer.body()).contains("unknown field(s) [bucket]");
        assertThat(run.log.records("bucket")).isEmpty();
    }

    @Test
    @Order(3)
    void aHandlerClassThatDoesNotExistFailsTheInvocation() throws Exception {
        Invocation run = invoke("dev.mpujanitor.handler.MissingHandler::handleRequest", event("scheduled-event.json"), Map.of());

        assertThat(run.answer.error()).isTrue();
        assertThat(run.answer.body()).contains("ClassNotFoundException");
    }

    @Test
    @Order(4)
    void aHandlerMethodThatDoesNotExistFailsTheInvocation() throws Exception {
        Invocation run = invoke(handler().replace("::handleRequest", "::handle"), event("scheduled-event.json"), Map.of());

        assertThat(run.answer.error()).isTrue();
        assertThat(run.answer.body()).contains("handle");
    }

    private String handler() {
        return (String) template.properties(FUNCTION).get("Handler");
    }

    private String parameterDefault(String parameter) {
        return String.valueOf(template.parameter(parameter).get("Default"));
    }

    private static String event(String name) throws IOException {
        return Files.readString(Path.of("events", name));
    }

    private static List<Path> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * The function's environment as SAM builds it: the template's variables with Parameter defaults, overridden
     * by an env.json entry for the function (keys the template does not declare are ignored, as SAM ignores
     * them), plus what the runtime sets. The endpoint variables point the SDK at S3Mock and at a loopback STS that
     * names the function's role: the only difference from a real `sam local invoke`, which would reach AWS.
     */
    private Map<String, String> environment(Map<String, Map<String, String>> envJson, String handler, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        SamTemplate.map(SamTemplate.map(template.properties(FUNCTION).get("Environment")).get("Variables")).forEach((name, value) -> {
            if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String parameter) {
                env.put(name, parameterDefault(parameter));
            } else {
                env.put(name, String.valueOf(value));
            }
        });
        envJson.getOrDefault(FUNCTION, Map.of()).forEach((name, value) -> env.computeIfPresent(name, (key, old) -> value));
        env.putAll(Map.of(
                "AWS_LAMBDA_RUNTIME_API", runtimeApi,
                "_HANDLER", handler,
                "AWS_LAMBDA_FUNCTION_NAME", "mpu-janitor-janitor",
                "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(template.properties(FUNCTION).get("MemorySize")),
                "AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(template.properties(FUNCTION).get("Timeout")),
                "AWS_REGION", "us-east-1",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", SeededAccount.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SeededAccount.SECRET_KEY));
        env.putAll(Map.of(
                "LAMBDA_TASK_ROOT", TASK_ROOT.toAbsolutePath().toString(),
                "AWS_EXECUTION_ENV", "AWS_Lambda_java21",
                "TZ", "UTC",
                "AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(),
                "AWS_ENDPOINT_URL_STS", sts.endpoint().toString(),
                "S3_FORCE_PATH_STYLE", "true"));
        return env;
    }

    private Invocation invoke(String handler, String event, Map<String, Map<String, String>> envJson) throws Exception {
        Path stdout = Files.createTempFile("lambda-runtime", ".out");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
            String classpath = String.join(File.pathSeparator,
                    RUNTIME.toAbsolutePath() + File.separator + "*",
                    TASK_ROOT.toAbsolutePath().toString(),
                    TASK_ROOT.resolve("lib").toAbsolutePath() + File.separator + "*");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath,
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                    .redirectErrorStream(true)
                    .redirectOutput(stdout.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(envJson, handler, api.address()));
            Process runtime = builder.start();
            try {
                var answer = api.invoke(event, FUNCTION_ARN, Duration.ofMinutes(15)).get(2, TimeUnit.MINUTES);
                return new Invocation(answer, readLog(stdout, runtime));
            } finally {
                runtime.destroy();
                if (!runtime.waitFor(10, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly();
                }
            }
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    /** The JSON lines the function printed; anything else (the runtime client's own lines) is left out. */
    private static JsonLines readLog(Path stdout, Process runtime) throws IOException, InterruptedException {
        // The response is posted after the last line is printed; give the pipe a moment to drain.
        runtime.waitFor(500, TimeUnit.MILLISECONDS);
        String json = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{"))
                .reduce("", (all, line) -> all + line + "\n");
        return JsonLines.parse(json);
    }

    private record Invocation(LambdaRuntimeApi.Answer answer, JsonLines log) {

        JsonNode response() {
            try {
                return JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode metrics() {
            List<JsonNode> documents = log.lines().stream().filter(line -> line.has("_aws")).toList();
            assertThat(documents).as("one EMF document per run").hasSize(1);
            return documents.getFirst();
        }
    }
}
