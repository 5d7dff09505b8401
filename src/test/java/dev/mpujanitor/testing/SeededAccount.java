package dev.mpujanitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.policy.Decision;
import dev.mpujanitor.bucket.Outcome;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * An account of buckets with mixed lifecycle configurations, seeded by a plain SDK client (never by the
 * code under test), with what each bucket held before any run, so a run can be checked bucket by bucket.
 */
public final class SeededAccount implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    /** A kind of existing configuration, and how the first (non-dry) run must end for it. */
    public enum Seed {
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

        public final Outcome firstRun;

        Seed(Outcome firstRun) {
            this.firstRun = firstRun;
        }
    }

    private final URI endpoint;
    private final Map<Region, S3Client> clients = new HashMap<>();
    private final Map<String, Seed> seeds = new LinkedHashMap<>();
    private final Map<String, Region> regions = new HashMap<>();
    private final Map<String, List<LifecycleRule>> rulesBefore = new HashMap<>();

    private SeededAccount(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Creates {@code perRegion} buckets in each region, cycling through every {@link Seed}. */
    public static SeededAccount seed(URI endpoint, List<Region> regions, int perRegion, String namePrefix) {
        SeededAccount account = new SeededAccount(endpoint);
        int index = 0;
        for (Region region : regions) {
            for (int i = 0; i < perRegion; i++, index++) {
                account.create(namePrefix, index, region, Seed.values()[index % Seed.values().length]);
            }
        }
        return account;
    }

    private void create(String namePrefix, int index, Region region, Seed seed) {
        String bucket = "%s%02d-%s-%s".formatted(namePrefix, index, region.id(), seed.name().toLowerCase().replace('_', '-'));
        S3Client s3 = client(region);
        s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> {
            if (region != Region.US_EAST_1) {
                c.locationConstraint(region.id());
            }
        }));
        List<LifecycleRule> rules = rulesFor(seed);
        if (!rules.isEmpty()) {
            s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
        }
        if (seed == Seed.INCOMPLETE_UPLOADS_NO_CONFIGURATION || index % 5 == 0) {
            String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key("exports/part.bin")).uploadId();
            s3.uploadPart(r -> r.bucket(bucket).key("exports/part.bin").uploadId(uploadId).partNumber(1),
                    RequestBody.fromBytes(new byte[64 * 1024]));
        }
        seeds.put(bucket, seed);
        regions.put(bucket, region);
        // Compared with what the server stored, not what was sent: S3Mock rewrites some filter kinds.
        rulesBefore.put(bucket, rulesNow(bucket));
    }

    public Map<String, Seed> seeds() {
        return seeds;
    }

    public int size() {
        return seeds.size();
    }

    public long count(Outcome firstRun) {
        return seeds.values().stream().filter(seed -> seed.firstRun == firstRun).count();
    }

    /** Bucket name -> outcome name of the first run, with fixable buckets reported as {@code whenFixable}. */
    public Map<String, String> expectedFirstRun(Outcome whenFixable) {
        return seeds.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> {
            Outcome outcome = entry.getValue().firstRun;
            return (outcome == Outcome.REMEDIATED ? whenFixable : outcome).name();
        }));
    }

    public List<LifecycleRule> rulesNow(String bucket) {
        try {
            return client(regions.get(bucket)).getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Every bucket still holds exactly what it was seeded with. */
    public void assertUnchanged() {
        seeds.keySet().forEach(bucket -> assertThat(rulesNow(bucket)).as(bucket).isEqualTo(rulesBefore.get(bucket)));
    }

    /**
     * Every fixable bucket holds its original rules, unchanged and in order, plus our rule last, and is
     * compliant; every other bucket is untouched.
     */
    public void assertRemediated(int abortAfterDays) {
        AbortRulePolicy policy = new AbortRulePolicy(abortAfterDays);
        seeds.forEach((bucket, seed) -> {
            List<LifecycleRule> after = rulesNow(bucket);
            List<LifecycleRule> before = rulesBefore.get(bucket);
            if (seed.firstRun == Outcome.REMEDIATED) {
                assertThat(after).as(bucket).hasSize(before.size() + 1);
                assertThat(after.subList(0, before.size())).as(bucket).isEqualTo(before);
                assertThat(after.getLast().id()).as(bucket).isEqualTo(AbortRulePolicy.RULE_ID);
                assertThat(policy.assess(new BucketLifecycle(after, Optional.empty()))).as(bucket).isInstanceOf(Decision.Compliant.class);
            } else {
                assertThat(after).as(bucket).isEqualTo(before);
            }
        });
    }

    private S3Client client(Region region) {
        return clients.computeIfAbsent(region, r -> S3Client.builder()
                .region(r)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(CREDENTIALS)
                .build());
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
    }

    static List<LifecycleRule> rulesFor(Seed seed) {
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
