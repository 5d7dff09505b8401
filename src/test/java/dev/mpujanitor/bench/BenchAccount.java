package dev.mpujanitor.bench;

import dev.mpujanitor.policy.AbortRulePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * An account of {@code size} buckets, all named {@code namePrefix} and a five-digit index, created by a plain SDK client
 * straight against S3Mock (never through the proxy, never by the code under test), in parallel. Several accounts share
 * one S3Mock: a proxy in front of it that lists one name prefix shows one account.
 *
 * <p>{@link Mix#REAL_ACCOUNT}, the configuration mix of a real account: of every 100 consecutive buckets 70 already
 * compliant, 25 needing the rule, 5 other. {@link Mix#COMPLIANT}: every bucket compliant, the three compliant kinds in
 * their shares. The kinds are interleaved in name order, so listing pages and workers see them mixed. One bucket in 50
 * also holds an incomplete multipart upload, for the inventory (INVENTORY_UPLOADS=true) to find.
 */
final class BenchAccount implements AutoCloseable {

    static final String ACCESS_KEY = "bench-access-key";
    static final String SECRET_KEY = "bench-secret-key";

    /** A kind of existing configuration, its share of the account in percent, and a dry run's outcome for it. */
    enum Kind {
        WHOLE_BUCKET_ABORT_3_DAYS(30, "COMPLIANT"),
        LOGS_EXPIRY_AND_EMPTY_FILTER_ABORT(25, "COMPLIANT"),
        OUR_RULE_ENABLED(15, "COMPLIANT"),
        NO_CONFIGURATION(12, "WOULD_REMEDIATE"),
        EXPIRATION_UNDER_PREFIXES(6, "WOULD_REMEDIATE"),
        TRANSITIONS(3, "WOULD_REMEDIATE"),
        ABORT_UNDER_PREFIX_ONLY(2, "WOULD_REMEDIATE"),
        WHOLE_BUCKET_ABORT_30_DAYS(2, "WOULD_REMEDIATE"),
        OUR_RULE_DISABLED(3, "UNFIXABLE"),
        DISABLED_WHOLE_BUCKET_ABORT(2, "WOULD_REMEDIATE");

        final int percent;
        final String dryRunOutcome;

        Kind(int percent, String dryRunOutcome) {
            this.percent = percent;
            this.dryRunOutcome = dryRunOutcome;
        }

        boolean compliant() {
            return "COMPLIANT".equals(dryRunOutcome);
        }

    }

    /** Which kinds an account holds, each in its share. */
    enum Mix {
        REAL_ACCOUNT(List.of(Kind.values())),
        COMPLIANT(Arrays.stream(Kind.values()).filter(Kind::compliant).toList());

        private final List<Kind> kinds;
        private final int slots;

        Mix(List<Kind> kinds) {
            this.kinds = kinds;
            this.slots = kinds.stream().mapToInt(kind -> kind.percent).sum();
        }

        /**
         * The kind of the bucket of this index. 37 is prime to both mixes' totals (100 and 70): every run of that many
         * consecutive buckets holds each kind exactly its share of times.
         */
        Kind kindOf(int index) {
            int slot = (index * 37 + 11) % slots;
            int upTo = 0;
            for (Kind kind : kinds) {
                upTo += kind.percent;
                if (slot < upTo) {
                    return kind;
                }
            }
            throw new IllegalStateException("unreachable: the slots are the sum of the shares");
        }
    }

    private final S3Client s3;
    private final String namePrefix;
    private final Map<String, Kind> kinds;
    private final int uploads;
    private final Duration setup;

    private BenchAccount(S3Client s3, String namePrefix, Map<String, Kind> kinds, int uploads, Duration setup) {
        this.s3 = s3;
        this.namePrefix = namePrefix;
        this.kinds = kinds;
        this.uploads = uploads;
        this.setup = setup;
    }

    static BenchAccount seed(URI endpoint, String namePrefix, int size, Mix mix, int threads) throws InterruptedException {
        long started = System.nanoTime();
        S3Client s3 = S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(Apache5HttpClient.builder().maxConnections(threads * 2).build())
                .build();
        Map<String, Kind> kinds = Collections.synchronizedMap(new TreeMap<>());
        List<Future<Boolean>> created = new ArrayList<>(size);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < size; i++) {
                int index = i;
                created.add(pool.submit(() -> {
                    Kind kind = mix.kindOf(index);
                    String bucket = namePrefix + "%05d".formatted(index);
                    create(s3, bucket, kind, index % 50 == 7);
                    kinds.put(bucket, kind);
                    return index % 50 == 7;
                }));
            }
            int uploads = 0;
            for (Future<Boolean> bucket : created) {
                uploads += bucket.get() ? 1 : 0;
            }
            return new BenchAccount(s3, namePrefix, Map.copyOf(kinds), uploads, Duration.ofNanos(System.nanoTime() - started));
        } catch (ExecutionException e) {
            s3.close();
            throw new IllegalStateException("could not seed the account: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void create(S3Client s3, String bucket, Kind kind, boolean withUpload) {
        s3.createBucket(b -> b.bucket(bucket));
        List<LifecycleRule> rules = rulesFor(kind);
        if (!rules.isEmpty()) {
            s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
        }
        if (withUpload) {
            String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key("exports/part.bin")).uploadId();
            s3.uploadPart(r -> r.bucket(bucket).key("exports/part.bin").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(new byte[1024]));
        }
    }

    static List<LifecycleRule> rulesFor(Kind kind) {
        LifecycleRuleFilter whole = LifecycleRuleFilter.builder().prefix("").build();
        return switch (kind) {
            case WHOLE_BUCKET_ABORT_3_DAYS -> List.of(abort("abort-all", whole, 3, ExpirationStatus.ENABLED));
            case LOGS_EXPIRY_AND_EMPTY_FILTER_ABORT -> List.of(expireUnder("logs", "logs/", 30),
                    abort("abort-all", LifecycleRuleFilter.builder().build(), 7, ExpirationStatus.ENABLED));
            case OUR_RULE_ENABLED -> List.of(expireUnder("logs", "logs/", 30), abort(AbortRulePolicy.RULE_ID, whole, 7, ExpirationStatus.ENABLED));
            case NO_CONFIGURATION -> List.of();
            case EXPIRATION_UNDER_PREFIXES -> List.of(expireUnder("logs", "logs/", 30), expireUnder("tmp", "tmp/", 1));
            case TRANSITIONS -> List.of(LifecycleRule.builder().id("archive").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix("data/"))
                    .transitions(Transition.builder().days(30).storageClass(TransitionStorageClass.STANDARD_IA).build(),
                            Transition.builder().days(90).storageClass(TransitionStorageClass.GLACIER).build())
                    .noncurrentVersionExpiration(e -> e.noncurrentDays(60))
                    .build());
            case ABORT_UNDER_PREFIX_ONLY -> List.of(abort("abort-tmp", LifecycleRuleFilter.builder().prefix("tmp/").build(), 1, ExpirationStatus.ENABLED));
            case WHOLE_BUCKET_ABORT_30_DAYS -> List.of(abort("abort-slow", whole, 30, ExpirationStatus.ENABLED));
            case OUR_RULE_DISABLED -> List.of(abort(AbortRulePolicy.RULE_ID, whole, 7, ExpirationStatus.DISABLED));
            case DISABLED_WHOLE_BUCKET_ABORT -> List.of(abort("abort-off", whole, 1, ExpirationStatus.DISABLED));
        };
    }

    private static LifecycleRule expireUnder(String id, String prefix, int days) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix)).expiration(e -> e.days(days)).build();
    }

    private static LifecycleRule abort(String id, LifecycleRuleFilter filter, int days, ExpirationStatus status) {
        return LifecycleRule.builder().id(id).status(status).filter(filter).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days)).build();
    }

    int size() {
        return kinds.size();
    }

    Map<String, Kind> kinds() {
        return kinds;
    }

    /** What every bucket's name starts with, and no other account's: a listing of this prefix lists this account. */
    String namePrefix() {
        return namePrefix;
    }

    /**
     * The name prefix of each run of {@code perGroup} consecutive buckets, in order: one prefix lists exactly one group.
     * {@code perGroup} is a power of ten of at most 10,000 that divides the size.
     */
    List<String> groupPrefixes(int perGroup) {
        int digits = Integer.toString(perGroup).length() - 1;
        if (perGroup != (int) Math.pow(10, digits) || digits > 4 || size() % perGroup != 0) {
            throw new IllegalArgumentException("groups of %d do not each have one prefix in an account of %d".formatted(perGroup, size()));
        }
        return IntStream.range(0, size() / perGroup).mapToObj(group -> namePrefix + "%05d".formatted(group * perGroup).substring(0, 5 - digits)).toList();
    }

    Map<Kind, Long> countsByKind() {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        kinds.values().forEach(kind -> counts.merge(kind, 1L, Long::sum));
        return counts;
    }

    int uploads() {
        return uploads;
    }

    Duration setup() {
        return setup;
    }

    @Override
    public void close() {
        s3.close();
    }
}
