package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Rgw;
import dev.mpujanitor.testing.RgwAvailable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The merge on a production S3 implementation that validates what we write: a corpus of realistic lifecycle
 * configurations, seeded by a plain SDK client, then one run and a second run of the function.
 *
 * <p>RGW reads some rules back in another shape than they were written (a whole-bucket Filter comes back as
 * the legacy {@code Prefix ""}, {@code And(Prefix, Tags)} as a Filter with both, object-size filters are
 * dropped). The expected outcomes below are for the configuration as RGW returns it, which is what the
 * function sees; each case that differs from AWS says why.
 */
@ExtendWith(RgwAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleCorpusRgwIT {

    private static final int DAYS = Settings.DEFAULT_ABORT_AFTER_DAYS;
    private static final String PREFIX = "corpus-";

    private record Case(String name, List<LifecycleRule> rules, Outcome expected, String reason) {
        String bucket() {
            return PREFIX + name;
        }
    }

    private static final LifecycleRuleFilter WHOLE = LifecycleRuleFilter.builder().prefix("").build();

    private static final List<Case> CORPUS = List.of(
            new Case("no-configuration", List.of(), Outcome.REMEDIATED, "no-configuration"),
            new Case("whole-abort-3d", List.of(abort("abort-all", WHOLE, 3)), Outcome.COMPLIANT, "covered-by:abort-all"),
            new Case("empty-filter-abort-7d", List.of(expire("logs", "logs/", 30), abort("abort-all", LifecycleRuleFilter.builder().build(), 7)),
                    Outcome.COMPLIANT, "covered-by:abort-all"),
            new Case("expiration-under-prefix", List.of(expire("logs", "logs/", 30)), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("two-expirations", List.of(expire("logs", "logs/", 30), expire("tmp", "tmp/", 1)), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("transitions", List.of(rule("archive").filter(f -> f.prefix("data/"))
                    .transitions(Transition.builder().days(30).storageClass(TransitionStorageClass.STANDARD_IA).build(),
                            Transition.builder().days(90).storageClass(TransitionStorageClass.GLACIER).build())
                    .build()), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("noncurrent-expiration", List.of(rule("versions").filter(f -> f.prefix("v/"))
                    .noncurrentVersionExpiration(n -> n.noncurrentDays(30)).build()), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("noncurrent-transitions", List.of(rule("cold-versions").filter(f -> f.prefix("v/"))
                    .noncurrentVersionTransitions(NoncurrentVersionTransition.builder().noncurrentDays(30).storageClass("GLACIER").build()).build()), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("newer-noncurrent-versions", List.of(rule("keep-three").filter(f -> f.prefix("v/"))
                    .noncurrentVersionExpiration(n -> n.noncurrentDays(30).newerNoncurrentVersions(3)).build()), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            // A whole-bucket filter comes back in the legacy form, so our rule is added in that form too.
            new Case("delete-marker-cleanup", List.of(rule("markers").filter(WHOLE).expiration(e -> e.expiredObjectDeleteMarker(true)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("delete-markers-under-prefix", List.of(rule("markers").filter(f -> f.prefix("a/")).expiration(e -> e.expiredObjectDeleteMarker(true)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("expiration-date", List.of(rule("old").filter(f -> f.prefix("old/"))
                    .expiration(e -> e.date(java.time.Instant.parse("2030-01-01T00:00:00Z"))).build()), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("tag-filter", List.of(rule("tagged").filter(f -> f.tag(tag("class", "scratch"))).expiration(e -> e.days(3)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("and-tags", List.of(rule("two-tags").filter(f -> f.and(a -> a.tags(tag("a", "1"), tag("b", "2")))).expiration(e -> e.days(3)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            // RGW returns And(Prefix, Tags) as a Filter with a Prefix and a Tag: sending that back would change it.
            new Case("and-prefix-tags", List.of(rule("scoped-tags").filter(f -> f.and(a -> a.prefix("x/").tags(tag("a", "1")))).expiration(e -> e.days(3)).build()),
                    Outcome.UNFIXABLE, "ambiguous-filter"),
            // RGW drops object-size filters: the rule comes back as a whole-bucket expiration in the legacy form.
            new Case("object-size", List.of(rule("big").filter(f -> f.objectSizeGreaterThan(1_000_000L)).expiration(e -> e.days(3)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("legacy-expirations", List.of(legacy("logs", "logs/").expiration(e -> e.days(3)).build(), legacy("tmp", "tmp/").expiration(e -> e.days(1)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("legacy-scoped-abort", List.of(legacy("logs", "logs/").expiration(e -> e.days(3)).build(),
                    legacy("tmp", "tmp/").abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build()),
                    Outcome.UNFIXABLE, "legacy-overlapping-abort"),
            new Case("legacy-whole-abort-3d", List.of(legacy("all", "").abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(3)).build()),
                    Outcome.COMPLIANT, "covered-by:all"),
            new Case("legacy-whole-abort-30d", List.of(legacy("all", "").abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(30)).build()),
                    Outcome.UNFIXABLE, "legacy-overlapping-abort"),
            // RGW accepts legacy and Filter rules side by side (AWS does not); no abort among them, so ours is added.
            new Case("mixed-legacy-and-filter", List.of(legacy("logs", "logs/").expiration(e -> e.days(3)).build(), expire("tmp", "tmp/", 1)),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("disabled-expiration", List.of(rule("off").status(ExpirationStatus.DISABLED).filter(f -> f.prefix("logs/")).expiration(e -> e.days(3)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            // On AWS this would be REMEDIATED; RGW returns the whole-bucket rule in the legacy form, where a second
            // whole-bucket abort would overlap it.
            new Case("disabled-whole-abort", List.of(rule("off").status(ExpirationStatus.DISABLED).filter(WHOLE)
                    .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build()), Outcome.UNFIXABLE, "legacy-overlapping-abort"),
            new Case("whole-abort-30d", List.of(abort("slow", WHOLE, 30)), Outcome.UNFIXABLE, "legacy-overlapping-abort"),
            new Case("prefix-scoped-abort", List.of(abort("tmp", LifecycleRuleFilter.builder().prefix("tmp/").build(), 1)),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("scoped-abort-and-expiration", List.of(expire("logs", "logs/", 30), abort("uploads", LifecycleRuleFilter.builder().prefix("uploads/").build(), 2)),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("combined-actions", List.of(rule("everything").filter(f -> f.prefix("logs/")).expiration(e -> e.days(90))
                    .noncurrentVersionExpiration(n -> n.noncurrentDays(30)).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(3)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("long-rule-id", List.of(rule("r".repeat(255)).filter(f -> f.prefix("x/")).expiration(e -> e.days(5)).build()),
                    Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("our-rule-in-time", List.of(expire("logs", "logs/", 30), abort(AbortRulePolicy.RULE_ID, WHOLE, 3)),
                    Outcome.COMPLIANT, "covered-by:" + AbortRulePolicy.RULE_ID),
            new Case("our-rule-disabled", List.of(rule(AbortRulePolicy.RULE_ID).status(ExpirationStatus.DISABLED).filter(WHOLE)
                    .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(DAYS)).build()), Outcome.UNFIXABLE, "own-rule-disabled"),
            new Case("our-rule-drifted", List.of(abort(AbortRulePolicy.RULE_ID, WHOLE, 30)), Outcome.REMEDIATED, "own-rule-drifted"),
            new Case("our-rule-drifted-among-others", List.of(expire("logs", "logs/", 30), abort(AbortRulePolicy.RULE_ID, WHOLE, 30), expire("tmp", "tmp/", 2)),
                    Outcome.REMEDIATED, "own-rule-drifted"),
            new Case("rules-999", expirations(AbortRulePolicy.MAX_RULES - 1), Outcome.REMEDIATED, "no-whole-bucket-abort"),
            new Case("rules-1000", expirations(AbortRulePolicy.MAX_RULES), Outcome.UNFIXABLE, "rule-limit"));

    private Rgw rgw;
    private S3Client seeder;
    /** The rules as RGW returns them before any run: what the function reads and must give back. */
    private final Map<String, List<LifecycleRule>> before = new HashMap<>();

    @BeforeAll
    void seedTheCorpus() {
        rgw = Rgw.require();
        seeder = rgw.client();
        for (Case c : CORPUS) {
            seeder.createBucket(b -> b.bucket(c.bucket()));
            if (!c.rules().isEmpty()) {
                seeder.putBucketLifecycleConfiguration(r -> r.bucket(c.bucket()).lifecycleConfiguration(l -> l.rules(c.rules())));
            }
            before.put(c.bucket(), rules(c.bucket()));
        }
    }

    @AfterAll
    void removeTheCorpus() {
        if (seeder != null) {
            CORPUS.forEach(c -> seeder.deleteBucket(b -> b.bucket(c.bucket())));
            seeder.close();
        }
    }

    @Test
    void oneRunFixesWhatCanBeFixedKeepsEveryRuleAndASecondRunWritesNothing() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(30);

        Run first = run();

        Map<String, JsonNode> records = first.log.records("bucket").stream()
                .filter(record -> record.get("bucket").asText().startsWith(PREFIX))
                .collect(Collectors.toMap(record -> record.get("bucket").asText(), record -> record));
        assertThat(records).hasSize(CORPUS.size());
        for (Case c : CORPUS) {
            JsonNode record = records.get(c.bucket());
            assertThat(record.get("outcome").asText()).as(c.name() + ": " + record).isEqualTo(c.expected().name());
            assertThat(record.get("reason").asText()).as(c.name()).isEqualTo(c.reason());
            assertRulesAfter(c);
        }
        long remediated = CORPUS.stream().filter(c -> c.expected() == Outcome.REMEDIATED).count();
        assertThat(first.summary.count(Outcome.FAILED)).as("RGW accepted every write").isZero();
        assertThat(first.summary.apiCalls().getOrDefault("PutBucketLifecycleConfiguration", 0L)).isGreaterThanOrEqualTo(remediated);

        Run second = run();

        assertThat(second.summary.apiCalls()).doesNotContainKey("PutBucketLifecycleConfiguration");
        assertThat(second.log.records("bucket")).filteredOn(record -> record.get("bucket").asText().startsWith(PREFIX))
                .allSatisfy(record -> assertThat(record.get("outcome").asText()).isIn(Outcome.COMPLIANT.name(), Outcome.UNFIXABLE.name()));
    }

    /** Every rule read before is back, unchanged and in order; our rule was added last or replaced in its place. */
    private void assertRulesAfter(Case c) {
        List<LifecycleRule> original = before.get(c.bucket());
        List<LifecycleRule> after = rules(c.bucket());
        if (c.expected() != Outcome.REMEDIATED) {
            assertThat(after).as(c.name() + " is not written").isEqualTo(original);
            return;
        }
        int ours = IntStream.range(0, after.size()).filter(i -> AbortRulePolicy.RULE_ID.equals(after.get(i).id())).findFirst().orElse(-1);
        assertThat(ours).as(c.name() + " has our rule").isNotNegative();
        LifecycleRule rule = after.get(ours);
        assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(DAYS);
        assertThat(AbortRulePolicy.coversWholeBucket(rule)).as(c.name()).isTrue();
        List<LifecycleRule> others = new ArrayList<>(after);
        others.remove(ours);
        List<LifecycleRule> originalOthers = original.stream().filter(r -> !AbortRulePolicy.RULE_ID.equals(r.id())).toList();
        assertThat(others).as(c.name() + " keeps every other rule unchanged, in order").isEqualTo(originalOthers);
        assertThat(after).as(c.name() + " has exactly one rule more, or the same count when ours was replaced")
                .hasSize(original.size() + (original.size() == originalOthers.size() ? 1 : 0));
    }

    private List<LifecycleRule> rules(String bucket) {
        try {
            return seeder.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if ("NoSuchLifecycleConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return List.of();
            }
            throw e;
        }
    }

    private record Run(ScanSummary summary, JsonLines log) {
    }

    private Run run() {
        Settings settings = Settings.fromEnv(Map.of("METRIC_NAMESPACE", "MpuJanitorTest", "MAX_CONCURRENCY", "8",
                "AWS_ENDPOINT_URL_S3", rgw.endpoint().toString(), "S3_FORCE_PATH_STYLE", "true"));
        RunCapture.WorkstationRun run = RunCapture.workstationRun(settings, rgw.credentials());
        return new Run(run.summary(), run.log());
    }

    private static LifecycleRule.Builder rule(String id) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED);
    }

    @SuppressWarnings("deprecation")
    private static LifecycleRule.Builder legacy(String id, String prefix) {
        return rule(id).prefix(prefix);
    }

    private static LifecycleRule expire(String id, String prefix, int days) {
        return rule(id).filter(f -> f.prefix(prefix)).expiration(e -> e.days(days)).build();
    }

    private static LifecycleRule abort(String id, LifecycleRuleFilter filter, int days) {
        return rule(id).filter(filter).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days)).build();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<LifecycleRule> expirations(int count) {
        return IntStream.range(0, count).mapToObj(i -> expire("r" + i, "p" + i + "/", 1 + i % 300)).toList();
    }
}
