package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/**
 * The jar contract, as other tools use it: {@code java -jar target/mpu-janitor.jar} in its own process,
 * configured only by environment variables, against an S3-compatible endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JarS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final Path JAR = Path.of("target", "mpu-janitor.jar");

    private SeededAccount account;

    @BeforeAll
    void seedBuckets() {
        account = SeededAccount.seed(URI.create(S3_MOCK.getServiceEndpoint()), List.of(Region.US_EAST_1, Region.EU_CENTRAL_1), 14, "j");
    }

    @AfterAll
    void closeSeeders() {
        account.close();
    }

    @Test
    void theJarFixesEveryFixableBucketAndASecondRunWritesNothing() throws Exception {
        Result first = runJar(Map.of("AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true"));

        assertThat(first.exitCode).as(first.stderr).isEqualTo(Main.COMPLETED);
        assertThat(first.log().outcomes()).containsExactlyInAnyOrderEntriesOf(account.expectedFirstRun(Outcome.REMEDIATED));
        assertThat(first.log().summary().get("outcomes").get("REMEDIATED").asLong()).isEqualTo(account.count(Outcome.REMEDIATED));
        account.assertRemediated(Settings.DEFAULT_ABORT_AFTER_DAYS);

        Result second = runJar(Map.of("AWS_ENDPOINT_URL", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "TRUE"));

        assertThat(second.exitCode).as(second.stderr).isEqualTo(Main.COMPLETED);
        assertThat(second.log().summary().get("apiCallsByOperation").has("PutBucketLifecycleConfiguration")).isFalse();
        assertThat(second.log().summary().get("outcomes").get("REMEDIATED").asLong()).isZero();
        assertThat(second.log().summary().get("buckets").asLong()).isEqualTo(account.size());
    }

    @Test
    void aBadSettingExitsWithTwoNamingTheVariableBeforeAnyCall() throws Exception {
        Result result = runJar(Map.of("AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "ABORT_AFTER_DAYS", "0"));

        assertThat(result.exitCode).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr).contains("ABORT_AFTER_DAYS");
        assertThat(result.stdout).isEmpty();
    }

    @Test
    void anUnreachableEndpointExitsWithTwo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result result = runJar(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closedPort, "S3_FORCE_PATH_STYLE", "true"));

        assertThat(result.exitCode).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr).contains("could not start");
    }

    private record Result(int exitCode, String stdout, String stderr) {
        JsonLines log() {
            return JsonLines.parse(stdout);
        }
    }

    private static Result runJar(Map<String, String> settings) throws IOException, InterruptedException {
        assertThat(JAR).as("the jar is built by `package` before integration tests run").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("S3_FORCE_PATH_STYLE")
                || List.of("ABORT_AFTER_DAYS", "DRY_RUN", "METRIC_NAMESPACE", "MAX_CONCURRENCY").contains(name));
        env.putAll(new HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", SeededAccount.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SeededAccount.SECRET_KEY,
                "AWS_REGION", "us-east-1",
                "AWS_EC2_METADATA_DISABLED", "true")));
        env.putAll(settings);
        Path stdout = Files.createTempFile("mpu-janitor-jar", ".out");
        Path stderr = Files.createTempFile("mpu-janitor-jar", ".err");
        try {
            Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the jar did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
