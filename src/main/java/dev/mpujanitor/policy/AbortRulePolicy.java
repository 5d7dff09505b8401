package dev.mpujanitor.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/**
 * Decides whether a bucket's lifecycle configuration aborts incomplete multipart uploads, and if not, what
 * configuration would. Pure: no I/O, no clock, total over every configuration S3 can return.
 *
 * <p>It never edits a rule it did not write. Every rule that was read goes back as the same SDK object, in
 * the same position; the only rule it ever adds or replaces is the one with {@link #RULE_ID}.
 */
public final class AbortRulePolicy {

    /** The ID of the rule this tool writes; documented, so operators can find and recognise it. */
    public static final String RULE_ID = "mpu-janitor-abort-incomplete-uploads";

    /**
     * "You can have up to 1,000 rules" in one lifecycle configuration.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
     */
    public static final int MAX_RULES = 1_000;

    private final int abortAfterDays;

    public AbortRulePolicy(int abortAfterDays) {
        if (abortAfterDays < 1) {
            // DaysAfterInitiation must be a positive integer (PutBucketLifecycleConfiguration API reference).
            throw new IllegalArgumentException("abortAfterDays must be at least 1, was " + abortAfterDays);
        }
        this.abortAfterDays = abortAfterDays;
    }

    public Decision assess(BucketLifecycle current) {
        List<LifecycleRule> rules = current.rules();
        for (LifecycleRule rule : rules) {
            if (abortsWholeBucketInTime(rule)) {
                return new Decision.Compliant(rule.id());
            }
        }

        int ownIndex = IntStream.range(0, rules.size()).filter(i -> RULE_ID.equals(rules.get(i).id())).findFirst().orElse(-1);
        List<LifecycleRule> others = new ArrayList<>(rules);
        if (ownIndex >= 0) {
            LifecycleRule own = others.remove(ownIndex);
            if (own.status() == ExpirationStatus.DISABLED) {
                return new Decision.Unfixable(UnfixableReason.OWN_RULE_DISABLED);
            }
        }

        if (others.stream().anyMatch(AbortRulePolicy::hasAmbiguousFilter)) {
            // We send every rule back as read; a rule that would not mean the same once sent is not sent.
            return new Decision.Unfixable(UnfixableReason.AMBIGUOUS_FILTER);
        }

        // S3 rejects a configuration that mixes rule-level Prefix with Filter, so our rule follows the others' form.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-filter
        boolean legacy = others.stream().anyMatch(AbortRulePolicy::usesLegacyPrefix);
        if (legacy && others.stream().anyMatch(rule -> rule.abortIncompleteMultipartUpload() != null)) {
            // Legacy rules may not overlap for the same action ("Found overlapping prefixes ... for same action
            // type"), and our whole-bucket prefix overlaps every other prefix.
            return new Decision.Unfixable(UnfixableReason.LEGACY_OVERLAPPING_ABORT);
        }

        LifecycleRule ours = ourRule(legacy);
        List<LifecycleRule> proposed = new ArrayList<>(rules);
        if (ownIndex >= 0) {
            proposed.set(ownIndex, ours);
            return new Decision.Write(current.withRules(proposed), ours, WriteReason.OWN_RULE_DRIFTED);
        }
        if (rules.size() >= MAX_RULES) {
            return new Decision.Unfixable(UnfixableReason.RULE_LIMIT);
        }
        proposed.add(ours);
        return new Decision.Write(current.withRules(proposed), ours, reasonToAppend(rules));
    }

    /** The rule we add: Enabled, the whole bucket, nothing but the abort action. */
    public LifecycleRule ourRule(boolean legacyForm) {
        LifecycleRule.Builder rule = LifecycleRule.builder()
                .id(RULE_ID)
                .status(ExpirationStatus.ENABLED)
                .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().daysAfterInitiation(abortAfterDays).build());
        return legacyForm ? legacyPrefix(rule, "").build() : rule.filter(LifecycleRuleFilter.builder().prefix("").build()).build();
    }

    private boolean abortsWholeBucketInTime(LifecycleRule rule) {
        return rule.status() == ExpirationStatus.ENABLED
                && coversWholeBucket(rule)
                && rule.abortIncompleteMultipartUpload() != null
                && rule.abortIncompleteMultipartUpload().daysAfterInitiation() != null
                && rule.abortIncompleteMultipartUpload().daysAfterInitiation() <= abortAfterDays;
    }

    private static WriteReason reasonToAppend(List<LifecycleRule> rules) {
        if (rules.isEmpty()) {
            return WriteReason.NO_CONFIGURATION;
        }
        List<LifecycleRule> wholeBucketAborts = rules.stream()
                .filter(rule -> coversWholeBucket(rule) && rule.abortIncompleteMultipartUpload() != null).toList();
        if (wholeBucketAborts.stream().anyMatch(rule -> rule.status() == ExpirationStatus.ENABLED)) {
            return WriteReason.ABORT_TOO_LATE;
        }
        return wholeBucketAborts.isEmpty() ? WriteReason.NO_WHOLE_BUCKET_ABORT : WriteReason.ABORT_RULE_DISABLED;
    }

    /**
     * True when the rule applies to every object: no filter, an empty filter, or an empty prefix, in the
     * Filter form or the legacy form. Tag, object-size and And filters always narrow a rule.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-filters.html
     */
    public static boolean coversWholeBucket(LifecycleRule rule) {
        String legacyPrefix = legacyPrefix(rule);
        if (legacyPrefix != null && !legacyPrefix.isEmpty()) {
            return false;
        }
        LifecycleRuleFilter filter = rule.filter();
        return filter == null
                || ((filter.prefix() == null || filter.prefix().isEmpty())
                        && filter.tag() == null
                        && filter.and() == null
                        && filter.objectSizeGreaterThan() == null
                        && filter.objectSizeLessThan() == null);
    }

    /**
     * "A Filter must have exactly one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, or And
     * specified." https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleFilter.html
     */
    static boolean hasAmbiguousFilter(LifecycleRule rule) {
        LifecycleRuleFilter filter = rule.filter();
        if (filter == null) {
            return false;
        }
        long predicates = Stream.of(filter.prefix(), filter.tag(), filter.and(),
                filter.objectSizeGreaterThan(), filter.objectSizeLessThan()).filter(Objects::nonNull).count();
        return predicates > 1;
    }

    public static boolean usesLegacyPrefix(LifecycleRule rule) {
        return legacyPrefix(rule) != null;
    }

    // The rule-level Prefix is deprecated in the SDK, but S3 still returns it for configurations written that way,
    // and writing it back is the only way to keep those configurations valid.
    @SuppressWarnings("deprecation")
    private static String legacyPrefix(LifecycleRule rule) {
        return rule.prefix();
    }

    @SuppressWarnings("deprecation")
    private static LifecycleRule.Builder legacyPrefix(LifecycleRule.Builder rule, String prefix) {
        return rule.prefix(prefix);
    }
}
