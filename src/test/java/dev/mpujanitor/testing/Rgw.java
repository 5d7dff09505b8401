package dev.mpujanitor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Ceph RADOS Gateway that {@code scripts/ceph-rgw.sh start} runs: a production S3 implementation that
 * validates lifecycle rules and really executes them. Found through {@code RGW_ENDPOINT} (and the rest of
 * {@code rgw.env}) in the environment, or the script's default {@code target/ceph-rgw/rgw.env}.
 *
 * <p>Without a gateway the RGW tests are skipped with a plain notice, except under CI, where they must run.
 */
public record Rgw(URI endpoint, String accessKey, String secretKey, Optional<Path> conf) {

    private static final Path DEFAULT_ENV_FILE = Path.of("target", "ceph-rgw", "rgw.env");
    static final String NOT_RUN = "RGW tests NOT run: no RADOS Gateway (start one with scripts/ceph-rgw.sh start, or set RGW_ENDPOINT)";

    static boolean configured() {
        String endpoint = settings().get("RGW_ENDPOINT");
        return endpoint != null && !endpoint.isBlank();
    }

    public static Rgw require() {
        Map<String, String> env = settings();
        String endpoint = env.get("RGW_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(NOT_RUN + "; CI must run them");
            }
            Assumptions.abort(NOT_RUN);
        }
        return new Rgw(URI.create(endpoint), env.get("RGW_ACCESS_KEY"), env.get("RGW_SECRET_KEY"),
                Optional.ofNullable(env.get("RGW_CONF")).map(Path::of));
    }

    private static Map<String, String> settings() {
        Map<String, String> env = new HashMap<>();
        if (Files.isReadable(DEFAULT_ENV_FILE)) {
            env.putAll(readEnvFile(DEFAULT_ENV_FILE));
        }
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("RGW_")) {
                env.put(name, value);
            }
        });
        return env;
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** A plain SDK client, not the code under test. RGW rejects the SDK's default trailing checksums on uploads. */
    public S3Client client() {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Runs the gateway's lifecycle processing now ({@code radosgw-admin lc process}) instead of waiting for it. */
    public void processLifecycle() {
        Path config = conf.orElseThrow(() -> new IllegalStateException("RGW_CONF is needed to run radosgw-admin"));
        try {
            Process process = new ProcessBuilder("radosgw-admin", "-c", config.toString(), "lc", "process")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("radosgw-admin lc process failed: " + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
