package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.aws.S3BucketStore;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.Chromium;
import dev.mpujanitor.testing.FakeS3Express;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.InProcessCli;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Targets;
import dev.mpujanitor.testing.Uploads;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

/**
 * One account with both kinds of bucket, as the command line in this JVM scans it: general purpose buckets in
 * S3Mock, directory buckets in {@link FakeS3Express} (both planes, S3 Control's tags, and the account's own
 * credentials only on the Regional endpoint), and STS naming the account, which a directory bucket's ARN needs. The
 * real SDK routes each call by the bucket name's {@code --x-s3} suffix to the endpoint it belongs to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryBucketsS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String LET_IN = "analytics--use1-az4--x-s3";
    private static final String WITH_EXPIRATION = "cache--use1-az5--x-s3";
    private static final String NO_POLICY = "scratch--euw1-az1--x-s3";
    private static final String OPTED_OUT = "vault--use1-az6--x-s3";
    private static final String EXPIRATION_RULE = "<Rule><ID>expire-scratch</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status>"
            + "<Expiration><Days>3</Days></Expiration></Rule>";

    private FakeS3Express express;
    private FakeSts sts;
    private S3Client general;
    @TempDir
    Path files;

    @BeforeAll
    void seed() throws IOException {
        sts = FakeSts.naming("arn:aws:iam::" + ACCOUNT + ":user/operator");
        express = new FakeS3Express(SeededAccount.ACCESS_KEY)
                .bucket(LET_IN, "us-east-1").policy(LET_IN, lifecycleLetIn(LET_IN, "us-east-1"))
                .bucket(WITH_EXPIRATION, "us-east-1").policy(WITH_EXPIRATION, lifecycleLetIn(WITH_EXPIRATION, "us-east-1"))
                .bucket(NO_POLICY, "eu-west-1")
                .bucket(OPTED_OUT, "us-east-1").tagged(OPTED_OUT, "mpu-janitor:exclude", "true");
        express.lifecycle(WITH_EXPIRATION, "<LifecycleConfiguration>" + EXPIRATION_RULE + "</LifecycleConfiguration>");
        express.upload(LET_IN, "athena/results/part.bin", Instant.now().minus(30, ChronoUnit.DAYS), 8 * MIB, 2 * MIB);
        general = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build();
        general.createBucket(b -> b.bucket("billing-exports"));
        general.createBucket(b -> b.bucket("zeta-logs"));
        Uploads.startIncomplete(general, "zeta-logs", "unload/0001.parquet", 5 * MIB);
    }

    @AfterAll
    void stop() {
        general.close();
        express.close();
        sts.close();
    }

    @Test
    @Order(1)
    void aScanCoversBothKindsOfBucketAndReportsBoth() {
        Cli first = run();

        assertThat(first.exit).as(first.stderr).isZero();
        List<JsonNode> records = first.log.records("bucket");
        assertThat(records).extracting(record -> record.get("bucket").asText())
                .containsExactlyInAnyOrder(LET_IN, "billing-exports", WITH_EXPIRATION, NO_POLICY, OPTED_OUT, "zeta-logs");
        Map<String, JsonNode> byBucket = byBucket(records);
        assertThat(byBucket.get(LET_IN).get("bucketType").asText()).isEqualTo("directory");
        assertThat(byBucket.get("billing-exports").get("bucketType").asText()).isEqualTo("general-purpose");
        assertThat(byBucket.get(LET_IN).get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(byBucket.get(WITH_EXPIRATION).get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(byBucket.get("billing-exports").get("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(byBucket.get(OPTED_OUT).get("outcome").asText()).isEqualTo("EXCLUDED");
        assertThat(byBucket.get(LET_IN).get("region").asText()).isEqualTo("us-east-1");
        assertThat(byBucket.get(NO_POLICY).get("region").asText()).isEqualTo("eu-west-1");

        // S3Mock forgets a bucket's uploads once its lifecycle is written: only this first page shows zeta-logs' upload.
        try (Chromium chromium = Chromium.require()) {
            chromium.open(files.resolve("report.html").toUri());
            assertThat(chromium.evaluate("document.getElementById('wasters').innerText").asText()).as("both kinds among the wasters")
                    .contains(LET_IN, "zeta-logs");
            assertThat(chromium.evaluate("document.getElementById('needs-a-human').innerText").asText()).contains(NO_POLICY);
        }
    }

    @Test
    @Order(2)
    void theRuleIsMergedIntoADirectoryBucketsConfigurationKeepingItsOwnRuleAndNothingItCannotTake() {
        assertThat(express.lifecycleXml(WITH_EXPIRATION)).hasValueSatisfying(xml -> assertThat(xml)
                .contains("<ID>expire-scratch</ID>", "<Prefix>tmp/</Prefix>", "<Days>3</Days>", "<ID>" + AbortRulePolicy.RULE_ID + "</ID>",
                        "<DaysAfterInitiation>7</DaysAfterInitiation>")
                .doesNotContain("<Transition>", "<Tag>"));
        assertThat(express.lifecycleXml(LET_IN)).hasValueSatisfying(xml -> assertThat(xml).contains("<ID>" + AbortRulePolicy.RULE_ID + "</ID>"));
        assertThat(express.lifecycleXml(NO_POLICY)).isEmpty();
        assertThat(express.lifecycleXml(OPTED_OUT)).isEmpty();
        assertThat(general.getBucketLifecycleConfiguration(r -> r.bucket("billing-exports")).rules())
                .anySatisfy(rule -> assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED));
    }

    @Test
    @Order(3)
    void aDirectoryBucketWithoutTheLifecycleGrantNeedsAHumanWithTheStatementToAdd() throws IOException {
        Cli run = run();

        JsonNode record = byBucket(run.log.records("bucket")).get(NO_POLICY);
        assertThat(record.get("outcome").asText()).isEqualTo("UNFIXABLE");
        assertThat(record.get("reason").asText()).isEqualTo("lifecycle-not-let-in");
        assertThat(record.get("lifecycleShutOut").asText()).isEqualTo("the bucket has no policy");
        String arn = "arn:aws:s3express:eu-west-1:" + ACCOUNT + ":bucket/" + NO_POLICY;
        ObjectNode toAdd = (ObjectNode) JSON.readTree(record.get("statementToAdd").asText());
        assertThat(toAdd.remove("Sid").asText()).isEqualTo("AllowS3LifecycleSessions");
        assertThat(toAdd).as("the User Guide's statement").isEqualTo(JSON.readTree(FakeS3Express.lifecycleStatement(arn)));
        try (Chromium chromium = Chromium.require()) {
            chromium.open(files.resolve("report.html").toUri());
            assertThat(chromium.evaluate("document.getElementById('needs-a-human').innerText").asText())
                    .contains(NO_POLICY, "lifecycle-not-let-in", "the bucket has no policy", "lifecycle.s3.amazonaws.com", arn, "statementToAdd");
        }
    }

    @Test
    @Order(4)
    void theSecondRunWritesNothingAndFindsTheDirectoryBucketsCovered() {
        Cli second = run();

        assertThat(second.summary().get("apiCallsByOperation").path("PutBucketLifecycleConfiguration").asLong(0)).isZero();
        Map<String, JsonNode> byBucket = byBucket(second.log.records("bucket"));
        assertThat(byBucket.get(LET_IN).get("outcome").asText()).isEqualTo("COMPLIANT");
        assertThat(byBucket.get(WITH_EXPIRATION).get("outcome").asText()).isEqualTo("COMPLIANT");
        assertThat(byBucket.get(NO_POLICY).get("outcome").asText()).isEqualTo("UNFIXABLE");
    }

    @Test
    @Order(5)
    void aDirectoryBucketsIncompleteUploadIsCountedMeasuredAndPricedThroughItsSession() {
        Cli run = run();

        JsonNode record = byBucket(run.log.records("bucket")).get(LET_IN);
        assertThat(record.get("incompleteUploads").asLong()).isEqualTo(1);
        assertThat(record.get("incompleteUploadBytes").asLong()).isEqualTo(10 * MIB);
        assertThat(record.get("storageClasses").get(0).get("storageClass").asText()).isEqualTo("EXPRESS_ONEZONE");
        assertThat(record.get("estimatedMonthlyWasteUsd").decimalValue()).isPositive();
        // Through a session of the bucket's: signed by its key, never by the account's own.
        assertThat(express.calls()).filteredOn(call -> call.operation().equals("ListMultipartUploads")).extracting(FakeS3Express.Call::accessKey)
                .isNotEmpty().doesNotContain(SeededAccount.ACCESS_KEY);
    }

    @Test
    @Order(6)
    void withDirectoryBucketsLeftOutNoneIsListedOrCalled() {
        int before = express.calls().size();

        Cli run = run("--no-directory-buckets");

        assertThat(run.log.records("bucket")).extracting(record -> record.get("bucket").asText()).containsExactlyInAnyOrder("billing-exports", "zeta-logs");
        assertThat(express.calls()).hasSize(before);
    }

    @Test
    @Order(8)
    void aRunOverOneBucketListsOnlyItsKind() {
        Cli generalPurpose = run("--dry-run", "--bucket", "billing-exports");
        Cli directory = run("--dry-run", "--bucket", LET_IN);

        assertThat(generalPurpose.log.records("bucket")).extracting(record -> record.get("bucket").asText()).containsExactly("billing-exports");
        assertThat(generalPurpose.summary().get("apiCallsByOperation").path("ListDirectoryBuckets").asLong(0)).isZero();
        assertThat(directory.log.records("bucket")).extracting(record -> record.get("bucket").asText()).containsExactly(LET_IN);
        assertThat(directory.summary().get("apiCallsByOperation").path("ListBuckets").asLong(0)).isZero();
        assertThat(directory.summary().get("apiCallsByOperation").path("ListDirectoryBuckets").asLong(0)).isEqualTo(7);
    }

    @Test
    @Order(9)
    void aRegionWhoseDirectoryBucketsCannotBeListedCostsItsOwnBucketsAndTheRunSaysItCouldNotFinish() {
        express.refusingListingIn("eu-west-1");

        Cli run = run("--dry-run");

        assertThat(run.exit).isEqualTo(3);
        assertThat(run.log.records("bucket")).extracting(record -> record.get("bucket").asText())
                .containsExactlyInAnyOrder(LET_IN, "billing-exports", WITH_EXPIRATION, OPTED_OUT, "zeta-logs");
        assertThat(run.summary().get("complete").asBoolean()).isFalse();
        assertThat(run.stderr + run.log.records("summary")).contains("eu-west-1", "DIRECTORY_BUCKETS=false");
    }

    @Test
    @Order(7)
    void theListingHandsOutBothKindsInOneNameOrderAndStopsWhereTheRunStops() {
        Settings settings = Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true",
                "S3_EXPRESS_ENDPOINT_URL", express.endpoint().toString()));
        List<String> all = new ArrayList<>();
        List<String> firstThree = new ArrayList<>();

        try (AwsClients clients = new AwsClients(settings, Targets.loopback(SeededAccount.CREDENTIALS), new ApiCalls())) {
            S3BucketStore store = new S3BucketStore(clients, Optional.of(ACCOUNT), true);
            store.forEachBucket(bucket -> all.add(bucket.name() + "@" + bucket.regionLabel()));
            store.forEachBucket(bucket -> firstThree.add(bucket.name()) && firstThree.size() < 3);
        }

        assertThat(all).containsExactly(LET_IN + "@us-east-1", "billing-exports@us-east-1", WITH_EXPIRATION + "@us-east-1",
                NO_POLICY + "@eu-west-1", OPTED_OUT + "@us-east-1", "zeta-logs@us-east-1");
        assertThat(firstThree).containsExactly(LET_IN, "billing-exports", WITH_EXPIRATION);
    }

    /**
     * Without one of S3 Express's actions, over a directory bucket that needs the rule and holds a stale upload, with
     * ABORT_STALE_UPLOADS: the failure or degradation docs/buckets.md describes. Moto has no S3 Express, so the fake
     * refuses the operation as AWS refuses a role without the action.
     */
    @ParameterizedTest(name = "without {0}")
    @MethodSource("dev.mpujanitor.app.MissingGrant#s3ExpressActions")
    @Order(10)
    void withoutOneS3ExpressActionTheBucketFailsOrDegradesAsDocumented(String action) throws IOException {
        String bucket = "grant--use1-az4--x-s3";
        try (FakeS3Express alone = new FakeS3Express(SeededAccount.ACCESS_KEY).bucket(bucket, "us-east-1")
                .policy(bucket, lifecycleLetIn(bucket, "us-east-1")).denying(OPERATION_OF.get(action))) {
            String upload = alone.upload(bucket, "stale.bin", Instant.now().minus(30, ChronoUnit.DAYS), MIB);

            Cli run = run(alone, Map.of("ABORT_STALE_UPLOADS", "true"));

            Optional<JsonNode> record = run.log.records("bucket").stream().filter(r -> r.get("bucket").asText().equals(bucket)).findFirst();
            switch (action) {
                // No directory bucket can be named: the general purpose ones are covered, and the run says it could not finish.
                case "s3express:ListAllMyDirectoryBuckets" -> {
                    assertThat(run.exit).isEqualTo(3);
                    assertThat(record).isEmpty();
                }
                // A read that decides the write, or the write, refused: the bucket FAILED, nothing is written.
                case "s3express:GetLifecycleConfiguration", "s3express:GetBucketPolicy", "s3express:ListTagsForResource",
                        "s3express:PutLifecycleConfiguration" -> {
                    assertThat(record).hasValueSatisfying(r -> {
                        assertThat(r.get("outcome").asText()).as(r.toString()).isEqualTo("FAILED");
                        assertThat(r.get("reason").asText()).isEqualTo("AccessDenied");
                    });
                    assertThat(alone.lifecycleXml(bucket)).isEmpty();
                }
                // No session: the uploads cannot be listed, the record says so, and the rule is written all the same.
                case "s3express:CreateSession" -> {
                    assertThat(record).hasValueSatisfying(r -> {
                        assertThat(r.get("outcome").asText()).as(r.toString()).isEqualTo("REMEDIATED");
                        assertThat(r.get("inventoryError").asText()).isEqualTo("AccessDenied");
                    });
                    assertThat(alone.uploads(bucket)).extracting(FakeS3Express.Upload::uploadId).containsExactly(upload);
                }
                default -> throw new AssertionError("no documented effect for " + action);
            }
        }
    }

    private static final Map<String, String> OPERATION_OF = Map.of("s3express:ListAllMyDirectoryBuckets", "ListDirectoryBuckets",
            "s3express:GetLifecycleConfiguration", "GetBucketLifecycleConfiguration", "s3express:PutLifecycleConfiguration",
            "PutBucketLifecycleConfiguration", "s3express:GetBucketPolicy", "GetBucketPolicy", "s3express:ListTagsForResource",
            "ListTagsForResource", "s3express:CreateSession", "CreateSession");

    private static String lifecycleLetIn(String bucket, String region) {
        return FakeS3Express.lifecyclePolicy("arn:aws:s3express:" + region + ":" + ACCOUNT + ":bucket/" + bucket);
    }

    private static Map<String, JsonNode> byBucket(List<JsonNode> records) {
        return records.stream().collect(Collectors.toMap(record -> record.get("bucket").asText(), Function.identity()));
    }

    private record Cli(int exit, JsonLines log, String stderr) {
        JsonNode summary() {
            return log.records("summary").getFirst();
        }
    }

    /** The command line in this JVM, over both stores, with {@code extra}'s options. */
    private Cli run(String... extra) {
        return run(express, Map.of(), extra);
    }

    private Cli run(FakeS3Express directoryBuckets, Map<String, String> settings, String... extra) {
        List<String> args = new ArrayList<>(List.of("--endpoint", S3_MOCK.getServiceEndpoint(), "--path-style", "--region", "us-east-1",
                "--yes", "--json", "--report", files.resolve("report.html").toString()));
        args.addAll(List.of(extra));
        Map<String, String> env = new HashMap<>(settings);
        env.putAll(Map.of("S3_EXPRESS_ENDPOINT_URL", directoryBuckets.endpoint().toString(), "AWS_ENDPOINT_URL_STS", sts.endpoint().toString()));
        InProcessCli.Result result = InProcessCli.run(args, env);
        return new Cli(result.exit(), result.log(), result.stderr());
    }
}
