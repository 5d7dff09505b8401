package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The rule the function writes, carried out by a production S3 implementation: on a real Ceph RADOS Gateway
 * ({@code scripts/ceph-rgw.sh}, where a lifecycle "day" lasts seconds) the gateway aborts every incomplete
 * multipart upload, and the bytes their parts held drop to 0 B by the gateway's own accounting, while the
 * completed objects beside them and the rule a bucket already had stay as they were.
 *
 * <p>The function scans every bucket its caller owns, so the test runs it as a gateway user of its own, created
 * for the test and removed after it: the scan sees this test's buckets and nobody else's.
 */
@ExtendWith(RgwAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbortRuleRgwIT {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final int ABORT_AFTER_DAYS = 1;
    /** How long the gateway gets to act once the rule is written: a bound on a poll, not a timing assertion. */
    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(90);

    /** A rule the bucket had before the function came: expire logs after ten years (ten hours in debug days). */
    private static final LifecycleRule EXISTING_LOGS_RULE = LifecycleRule.builder()
            .id("expire-old-logs")
            .status(ExpirationStatus.ENABLED)
            .filter(LifecycleRuleFilter.builder().prefix("logs/").build())
            .expiration(LifecycleExpiration.builder().days(3650).build())
            .build();

    /** The rule the function is documented to add, spelled out here rather than taken from the code under test. */
    private static final LifecycleRule ABORT_RULE = LifecycleRule.builder()
            .id(AbortRulePolicy.RULE_ID)
            .status(ExpirationStatus.ENABLED)
            .filter(LifecycleRuleFilter.builder().prefix("").build())
            .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().daysAfterInitiation(ABORT_AFTER_DAYS).build())
            .build();

    private final String runId = HexFormat.of().formatHex(randomBytes(4));
    private final List<SeededBucket> buckets = new ArrayList<>();
    private Rgw gateway;
    private RgwAdmin admin;
    private String userId;
    private Rgw user;
    private S3Client s3;
    private Duration day;
    private Instant firstInitiated;
    private Instant lastInitiated;
    private Run run;
    private Duration abortedAfter;

    @BeforeAll
    void seedBucketsWithIncompleteUploadsBesideCompletedObjects() {
        gateway = Rgw.require();
        admin = new RgwAdmin(gateway.conf().orElseThrow(() -> new IllegalStateException(
                "RGW_CONF is needed: the gateway's accounting and lifecycle processing are read through radosgw-admin")));
        day = admin.lifecycleDay();
        userId = "e2e-abort-rule-" + runId;
        user = admin.createUser(gateway, userId);
        s3 = user.client();
        String prefix = "e2e-abort-" + runId + "-";

        SeededBucket noRules = createBucket(prefix + "no-rules", false, List.of());
        SeededBucket logsRule = createBucket(prefix + "logs-rule", false, List.of(EXISTING_LOGS_RULE));
        SeededBucket sameKey = createBucket(prefix + "same-key", false, List.of());
        SeededBucket versioned = createBucket(prefix + "versioned", true, List.of());

        noRules.add(putObject(noRules, "plain.txt", 300 * KIB + 7));
        noRules.add(completeUpload(noRules, "whole.bin", 5 * MIB, 64 * KIB + 3));
        logsRule.add(putObject(logsRule, "logs/2024-01-01.log", 200 * KIB + 11));
        logsRule.add(completeUpload(logsRule, "data/whole.bin", 5 * MIB, 5 * MIB, 1));
        sameKey.add(completeUpload(sameKey, "backup.tar", 5 * MIB, 2 * KIB));
        sameKey.add(putObject(sameKey, "readme.md", 5));
        versioned.add(putObject(versioned, "notes.txt", 4 * KIB));
        versioned.add(completeUpload(versioned, "v.bin", 5 * MIB, 100 * KIB));

        // The incomplete uploads come last, so all of them are still younger than a lifecycle day when the function runs.
        noRules.add(startUpload(noRules, "big/video.bin", 5 * MIB, MIB));
        noRules.add(startUpload(noRules, "initiated-only.bin"));
        logsRule.add(startUpload(logsRule, "data/a.bin", 5 * MIB, 5 * MIB, MIB + 1));
        logsRule.add(startUpload(logsRule, "logs/app.log", MIB));
        // Two abandoned uploads under the key of a completed object: aborting them must spare the object.
        sameKey.add(startUpload(sameKey, "backup.tar", 5 * MIB, MIB));
        sameKey.add(startUpload(sameKey, "backup.tar", 5 * MIB, 2 * MIB + 17));
        versioned.add(startUpload(versioned, "v.bin", 5 * MIB, MIB));
    }

    @AfterAll
    void deleteBucketsAndUser() {
        List<RuntimeException> failures = new ArrayList<>();
        if (s3 != null) {
            for (SeededBucket bucket : buckets) {
                try {
                    emptyAndDelete(bucket.name);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            s3.close();
        }
        if (user != null) {
            // --purge-data also removes whatever a failed clean-up above left behind.
            admin.run("user", "rm", "--uid", userId, "--purge-data");
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    @Test
    @Order(1)
    void beforeTheRunTheGatewayHoldsExactlyThePartBytesOfEveryIncompleteUpload() {
        for (SeededBucket bucket : buckets) {
            assertThat(uploadIds(bucket.name)).as(bucket.name).containsExactlyInAnyOrderElementsOf(bucket.uploadIds());
            for (Upload upload : bucket.uploads) {
                assertThat(partSizes(bucket.name, upload)).as("ListParts sizes of %s in %s", upload.key, bucket.name)
                        .isEqualTo(upload.partSizes);
            }
            Usage before = admin.usage(bucket.name);
            assertThat(before).as("radosgw-admin bucket stats of %s", bucket.name).isEqualTo(bucket.withIncompleteUploads());
            assertThat(before.bytes() - bucket.completedBytes()).as("incomplete upload bytes in %s", bucket.name)
                    .isEqualTo(bucket.incompleteBytes()).isPositive();
        }
    }

    @Test
    @Order(2)
    void theFunctionAddsTheAbortRuleToEveryBucketAndKeepsTheRuleAlreadyThere() {
        Run first = functionRun();

        // The function writes rules; aborting is left to the gateway.
        assertThat(first.summary.apiCalls()).containsEntry("PutBucketLifecycleConfiguration", (long) buckets.size())
                .doesNotContainKey("AbortMultipartUpload");
        Map<String, String> remediated = buckets.stream().collect(Collectors.toMap(b -> b.name, b -> Outcome.REMEDIATED.name()));
        assertThat(first.log.outcomes()).isEqualTo(remediated);
        assertThat(first.summary.count(Outcome.REMEDIATED)).isEqualTo(first.summary.buckets()).isEqualTo(buckets.size());
        Map<String, JsonNode> records = first.log.records("bucket").stream()
                .collect(Collectors.toMap(line -> line.get("bucket").asText(), Function.identity()));
        for (SeededBucket bucket : buckets) {
            JsonNode record = records.get(bucket.name);
            assertThat(record.get("reason").asText()).as(bucket.name)
                    .isEqualTo(bucket.existingRules.isEmpty() ? "no-configuration" : "no-whole-bucket-abort");
            assertThat(record.get("rulesBefore").asInt()).isEqualTo(bucket.existingRules.size());
            assertThat(record.get("rulesAfter").asInt()).isEqualTo(bucket.existingRules.size() + 1);
            assertThat(lifecycleRules(bucket.name)).as("lifecycle of %s as the gateway keeps it", bucket.name)
                    .containsExactlyElementsOf(Stream.concat(bucket.existingRules.stream(), Stream.of(ABORT_RULE)).toList());
        }
    }

    @Test
    @Order(3)
    void aSecondRunRecognisesTheRuleAsTheGatewayReturnsItAndWritesNothing() {
        functionRun();

        Run second = runFunction();

        assertThat(second.log.outcomes()).isEqualTo(
                buckets.stream().collect(Collectors.toMap(b -> b.name, b -> Outcome.COMPLIANT.name())));
        assertThat(second.summary.apiCalls()).containsEntry("GetBucketLifecycleConfiguration", (long) buckets.size())
                .doesNotContainKey("PutBucketLifecycleConfiguration");
    }

    @Test
    @Order(4)
    void theGatewayThenAbortsEveryIncompleteUploadAndItsPartBytesDropToZero() {
        awaitLifecycle();

        for (SeededBucket bucket : buckets) {
            assertThat(uploadIds(bucket.name)).as("uploads left in %s", bucket.name).isEmpty();
            for (Upload upload : bucket.uploads) {
                S3Exception gone = catchThrowableOfType(S3Exception.class, () -> partSizes(bucket.name, upload));
                assertThat(gone).as("ListParts of aborted upload %s in %s", upload.key, bucket.name).isNotNull();
                assertThat(gone.statusCode()).isEqualTo(404);
                // S3 answers NoSuchUpload; Ceph 16 answers ListParts with NoSuchKey (its AbortMultipartUpload says NoSuchUpload).
                assertThat(gone.awsErrorDetails().errorCode()).isIn("NoSuchUpload", "NoSuchKey");
            }
            Usage after = admin.usage(bucket.name);
            assertThat(after.bytes() - bucket.completedBytes()).as("incomplete upload bytes in %s", bucket.name).isZero();
            assertThat(after).as("radosgw-admin bucket stats of %s", bucket.name).isEqualTo(bucket.completedOnly());
        }
    }

    @Test
    @Order(5)
    void completedObjectsBesideTheUploadsKeepTheirSizeAndContent() {
        awaitLifecycle();

        for (SeededBucket bucket : buckets) {
            assertThat(s3.listObjectsV2Paginator(r -> r.bucket(bucket.name)).contents().stream().map(S3Object::key))
                    .as(bucket.name).containsExactlyInAnyOrderElementsOf(bucket.objects.stream().map(Stored::key).toList());
            for (Stored stored : bucket.objects) {
                ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(bucket.name).key(stored.key));
                assertThat(object.response().contentLength()).as("%s in %s", stored.key, bucket.name).isEqualTo(stored.size);
                assertThat(object.response().eTag()).isEqualTo(stored.eTag);
                assertThat(sha256(object.asByteArrayUnsafe())).isEqualTo(stored.sha256);
            }
            assertThat(lifecycleRules(bucket.name)).as(bucket.name).containsAll(bucket.existingRules);
        }
    }

    /** The function's first run, once: the run that writes the rules. */
    private Run functionRun() {
        if (run == null) {
            run = runFunction();
        }
        return run;
    }

    /** The function as an operator runs it against an S3-compatible store: configured by environment, as this user. */
    private Run runFunction() {
        Settings settings = Settings.fromEnv(Map.of(
                Settings.ABORT_AFTER_DAYS, String.valueOf(ABORT_AFTER_DAYS),
                Settings.DRY_RUN, "false",
                Settings.AWS_ENDPOINT_URL_S3, user.endpoint().toString(),
                Settings.S3_FORCE_PATH_STYLE, "true"));
        RunCapture.WorkstationRun run = RunCapture.workstationRun(settings, user.credentials());
        return new Run(run.summary(), run.log(), Instant.now());
    }

    /**
     * Waits for the gateway to abort the uploads. It aborts only uploads at least a lifecycle day old, so the wait
     * starts there; then {@code radosgw-admin lc process} nudges it between checks, as the gateway's own lifecycle
     * thread may hold a bucket and make one nudge skip it.
     */
    private void awaitLifecycle() {
        if (abortedAfter != null) {
            return;
        }
        Instant ruleWritten = functionRun().finished;
        Instant deadline = ruleWritten.plus(LIFECYCLE_TIMEOUT);
        sleepUntil(lastInitiated.plus(day.multipliedBy(ABORT_AFTER_DAYS)).plusSeconds(1));
        int nudges = 0;
        Map<String, List<String>> left = uploadsLeft();
        while (!left.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                fail("the gateway left incomplete uploads %s %s after the rule was written; its lifecycle list says %s",
                        left, LIFECYCLE_TIMEOUT, admin.lifecycleStatus(buckets.stream().map(b -> b.name).toList()));
            }
            gateway.processLifecycle();
            nudges++;
            left = uploadsLeft();
        }
        abortedAfter = Duration.between(ruleWritten, Instant.now());
        System.out.printf("AbortRuleRgwIT: the gateway aborted every upload %.1f s after the rule was written"
                        + " (%.1f s after the youngest upload began; lifecycle day %s; %d lc process nudges)%n",
                abortedAfter.toMillis() / 1000.0, Duration.between(lastInitiated, Instant.now()).toMillis() / 1000.0, day, nudges);
    }

    private Map<String, List<String>> uploadsLeft() {
        Map<String, List<String>> left = new LinkedHashMap<>();
        for (SeededBucket bucket : buckets) {
            List<String> ids = uploadIds(bucket.name);
            if (!ids.isEmpty()) {
                left.put(bucket.name, ids);
            }
        }
        return left;
    }

    private SeededBucket createBucket(String name, boolean versioned, List<LifecycleRule> existingRules) {
        s3.createBucket(r -> r.bucket(name));
        SeededBucket bucket = new SeededBucket(name, existingRules);
        buckets.add(bucket);
        if (versioned) {
            s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        if (!existingRules.isEmpty()) {
            s3.putBucketLifecycleConfiguration(r -> r.bucket(name).lifecycleConfiguration(c -> c.rules(existingRules)));
        }
        return bucket;
    }

    private Stored putObject(SeededBucket bucket, String key, int size) {
        byte[] body = randomBytes(size);
        String eTag = s3.putObject(r -> r.bucket(bucket.name).key(key), RequestBody.fromBytes(body)).eTag();
        return new Stored(key, size, eTag, sha256(body));
    }

    private Stored completeUpload(SeededBucket bucket, String key, int... partSizes) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket.name).key(key)).uploadId();
        MessageDigest digest = sha256();
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < partSizes.length; i++) {
            byte[] part = randomBytes(partSizes[i]);
            digest.update(part);
            int number = i + 1;
            String eTag = s3.uploadPart(r -> r.bucket(bucket.name).key(key).uploadId(uploadId).partNumber(number), RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }
        s3.completeMultipartUpload(r -> r.bucket(bucket.name).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        // Ceph 16 answers CompleteMultipartUpload with an empty ETag; the object's own is what GetObject must return later.
        String eTag = s3.headObject(r -> r.bucket(bucket.name).key(key)).eTag();
        assertThat(eTag).endsWith("-" + partSizes.length + "\"");
        return new Stored(key, IntStream.of(partSizes).asLongStream().sum(), eTag, HexFormat.of().formatHex(digest.digest()));
    }

    private Upload startUpload(SeededBucket bucket, String key, int... partSizes) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket.name).key(key)).uploadId();
        lastInitiated = Instant.now();
        firstInitiated = firstInitiated == null ? lastInitiated : firstInitiated;
        for (int i = 0; i < partSizes.length; i++) {
            int number = i + 1;
            s3.uploadPart(r -> r.bucket(bucket.name).key(key).uploadId(uploadId).partNumber(number), RequestBody.fromBytes(randomBytes(partSizes[i])));
        }
        return new Upload(key, uploadId, IntStream.of(partSizes).asLongStream().boxed().toList());
    }

    private List<String> uploadIds(String bucket) {
        return s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads().stream().map(MultipartUpload::uploadId).toList();
    }

    private List<Long> partSizes(String bucket, Upload upload) {
        return s3.listPartsPaginator(r -> r.bucket(bucket).key(upload.key).uploadId(upload.uploadId)).parts().stream()
                .map(Part::size).toList();
    }

    /**
     * The bucket's rules by what they mean. Ceph 16 hands back a rule written with an empty Filter prefix in the
     * equivalent legacy form, a rule-level empty Prefix; a non-empty Filter prefix comes back as written.
     */
    @SuppressWarnings("deprecation") // the rule-level Prefix, which is what Ceph hands back
    private List<LifecycleRule> lifecycleRules(String bucket) {
        return s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().stream()
                .map(rule -> rule.filter() == null && rule.prefix() != null
                        ? rule.toBuilder().prefix(null).filter(LifecycleRuleFilter.builder().prefix(rule.prefix()).build()).build()
                        : rule)
                .toList();
    }

    private void emptyAndDelete(String bucket) {
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads()) {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
        }
        s3.listObjectVersionsPaginator(r -> r.bucket(bucket)).stream().forEach(page -> {
            page.versions().forEach(v -> s3.deleteObject(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId())));
            page.deleteMarkers().forEach(m -> s3.deleteObject(r -> r.bucket(bucket).key(m.key()).versionId(m.versionId())));
        });
        s3.deleteBucket(r -> r.bucket(bucket));
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** One run as an operator sees it: the summary, the lines it logged, and when it had written every rule. */
    private record Run(ScanSummary summary, JsonLines log, Instant finished) {
    }

    private record Upload(String key, String uploadId, List<Long> partSizes) {

        long bytes() {
            return partSizes.stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Stored(String key, long size, String eTag, String sha256) {
    }

    private static final class SeededBucket {

        final String name;
        final List<LifecycleRule> existingRules;
        final List<Upload> uploads = new ArrayList<>();
        final List<Stored> objects = new ArrayList<>();

        SeededBucket(String name, List<LifecycleRule> existingRules) {
            this.name = name;
            this.existingRules = existingRules;
        }

        void add(Upload upload) {
            uploads.add(upload);
        }

        void add(Stored object) {
            objects.add(object);
        }

        List<String> uploadIds() {
            return uploads.stream().map(Upload::uploadId).toList();
        }

        long incompleteBytes() {
            return uploads.stream().mapToLong(Upload::bytes).sum();
        }

        long completedBytes() {
            return objects.stream().mapToLong(Stored::size).sum();
        }

        /** Every completed object and every uploaded part is one object of rgw.main; every open upload one rgw.multimeta. */
        Usage withIncompleteUploads() {
            long parts = uploads.stream().mapToLong(upload -> upload.partSizes.size()).sum();
            return new Usage(completedBytes() + incompleteBytes(), objects.size() + parts, uploads.size());
        }

        Usage completedOnly() {
            return new Usage(completedBytes(), objects.size(), 0);
        }
    }

    /**
     * A bucket as the gateway accounts for it ({@code radosgw-admin bucket stats}). On Ceph 16 the parts of an
     * incomplete upload are counted in {@code rgw.main} (size and one object each) like object data, and each open
     * upload is one size-0 object of {@code rgw.multimeta}; completing an upload turns its parts into one object.
     */
    private record Usage(long bytes, long objects, long openUploads) {
    }

    /** radosgw-admin on the gateway's own configuration: users, bucket accounting, lifecycle settings. */
    private static final class RgwAdmin {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final String KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

        private final Path conf;

        RgwAdmin(Path conf) {
            this.conf = conf;
        }

        /** The length of a lifecycle "day" ({@code rgw lc debug interval}); refuses a gateway that runs real days. */
        Duration lifecycleDay() {
            int seconds = Integer.parseInt(run("--show-config-value", "rgw_lc_debug_interval").strip());
            if (seconds <= 0 || seconds > 30) {
                throw new IllegalStateException("rgw lc debug interval is " + seconds
                        + "; this test needs lifecycle days of at most 30 s, as scripts/ceph-rgw.sh configures");
            }
            return Duration.ofSeconds(seconds);
        }

        Rgw createUser(Rgw gateway, String uid) {
            String accessKey = randomKey(20);
            String secretKey = randomKey(40);
            run("user", "create", "--uid", uid, "--display-name", "mpu-janitor AbortRuleRgwIT",
                    "--access-key", accessKey, "--secret-key", secretKey);
            return new Rgw(gateway.endpoint(), accessKey, secretKey, gateway.conf());
        }

        /** Bucket name to its entry in the gateway's lifecycle list ({@code lc list}), for the buckets asked about. */
        Map<String, String> lifecycleStatus(List<String> names) {
            Map<String, String> status = new LinkedHashMap<>();
            for (JsonNode entry : json("lc", "list")) {
                String bucket = entry.path("bucket").asText();
                names.stream().filter(name -> bucket.startsWith(":" + name + ":")).findFirst()
                        .ifPresent(name -> status.put(name, entry.path("status").asText() + " since " + entry.path("started").asText()));
            }
            return status;
        }

        Usage usage(String bucket) {
            JsonNode usage = json("bucket", "stats", "--bucket", bucket).path("usage");
            return new Usage(usage.path("rgw.main").path("size").asLong(0),
                    usage.path("rgw.main").path("num_objects").asLong(0),
                    usage.path("rgw.multimeta").path("num_objects").asLong(0));
        }

        private JsonNode json(String... arguments) {
            try {
                return JSON.readTree(run(arguments));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String run(String... arguments) {
            List<String> command = new ArrayList<>(List.of("radosgw-admin", "-c", conf.toString()));
            command.addAll(List.of(arguments));
            try {
                Process process = new ProcessBuilder(command).start();
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
                CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("radosgw-admin " + String.join(" ", arguments) + " timed out");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("radosgw-admin " + String.join(" ", arguments) + " failed: " + errors.join() + output.join());
                }
                return output.join();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String readAll(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String randomKey(int length) {
            SecureRandom random = new SecureRandom();
            return random.ints(length, 0, KEY_CHARACTERS.length()).mapToObj(i -> String.valueOf(KEY_CHARACTERS.charAt(i)))
                    .collect(Collectors.joining());
        }
    }
}
