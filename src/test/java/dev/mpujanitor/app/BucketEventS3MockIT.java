package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.BucketEvents;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * A bucket's CloudTrail event, as EventBridge delivers it, covers that one bucket through the same pipeline as the
 * scan, with one ListBuckets call: a bucket created after the scan, a configuration another principal replaced or
 * deleted. The function's own write, a bucket gone since, and a directory bucket's event without DIRECTORY_BUCKETS are
 * left alone.
 */
class BucketEventS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final LifecycleRule EXPIRE_LOGS = LifecycleRule.builder().id("expire-logs").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();
    private static final LifecycleRule EXPIRE_TMP = LifecycleRule.builder().id("expire-tmp").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("tmp/")).expiration(e -> e.days(1)).build();

    private final S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
            .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
    private FaultProxy proxy;
    private Settings settings;

    @BeforeEach
    void anAccountTheScanCovered() throws Exception {
        proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint()));
        settings = Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true",
                "INVENTORY_UPLOADS", "false"));
        for (String bucket : List.of("evt-archive", "evt-logs", "evt-reports")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        RunCapture.scheduledRun(settings, SeededAccount.CREDENTIALS, Clock.systemUTC());
        proxy.resetCounts();
    }

    @AfterEach
    void stop() {
        proxy.close();
        s3.listBuckets().buckets().forEach(bucket -> s3.deleteBucket(b -> b.bucket(bucket.name())));
        s3.close();
    }

    private JsonLines event(String sample, String bucket) {
        return RunCapture.invocation(BucketEvents.about(sample, bucket), settings, SeededAccount.CREDENTIALS);
    }

    private List<LifecycleRule> rules(String bucket) {
        return s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules();
    }

    /** Our rule, as S3Mock gives it back: it reads a whole-bucket filter back as an empty one. */
    private static void assertOurs(LifecycleRule rule) {
        assertThat(rule.id()).isEqualTo(AbortRulePolicy.RULE_ID);
        assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
        assertThat(rule.filter().prefix()).isNullOrEmpty();
    }

    @Test
    void aBucketCreatedAfterTheScanIsCoveredByItsEventAloneWithOneListing() {
        s3.createBucket(b -> b.bucket("evt-new"));

        JsonLines run = event("cloudtrail-create-bucket-us-east-1.json", "evt-new");

        assertThat(rules("evt-new")).singleElement().satisfies(BucketEventS3MockIT::assertOurs);
        JsonNode record = run.records("bucket").getFirst();
        assertThat(run.records("bucket")).hasSize(1);
        assertThat(record.get("bucket").asText()).isEqualTo("evt-new");
        assertThat(record.get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(record.at("/trigger/eventName").asText()).isEqualTo("CreateBucket");
        assertThat(record.at("/trigger/principalArn").asText()).isEqualTo("arn:aws:sts::123456789012:assumed-role/developer/alice");
        assertThat(run.summary().at("/trigger/eventTime").asText()).isEqualTo("2025-11-25T09:14:07Z");
        assertThat(proxy.requests("ListBuckets")).as("one page: only the bucket's prefix is asked for").isEqualTo(1);
        assertThat(List.of("evt-archive", "evt-logs", "evt-reports")).allSatisfy(other ->
                assertThat(proxy.requests(other, "GetBucketLifecycleConfiguration")).as(other).isZero());
    }

    @Test
    void aConfigurationAnotherPrincipalReplacedGetsTheRuleBackWithEveryOtherRuleIntact() {
        s3.putBucketLifecycleConfiguration(r -> r.bucket("evt-logs").lifecycleConfiguration(c -> c.rules(EXPIRE_LOGS, EXPIRE_TMP)));

        JsonLines run = event("cloudtrail-put-bucket-lifecycle.json", "evt-logs");

        List<LifecycleRule> rules = rules("evt-logs");
        assertThat(rules).hasSize(3).startsWith(EXPIRE_LOGS, EXPIRE_TMP);
        assertOurs(rules.getLast());
        assertThat(run.records("bucket").getFirst().get("rulesBefore").asInt()).isEqualTo(2);
    }

    @Test
    void aDeletedConfigurationIsRestored() {
        s3.deleteBucketLifecycle(r -> r.bucket("evt-reports"));

        event("cloudtrail-delete-bucket-lifecycle.json", "evt-reports");

        assertThat(rules("evt-reports")).singleElement().satisfies(BucketEventS3MockIT::assertOurs);
    }

    /** The settings of the event's function, with an STS that names the samples' function role. */
    private Settings withSts(FakeSts sts, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true",
                "INVENTORY_UPLOADS", "false", "AWS_ENDPOINT_URL_STS", sts.endpoint().toString()));
        env.putAll(more);
        return Settings.fromEnv(env);
    }

    private static FakeSts sts() throws Exception {
        return FakeSts.naming(BucketEvents.FUNCTION_SESSION_ARN);
    }

    @Test
    void theFunctionsOwnWriteCallsNothingOnS3() throws Exception {
        try (FakeSts sts = sts()) {
            settings = withSts(sts, Map.of());

            JsonLines run = event("cloudtrail-own-put-bucket-lifecycle.json", "evt-archive");

            assertThat(List.of("ListBuckets", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration"))
                    .allSatisfy(operation -> assertThat(proxy.requests(operation)).as(operation).isZero());
            assertThat(run.lines()).singleElement().satisfies(line -> {
                assertThat(line.get("record").asText()).isEqualTo("event");
                assertThat(line.get("ignored").asText()).isEqualTo("own-write");
            });
        }
    }

    @Test
    void aSessionNamedLikeTheFunctionsButIssuedByAnotherRoleIsNotTakenForItsOwnWrite() throws Exception {
        s3.deleteBucketLifecycle(r -> r.bucket("evt-reports"));
        try (FakeSts sts = sts()) {
            settings = withSts(sts, Map.of());
            Map<String, Object> impostor = BucketEvents.madeBy(BucketEvents.about("cloudtrail-own-put-bucket-lifecycle.json", "evt-reports"),
                    "arn:aws:sts::123456789012:assumed-role/developer/mpu-janitor-janitor", "arn:aws:iam::123456789012:role/developer");

            JsonLines run = RunCapture.invocation(impostor, settings, SeededAccount.CREDENTIALS);

            assertThat(run.records("bucket")).singleElement().satisfies(record -> assertThat(record.get("outcome").asText()).isEqualTo("REMEDIATED"));
            assertThat(rules("evt-reports")).singleElement().satisfies(BucketEventS3MockIT::assertOurs);
        }
    }

    @Test
    void anEventInAnAccountTheSettingsLeaveOutMakesNoCallAtAll() throws Exception {
        try (FakeSts sts = sts()) {
            settings = withSts(sts, Map.of("ACCOUNTS", "111111111111", "EXCLUDE_ACCOUNTS", "123456789012"));
            s3.deleteBucketLifecycle(r -> r.bucket("evt-reports"));

            JsonLines run = event("cloudtrail-delete-bucket-lifecycle.json", "evt-reports");

            assertThat(run.lines()).singleElement().satisfies(line -> assertThat(line.get("ignored").asText()).isEqualTo("account-excluded"));
            assertThat(proxy.requests()).as("S3 requests").isZero();
            assertThat(sts.identityCalls()).as("STS requests").isZero();
        }
    }

    @Test
    void anEventOfABucketExcludedByNameMakesNoCallAtAll() throws Exception {
        try (FakeSts sts = sts()) {
            settings = withSts(sts, Map.of("EXCLUDE_BUCKETS", "evt-rep*"));

            JsonLines run = event("cloudtrail-delete-bucket-lifecycle.json", "evt-reports");

            assertThat(run.lines()).singleElement().satisfies(line -> assertThat(line.get("ignored").asText()).isEqualTo("name-pattern:evt-rep*"));
            assertThat(proxy.requests()).as("S3 requests").isZero();
            assertThat(sts.identityCalls()).as("STS requests").isZero();
        }
    }

    @Test
    void aDirectoryBucketsEventWithoutDirectoryBucketsMakesNoCallAtAll() throws Exception {
        try (FakeSts sts = sts()) {
            settings = withSts(sts, Map.of("DIRECTORY_BUCKETS", "false"));

            JsonLines run = event("cloudtrail-directory-put-bucket-policy.json", "evt-tables--use1-az4--x-s3");

            assertThat(run.lines()).singleElement().satisfies(line -> {
                assertThat(line.get("ignored").asText()).isEqualTo("directory-bucket:DIRECTORY_BUCKETS=false");
                assertThat(line.get("bucket").asText()).isEqualTo("evt-tables--use1-az4--x-s3");
                assertThat(line.at("/trigger/eventName").asText()).isEqualTo("PutBucketPolicy");
            });
            assertThat(proxy.requests()).as("S3 requests").isZero();
            assertThat(sts.identityCalls()).as("STS requests").isZero();
        }
    }

    @Test
    void anEventOfABucketDeletedSinceIsReportedNotFailed() {
        JsonLines run = event("cloudtrail-create-bucket-eu-west-1.json", "evt-gone");

        assertThat(run.records("bucket")).isEmpty();
        assertThat(run.summary().get("bucketsNotFound")).extracting(JsonNode::asText).containsExactly("evt-gone");
        assertThat(run.summary().at("/outcomes/FAILED").asLong()).isZero();
    }
}
