package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.JarProcess;
import dev.mpujanitor.testing.SeededAccount;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The command line knows whose account it writes: {@code java -jar target/mpu-janitor.jar} in its own process, behind
 * a proxy that sees which access key signed each request. A profile beats the environment's keys; what is missing
 * is said in one line; a bucket that is not there, or a listing that breaks off, shows in the exit code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JarTargetS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final List<String> BUCKETS = List.of("target-a", "target-b", "target-c", "target-d", "target-e");

    @TempDir
    Path home;
    private FaultProxy proxy;

    @BeforeAll
    void buckets() {
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build()) {
            BUCKETS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
        }
    }

    @BeforeEach
    void proxy() throws IOException {
        proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()));
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    private JarProcess.Result jar(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return JarProcess.run(SeededAccount.ACCESS_KEY, SeededAccount.SECRET_KEY, environment, args);
    }

    @Test
    void aProfileIsUsedForCredentialsWhateverKeysTheEnvironmentHoldsAndTheHeaderSaysSo() throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, """
                [profile prod]
                region = eu-west-1
                aws_access_key_id = prod-access-key
                aws_secret_access_key = prod-secret-key
                """);

        JarProcess.Result result = jar(Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_REGION", ""),
                "--profile", "prod", "--endpoint", proxy.endpoint().toString(), "--path-style", "--dry-run", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(proxy.accessKeys()).containsExactly("prod-access-key");
        assertThat(result.stderr().lines().findFirst()).contains("mpu-janitor: endpoint " + proxy.endpoint()
                + ", profile prod, region eu-west-1 - DRY RUN, nothing is written");
        assertThat(result.log().records("bucket")).hasSize(BUCKETS.size());
    }

    @Test
    void withoutAProfileTheHeaderSaysTheRunWritesBeforeTheFirstBucket() throws Exception {
        JarProcess.Result result = jar(Map.of(), "--endpoint", proxy.endpoint().toString(), "--path-style", "--bucket", "target-a", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(Main.COMPLETED);
        assertThat(result.stderr().lines().findFirst())
                .contains("mpu-janitor: endpoint " + proxy.endpoint() + ", default credential chain, region us-east-1 - WRITING");
        assertThat(proxy.accessKeys()).containsExactly(SeededAccount.ACCESS_KEY);
    }

    @Test
    void aProfileThatDoesNotExistIsNamedAsSuchInOneLine() throws Exception {
        JarProcess.Result result = jar(Map.of(), "--profile", "no-such-profile", "--endpoint", proxy.endpoint().toString(), "--dry-run");

        assertThat(result.exitCode()).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr()).startsWith("mpu-janitor: no profile 'no-such-profile' in the AWS config or credentials file");
        assertThat(result.stderr().lines()).hasSize(1);
        assertThat(proxy.requests("ListBuckets")).isZero();
    }

    @Test
    void noRegionIsOneLineThatSaysWhatToDo() throws Exception {
        JarProcess.Result result = jar(Map.of("AWS_REGION", ""), "--dry-run");

        assertThat(result.exitCode()).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr()).isEqualToIgnoringNewLines("mpu-janitor: no AWS region: pass --region or set AWS_REGION");
    }

    @Test
    void noCredentialsIsOneLineThatSaysWhatToDoNeverTheSdksSearch() throws Exception {
        JarProcess.Result result = jar(Map.of("AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", ""),
                "--endpoint", proxy.endpoint().toString(), "--dry-run");

        assertThat(result.exitCode()).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr()).isEqualToIgnoringNewLines(
                "mpu-janitor: no AWS credentials: pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE");
    }

    @Test
    void aNamedBucketThatIsNotInTheAccountIsSaidAndTheExitCodeIsFour() throws Exception {
        JarProcess.Result result = jar(Map.of(), "--endpoint", proxy.endpoint().toString(), "--path-style", "--dry-run",
                "--bucket", "target-b", "--bucket", "target-bb");

        assertThat(result.exitCode()).isEqualTo(Main.BUCKETS_NOT_FOUND);
        assertThat(result.stderr()).contains("mpu-janitor: not in the account: target-bb");
        assertThat(result.stdout()).contains("target-b ");
    }

    @Test
    void anErrorFromTheServerReachesStderrWithItsControlCharactersEscaped() throws Exception {
        // XML carries a carriage return (as a reference), C1 controls and bidi overrides; the SDK hands them on as sent.
        proxy.fault(null, "ListBuckets", new FaultProxy.Action.Error(403, "Denied\u202eexe.txt&#13;\u009b2K"), Integer.MAX_VALUE);

        JarProcess.Result result = jar(Map.of(), "--endpoint", proxy.endpoint().toString(), "--path-style", "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(Main.NOT_STARTED);
        assertThat(result.stderr()).contains("the scan could not start: could not list the account's buckets: Denied\\u202eexe.txt\\u000d\\u009b2K")
                .doesNotContain("\u202e", "\r", "\u009b");
    }

    @Test
    void aListingThatBreaksOffReportsWhatItDidAndExitsIncomplete() throws Exception {
        proxy.listPageSize(2).faultAfter(1, null, "ListBuckets", new FaultProxy.Action.Error(500, "InternalError"), Integer.MAX_VALUE);

        JarProcess.Result result = jar(Map.of(), "--endpoint", proxy.endpoint().toString(), "--path-style", "--dry-run", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(Main.INCOMPLETE);
        assertThat(result.log().records("bucket")).extracting(record -> record.get("bucket").asText()).containsExactlyInAnyOrder("target-a", "target-b");
        assertThat(result.log().summary().get("complete").asBoolean()).isFalse();
        assertThat(result.log().summary().get("listingError").get("errorCode").asText()).isEqualTo("InternalError");
        assertThat(result.stderr()).contains("INCOMPLETE");
    }
}
