package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.policy.Decision;
import dev.mpujanitor.scan.ApiCalls;
import dev.mpujanitor.scan.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The whole application against S3Mock in-process: 54 buckets in three regions with mixed lifecycle
 * configurations, seeded by a plain SDK client, then scanned twice through the real adapter and wire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JanitorS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final List<Region> REGIONS = List.of(Region.US_EAST_1, Region.EU_WEST_1, Region.AP_SOUTHEAST_2);
    private static final int BUCKETS_PER_REGION = 18;
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access-key", "test-secret-key"));
    private static final String ACCOUNT_ARN = "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Region, S3Client> seeders = new HashMap<>();
    /** What each bucket should end as after the first run, by the configuration it was seeded with. */
    private final Map<String, Seed> seeds = new LinkedHashMap<>();
    private final Map<String, Region> regions = new HashMap<>();
    /** Rules as S3Mock stored them before any run: S3Mock drops some filter kinds, so compare with what it holds. */
    private final Map<String, List<LifecycleRule>> rulesBefore = new HashMap<>();

    enum Seed {
        NONE(Outcome.REMEDIATED),
        WHOLE_BUCKET_ABORT_3_DAYS(Outcome.COMPLIANT),
        EMPTY_FILTER_ABORT_7_DAYS(Outcome.COMPLIANT),
        EXPIRATION_UNDER_PREFIX(Outcome.REMEDIATED),
        TRANSITIONS_AND_NONCURRENT(Outcome.REMEDIATED),
        ABORT_UNDER_PREFIX_ONLY(Outcome.REMEDIATED),
        WHOLE_BUCKET_ABORT_30_DAYS(Outcome.REMEDIATED),
        DISABLED_WHOLE_BUCKET_ABORT(Outcome.REMEDIATED),
        OUR_RULE_DISABLED(Outcome.UNFIXABLE),
        OUR_RULE_ENABLED(Outcome.COMPLIANT),
        OBJECT_SIZE_EXPIRATION(Outcome.REMEDIATED),
        ONE_THOUSAND_RULES(Outcome.UNFIXABLE),
        NINE_HUNDRED_NINETY_NINE_RULES(Outcome.REMEDIATED),
        INCOMPLETE_UPLOADS_NO_CONFIGURATION(Outcome.REMEDIATED);

        final Outcome firstRun;

        Seed(Outcome firstRun) {
            this.firstRun = firstRun;
        }
    }

    @BeforeAll
    void seedBuckets() {
        for (Region region : REGIONS) {
            seeders.put(region, client(region));
        }
        int index = 0;
        for (Region region : REGIONS) {
            for (int i = 0; i < BUCKETS_PER_REGION; i++, index++) {
                Seed seed = Seed.values()[index % Seed.values().length];
                String name = "b%02d-%s-%s".formatted(index, region.id(), seed.name().toLowerCase().replace('_', '-'));
                S3Client s3 = seeders.get(region);
                s3.createBucket(b -> b.bucket(name).createBucketConfiguration(
                        c -> { if (region != Region.US_EAST_1) c.locationConstraint(region.id()); }));
                List<LifecycleRule> rules = rulesFor(seed);
                if (!rules.isEmpty()) {
                    s3.putBucketLifecycleConfiguration(r -> r.bucket(name).lifecycleConfiguration(c -> c.rules(rules)));
                }
                if (seed == Seed.INCOMPLETE_UPLOADS_NO_CONFIGURATION || index % 5 == 0) {
                    startIncompleteUpload(s3, name);
                }
                seeds.put(name, seed);
                regions.put(name, region);
                rulesBefore.put(name, readRules(s3, name));
            }
        }
    }

    @AfterAll
    void closeSeeders() {
        seeders.values().forEach(S3Client::close);
    }

    @Test
    @Order(1)
    void aDryRunReportsWhatItWouldDoAndWritesNothing() {
        Run dry = run(true);

        assertThat(dry.calls("PutBucketLifecycleConfiguration")).isZero();
        assertThat(dry.outcomes()).containsExactlyInAnyOrderEntriesOf(expectedOutcomes(Outcome.WOULD_REMEDIATE));
        seeds.keySet().forEach(bucket -> assertThat(readRules(seederFor(bucket), bucket)).isEqualTo(rulesBefore.get(bucket)));
    }

    @Test
    @Order(2)
    void firstRunFixesEveryFixableBucketKeepingEveryRuleAndSecondRunWritesNothing() {
        Run first = run(false);

        assertThat(first.buckets()).isEqualTo((long) REGIONS.size() * BUCKETS_PER_REGION);
        assertThat(first.outcomes()).containsExactlyInAnyOrderEntriesOf(expectedOutcomes(Outcome.REMEDIATED));
        long remediated = first.count(Outcome.REMEDIATED);
        assertThat(remediated).isGreaterThanOrEqualTo(30);
        assertThat(first.calls("ListBuckets")).isEqualTo(1);
        assertThat(first.calls("GetBucketLifecycleConfiguration")).isEqualTo(first.buckets());
        assertThat(first.calls("PutBucketLifecycleConfiguration")).isEqualTo(remediated);
        assertThat(first.calls("GetBucketLocation")).isZero();
        // Versioning is read only for buckets that would otherwise be written.
        assertThat(first.calls("GetBucketVersioning")).isEqualTo(remediated);

        AbortRulePolicy policy = new AbortRulePolicy(Settings.DEFAULT_ABORT_AFTER_DAYS);
        seeds.forEach((bucket, seed) -> {
            List<LifecycleRule> after = readRules(seederFor(bucket), bucket);
            if (seed.firstRun == Outcome.REMEDIATED) {
                assertThat(after).as(bucket).hasSize(rulesBefore.get(bucket).size() + 1);
                assertThat(after.subList(0, after.size() - 1)).as(bucket).isEqualTo(rulesBefore.get(bucket));
                assertThat(after.getLast().id()).isEqualTo(AbortRulePolicy.RULE_ID);
                assertThat(policy.assess(new BucketLifecycle(after, Optional.empty()))).as(bucket).isInstanceOf(Decision.Compliant.class);
            } else {
                assertThat(after).as(bucket).isEqualTo(rulesBefore.get(bucket));
            }
        });

        Run second = run(false);

        assertThat(second.calls("PutBucketLifecycleConfiguration")).isZero();
        assertThat(second.calls("GetBucketVersioning")).isZero();
        assertThat(second.count(Outcome.COMPLIANT)).isEqualTo(first.count(Outcome.COMPLIANT) + remediated);
        assertThat(second.count(Outcome.UNFIXABLE)).isEqualTo(first.count(Outcome.UNFIXABLE));
        assertThat(second.calls("GetBucketLifecycleConfiguration")).isEqualTo(second.buckets());
    }

    private Map<String, String> expectedOutcomes(Outcome whenFixable) {
        return seeds.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> {
            Outcome outcome = entry.getValue().firstRun;
            return (outcome == Outcome.REMEDIATED ? whenFixable : outcome).name();
        }));
    }

    private Run run(boolean dryRun) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Settings settings = new Settings(Settings.DEFAULT_ABORT_AFTER_DAYS, dryRun, "MpuJanitorTest", 8,
                Optional.of(URI.create(S3_MOCK.getServiceEndpoint())), true);
        ApiCalls apiCalls = new ApiCalls();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Region.US_EAST_1, CREDENTIALS, apiCalls), apiCalls, out)) {
            JsonNode response = json.valueToTree(janitor.runScheduled(ACCOUNT_ARN));
            List<JsonNode> lines = captured.toString(StandardCharsets.UTF_8).lines().map(this::parse).toList();
            return new Run(response, lines);
        }
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** One run as an operator sees it: the invocation's response and the lines it logged. */
    private record Run(JsonNode response, List<JsonNode> lines) {

        long buckets() {
            return response.get("buckets").asLong();
        }

        long count(Outcome outcome) {
            return response.get("outcomes").get(outcome.name()).asLong();
        }

        /** Requests on the wire for one operation, 0 when none were made. */
        long calls(String operation) {
            return response.get("apiCallsByOperation").path(operation).asLong(0);
        }

        Map<String, String> outcomes() {
            return lines.stream().filter(line -> "bucket".equals(line.path("record").asText()))
                    .collect(Collectors.toMap(line -> line.get("bucket").asText(), line -> line.get("outcome").asText()));
        }
    }

    private S3Client seederFor(String bucket) {
        return seeders.get(regions.get(bucket));
    }

    private static S3Client client(Region region) {
        return S3Client.builder()
                .region(region)
                .endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true)
                .credentialsProvider(CREDENTIALS)
                .build();
    }

    private static List<LifecycleRule> readRules(S3Client s3, String bucket) {
        try {
            return s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static void startIncompleteUpload(S3Client s3, String bucket) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key("exports/part.bin")).uploadId();
        s3.uploadPart(r -> r.bucket(bucket).key("exports/part.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(new byte[64 * 1024]));
    }

    private static List<LifecycleRule> rulesFor(Seed seed) {
        LifecycleRuleFilter whole = LifecycleRuleFilter.builder().prefix("").build();
        return switch (seed) {
            case NONE, INCOMPLETE_UPLOADS_NO_CONFIGURATION -> List.of();
            case WHOLE_BUCKET_ABORT_3_DAYS -> List.of(abort("abort-all", whole, 3, ExpirationStatus.ENABLED));
            case EMPTY_FILTER_ABORT_7_DAYS -> List.of(
                    expireUnder("logs", "logs/", 30), abort("abort-all", LifecycleRuleFilter.builder().build(), 7, ExpirationStatus.ENABLED));
            case EXPIRATION_UNDER_PREFIX -> List.of(expireUnder("logs", "logs/", 30), expireUnder("tmp", "tmp/", 1));
            case TRANSITIONS_AND_NONCURRENT -> List.of(LifecycleRule.builder().id("archive").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix("data/"))
                    .transitions(Transition.builder().days(30).storageClass(TransitionStorageClass.STANDARD_IA).build(),
                            Transition.builder().days(90).storageClass(TransitionStorageClass.GLACIER).build())
                    .noncurrentVersionExpiration(NoncurrentVersionExpiration.builder().noncurrentDays(60).build())
                    .build());
            case ABORT_UNDER_PREFIX_ONLY -> List.of(abort("abort-tmp", LifecycleRuleFilter.builder().prefix("tmp/").build(), 1, ExpirationStatus.ENABLED));
            case WHOLE_BUCKET_ABORT_30_DAYS -> List.of(abort("abort-slow", whole, 30, ExpirationStatus.ENABLED));
            case DISABLED_WHOLE_BUCKET_ABORT -> List.of(abort("abort-off", whole, 1, ExpirationStatus.DISABLED));
            case OUR_RULE_DISABLED -> List.of(abort(AbortRulePolicy.RULE_ID, whole, 7, ExpirationStatus.DISABLED));
            case OUR_RULE_ENABLED -> List.of(expireUnder("logs", "logs/", 30), abort(AbortRulePolicy.RULE_ID, whole, 3, ExpirationStatus.ENABLED));
            case OBJECT_SIZE_EXPIRATION -> List.of(LifecycleRule.builder().id("small-objects").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.objectSizeLessThan(1024L)).expiration(e -> e.days(10)).build());
            case ONE_THOUSAND_RULES -> manyRules(AbortRulePolicy.MAX_RULES);
            case NINE_HUNDRED_NINETY_NINE_RULES -> manyRules(AbortRulePolicy.MAX_RULES - 1);
        };
    }

    private static List<LifecycleRule> manyRules(int count) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> expireUnder("r" + i, "p" + i + "/", 1 + i % 300)).toList());
    }

    private static LifecycleRule expireUnder(String id, String prefix, int days) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix)).expiration(e -> e.days(days)).build();
    }

    private static LifecycleRule abort(String id, LifecycleRuleFilter filter, int days, ExpirationStatus status) {
        return LifecycleRule.builder().id(id).status(status).filter(filter)
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days)).build();
    }
}
