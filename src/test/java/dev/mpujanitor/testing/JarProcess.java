package dev.mpujanitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/mpu-janitor.jar} in its own process, as other tools run it: configured only by
 * environment variables, none inherited from the test's own environment.
 */
public final class JarProcess {

    private static final Path JAR = Path.of("target", "mpu-janitor.jar");
    private static final Path NO_FILE = Path.of("target", "no-such-aws-file").toAbsolutePath();
    private static final List<String> SETTINGS = List.of("ABORT_AFTER_DAYS", "DRY_RUN", "METRIC_NAMESPACE", "MAX_CONCURRENCY", "S3_FORCE_PATH_STYLE");

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonLines log() {
            return JsonLines.parse(stdout);
        }
    }

    private JarProcess() {
    }

    /**
     * Runs the jar with static credentials, us-east-1, no instance metadata and no profile file, plus {@code settings}
     * (an empty value leaves that variable unset) and {@code args}.
     */
    public static Result run(String accessKey, String secretKey, Map<String, String> settings, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the jar is built by `package` before integration tests run").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || SETTINGS.contains(name));
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // Never the profiles of whoever runs the tests.
        env.put("AWS_CONFIG_FILE", NO_FILE.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", NO_FILE.toString());
        env.putAll(settings);
        env.values().removeIf(String::isEmpty);
        Path stdout = Files.createTempFile("mpu-janitor-jar", ".out");
        Path stderr = Files.createTempFile("mpu-janitor-jar", ".err");
        try {
            Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the jar did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
