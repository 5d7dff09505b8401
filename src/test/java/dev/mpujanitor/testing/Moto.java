package dev.mpujanitor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * moto's server, started for one test class as a child process on a free loopback port: S3, IAM, STS, Organizations
 * and CloudFormation behind one endpoint, each account apart. Until {@link #enforceIam} every request is let
 * through, whoever signs it, for the setup; from then on every request must be signed by a known access key and be
 * allowed by its principal's IAM policies.
 *
 * <p>Registered as a static extension, it starts before the class's {@code @BeforeAll} and stops after its
 * {@code @AfterAll}, and a shutdown hook stops it if the JVM ends first. Without {@code moto_server} on the PATH the
 * class is skipped, with the reason, except under CI, where it must run.
 */
public final class Moto implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    /** The account of any request that names none: moto's default, and the tests' function ARN's. */
    public static final String DEFAULT_ACCOUNT = "123456789012";
    static final String NOT_RUN = "moto tests NOT run: no moto_server on the PATH (install it with pip install \"moto[server]\" cfn-lint)";
    /** moto sets a request's account from this header, during the setup. */
    private static final String ACCOUNT_HEADER = "x-moto-account-id";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Any key signs during the setup: moto checks no signature before {@link #enforceIam}. */
    private static final StaticCredentialsProvider SETUP = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAMOTOSETUP0000000", "setup"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Thread stopAtExit;
    private URI endpoint;

    static boolean installed() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "moto_server")));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (installed() || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("moto_server is installed, or CI requires it");
        }
        System.err.println("WARNING: " + NOT_RUN);
        return ConditionEvaluationResult.disabled(NOT_RUN);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!installed()) {
            fail(NOT_RUN + "; CI must run them");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = Files.createDirectories(Path.of("target", "moto")).resolve("moto-server-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Each would pin every request to one account, or start enforcing IAM before the setup is done.
        builder.environment().remove("MOTO_ACCOUNT_ID");
        builder.environment().remove("INITIAL_NO_AUTH_ACTION_COUNT");
        process = builder.start();
        stopAtExit = new Thread(this::stop, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        endpoint = URI.create("http://127.0.0.1:" + port);
        awaitAnswer(log);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
    }

    private void awaitAnswer(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("moto_server ended with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException notYet) {
                Thread.sleep(100);
            }
        }
        stop();
        fail("moto_server did not answer within " + STARTUP + ": " + Files.readString(log));
    }

    /** The server and any process it started; called once by the extension, and by the shutdown hook if the JVM ends first. */
    private void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** From now on, every request is checked against its caller's IAM policies, AssumeRole against the role's trust policy. */
    public void enforceIam() {
        JsonNode answer = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset-auth")).POST(HttpRequest.BodyPublishers.ofString("0")).build());
        if (!"ok".equals(answer.path("status").asText())) {
            throw new IllegalStateException("moto did not start enforcing IAM: " + answer);
        }
    }

    /**
     * An IAM user of {@code account} allowed everything, with its access key: the administrator who sets the accounts
     * up, and who may still change them once IAM is enforced. Created during the setup.
     */
    public StaticCredentialsProvider administrator(String account) {
        try (IamClient iam = client(IamClient.builder(), SETUP).overrideConfiguration(inAccount(account)).build()) {
            iam.createUser(r -> r.userName("administrator"));
            iam.putUserPolicy(r -> r.userName("administrator").policyName("everything").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"""));
            AccessKey key = iam.createAccessKey(r -> r.userName("administrator")).accessKey();
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        }
    }

    /** {@code builder} aimed at this server, in us-east-1, with these credentials. */
    public <B extends AwsClientBuilder<B, C>, C> B client(B builder, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials);
    }

    /** For a client of the setup that works in {@code account}, whatever its credentials. */
    public static ClientOverrideConfiguration inAccount(String account) {
        return ClientOverrideConfiguration.builder().putHeader(ACCOUNT_HEADER, account).build();
    }

    /**
     * One call of an AWS JSON 1.1 API during the setup, in {@code account}, for a service of moto the tests have no SDK
     * client of (Organizations): unsigned, which moto accepts until {@link #enforceIam}.
     *
     * @param target such as {@code AWSOrganizationsV20161128.CreateOrganization}
     */
    public JsonNode awsJson(String service, String target, String account, String body) {
        String scope = "AKIAMOTOSETUP0000000/20260101/us-east-1/" + service + "/aws4_request";
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("X-Amz-Target", target)
                .header(ACCOUNT_HEADER, account)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + scope + ", SignedHeaders=host, Signature=0");
        return send(request.header("Content-Type", "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " " + request.headers().firstValue("X-Amz-Target").orElse("")
                        + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
