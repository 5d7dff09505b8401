package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.testing.JarProcess;
import dev.mpujanitor.testing.SeededAccount;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
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
 * The jar contract, as other tools use it: {@code java -jar target/mpu-janitor.jar} in its own process,
 * configured only by environment variables, against an S3-compatible endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JarS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

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
    @Order(2)
    void theJarFixesEveryFixableBucketAndASecondRunWritesNothing() throws Exception {
        JarProcess.Result first = runJar(Map.of("AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true"));

        assertThat(first.exitCode()).as(first.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(first.log().outcomes()).containsExactlyInAnyOrderEntriesOf(account.expectedFirstRun(Outcome.REMEDIATED));
        assertThat(first.log().summary().get("outcomes").get("REMEDIATED").asLong()).isEqualTo(account.count(Outcome.REMEDIATED));
        account.assertRemediated(Settings.DEFAULT_ABORT_AFTER_DAYS);

        JarProcess.Result second = runJar(Map.of("AWS_ENDPOINT_URL", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "TRUE"));

        assertThat(second.exitCode()).as(second.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(second.log().summary().get("apiCallsByOperation").has("PutBucketLifecycleConfiguration")).isFalse();
        assertThat(second.log().summary().get("outcomes").get("REMEDIATED").asLong()).isZero();
        assertThat(second.log().summary().get("buckets").asLong()).isEqualTo(account.size());
    }

    @Test
    @Order(1)
    void aDryScanOfTwoNamedBucketsFromTheCommandLineTouchesNothingElse() throws Exception {
        List<String> two = account.seeds().keySet().stream().filter(bucket -> account.seeds().get(bucket).firstRun == Outcome.REMEDIATED)
                .limit(2).toList();

        JarProcess.Result result = JarProcess.run(SeededAccount.ACCESS_KEY, SeededAccount.SECRET_KEY, Map.of(),
                "--endpoint", S3_MOCK.getServiceEndpoint(), "--path-style", "--dry-run", "--bucket", two.get(0), "--bucket", two.get(1));

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(result.stdout()).contains("BUCKET", "OUTCOME", two.get(0), two.get(1), "WOULD_REMEDIATE", "Summary (dry run: nothing was written)");
        assertThat(result.stdout().lines().filter(line -> line.startsWith(two.get(0)) || line.startsWith(two.get(1))))
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("WOULD_REMEDIATE"));
        assertThat(result.stdout()).containsPattern("buckets +2");
        account.assertUnchanged();
    }

    @Test
    void aBadSettingExitsWithTwoNamingTheVariableBeforeAnyCall() throws Exception {
        JarProcess.Result result = runJar(Map.of("AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "ABORT_AFTER_DAYS", "0"));

        assertThat(result.exitCode()).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr()).contains("ABORT_AFTER_DAYS");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void anUnreachableEndpointExitsWithTwo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        JarProcess.Result result = runJar(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closedPort, "S3_FORCE_PATH_STYLE", "true"));

        assertThat(result.exitCode()).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr()).contains("could not start");
    }

    private static JarProcess.Result runJar(Map<String, String> settings) throws IOException, InterruptedException {
        return JarProcess.run(SeededAccount.ACCESS_KEY, SeededAccount.SECRET_KEY, settings, "--json");
    }
}
