package dev.mpujanitor.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/**
 * Test oracle: the documented constraints S3 enforces on a whole PutBucketLifecycleConfiguration body, written
 * independently of {@link AbortRulePolicy}. It returns every violation it finds, so an empty list means "S3's
 * documented rules would accept this". It is deliberately limited to constraints that matter to the policy:
 *
 * <ul>
 *   <li>at most 1,000 rules; rule IDs unique and at most 255 characters; Status is Enabled or Disabled; at least
 *       one action per rule —
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html and
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html</li>
 *   <li>the deprecated rule-level Prefix is never combined with Filter, neither on one rule nor across the
 *       configuration —
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-filter</li>
 *   <li>AbortIncompleteMultipartUpload is not allowed with a tag filter ("You can't specify this lifecycle action
 *       in a rule that specifies a filter based on object tags") nor with an object-size filter —
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-actions
 *       and https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-filters.html</li>
 *   <li>DaysAfterInitiation is a positive integer —
 *       https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html</li>
 *   <li>legacy-form rules whose prefixes overlap may not share an action type ("Found overlapping prefixes ... for
 *       same action type"); checked here for the abort action only —
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html</li>
 * </ul>
 */
final class S3LifecycleConstraints {

    static final int MAX_RULES = 1_000;
    static final int MAX_ID_LENGTH = 255;

    private S3LifecycleConstraints() {
    }

    static List<String> violations(BucketLifecycle configuration) {
        return violations(configuration.rules());
    }

    static List<String> violations(List<LifecycleRule> rules) {
        List<String> found = new ArrayList<>();
        if (rules.size() > MAX_RULES) {
            found.add("more than " + MAX_RULES + " rules: " + rules.size());
        }

        Set<String> ids = new HashSet<>();
        boolean anyLegacy = false;
        boolean anyFilter = false;
        for (int i = 0; i < rules.size(); i++) {
            LifecycleRule rule = rules.get(i);
            String where = "rule " + i + " (" + rule.id() + ")";
            // S3 assigns an ID when none is given, so a missing ID is not a violation; a repeated one is.
            if (rule.id() != null && !ids.add(rule.id())) {
                found.add(where + ": duplicate ID");
            }
            if (rule.id() != null && rule.id().length() > MAX_ID_LENGTH) {
                found.add(where + ": ID longer than " + MAX_ID_LENGTH + " characters");
            }
            if (rule.status() != ExpirationStatus.ENABLED && rule.status() != ExpirationStatus.DISABLED) {
                found.add(where + ": status is neither Enabled nor Disabled: " + rule.statusAsString());
            }

            boolean legacy = legacyPrefix(rule) != null;
            boolean filtered = rule.filter() != null;
            anyLegacy |= legacy;
            anyFilter |= filtered;
            if (legacy && filtered) {
                found.add(where + ": both rule-level Prefix and Filter");
            }

            if (!hasAction(rule)) {
                found.add(where + ": no action");
            }
            if (rule.abortIncompleteMultipartUpload() != null) {
                Integer days = rule.abortIncompleteMultipartUpload().daysAfterInitiation();
                if (days == null || days < 1) {
                    found.add(where + ": DaysAfterInitiation must be at least 1, was " + days);
                }
                if (hasTagFilter(rule.filter())) {
                    found.add(where + ": AbortIncompleteMultipartUpload with a tag filter");
                }
                if (hasSizeFilter(rule.filter())) {
                    found.add(where + ": AbortIncompleteMultipartUpload with an object-size filter");
                }
            }
        }
        if (anyLegacy && anyFilter) {
            found.add("configuration mixes rule-level Prefix and Filter");
        }

        // Legacy form: two abort rules whose prefixes overlap are rejected.
        List<LifecycleRule> legacyAborts = rules.stream()
                .filter(rule -> legacyPrefix(rule) != null && rule.abortIncompleteMultipartUpload() != null)
                .toList();
        for (int i = 0; i < legacyAborts.size(); i++) {
            for (int j = i + 1; j < legacyAborts.size(); j++) {
                String a = legacyPrefix(legacyAborts.get(i));
                String b = legacyPrefix(legacyAborts.get(j));
                if (a.startsWith(b) || b.startsWith(a)) {
                    found.add("overlapping legacy prefixes '" + a + "' (" + legacyAborts.get(i).id() + ") and '" + b
                            + "' (" + legacyAborts.get(j).id() + ") for AbortIncompleteMultipartUpload");
                }
            }
        }
        return found;
    }

    /**
     * What a directory bucket refuses besides: "Lifecycle configurations for directory buckets only support expiring
     * objects and cancelling multipart uploads. Expiring of versioned objects, transitions and tag filters are not
     * supported", and the API reference marks the rule-level Prefix, Expiration's Date and ExpiredObjectDeleteMarker,
     * and TransitionDefaultMinimumObjectSize as applying to general purpose buckets only.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
     */
    static List<String> directoryBucketViolations(BucketLifecycle configuration) {
        List<String> found = new ArrayList<>(violations(configuration));
        if (configuration.transitionDefaultMinimumObjectSize().isPresent()) {
            found.add("TransitionDefaultMinimumObjectSize on a directory bucket");
        }
        for (LifecycleRule rule : configuration.rules()) {
            String where = "rule " + rule.id() + " of a directory bucket: ";
            if (rule.hasTransitions() && !rule.transitions().isEmpty() || rule.hasNoncurrentVersionTransitions() && !rule.noncurrentVersionTransitions().isEmpty()) {
                found.add(where + "a transition");
            }
            if (rule.noncurrentVersionExpiration() != null) {
                found.add(where + "a noncurrent version expiration");
            }
            if (rule.expiration() != null && (rule.expiration().date() != null || rule.expiration().expiredObjectDeleteMarker() != null)) {
                found.add(where + "an expiration by date or of delete markers");
            }
            if (hasTagFilter(rule.filter())) {
                found.add(where + "a tag filter");
            }
            if (legacyPrefix(rule) != null) {
                found.add(where + "the rule-level Prefix");
            }
        }
        return found;
    }

    private static boolean hasAction(LifecycleRule rule) {
        return rule.expiration() != null
                || rule.hasTransitions() && !rule.transitions().isEmpty()
                || rule.noncurrentVersionExpiration() != null
                || rule.hasNoncurrentVersionTransitions() && !rule.noncurrentVersionTransitions().isEmpty()
                || rule.abortIncompleteMultipartUpload() != null;
    }

    private static boolean hasTagFilter(LifecycleRuleFilter filter) {
        if (filter == null) {
            return false;
        }
        LifecycleRuleAndOperator and = filter.and();
        return filter.tag() != null || and != null && and.hasTags() && !and.tags().isEmpty();
    }

    private static boolean hasSizeFilter(LifecycleRuleFilter filter) {
        if (filter == null) {
            return false;
        }
        LifecycleRuleAndOperator and = filter.and();
        return filter.objectSizeGreaterThan() != null || filter.objectSizeLessThan() != null
                || and != null && (and.objectSizeGreaterThan() != null || and.objectSizeLessThan() != null);
    }

    @SuppressWarnings("deprecation")
    private static String legacyPrefix(LifecycleRule rule) {
        return rule.prefix();
    }
}
