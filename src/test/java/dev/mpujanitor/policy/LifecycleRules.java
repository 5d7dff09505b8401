package dev.mpujanitor.policy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

/** Small builders for the SDK lifecycle model, shared by the policy tests. */
final class LifecycleRules {

    private LifecycleRules() {
    }

    static AbortIncompleteMultipartUpload abort(int days) {
        return AbortIncompleteMultipartUpload.builder().daysAfterInitiation(days).build();
    }

    static LifecycleExpiration expireAfter(int days) {
        return LifecycleExpiration.builder().days(days).build();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static LifecycleRuleFilter emptyFilter() {
        return LifecycleRuleFilter.builder().build();
    }

    static LifecycleRuleFilter prefixFilter(String prefix) {
        return LifecycleRuleFilter.builder().prefix(prefix).build();
    }

    static LifecycleRuleFilter tagFilter(String key, String value) {
        return LifecycleRuleFilter.builder().tag(tag(key, value)).build();
    }

    static LifecycleRuleFilter sizeGreaterThan(long bytes) {
        return LifecycleRuleFilter.builder().objectSizeGreaterThan(bytes).build();
    }

    static LifecycleRuleFilter sizeLessThan(long bytes) {
        return LifecycleRuleFilter.builder().objectSizeLessThan(bytes).build();
    }

    static LifecycleRuleFilter and(LifecycleRuleAndOperator and) {
        return LifecycleRuleFilter.builder().and(and).build();
    }

    /** An Enabled rule with the given filter (null: no Filter element) and abort action. */
    static LifecycleRule abortRule(String id, LifecycleRuleFilter filter, int days) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(filter).abortIncompleteMultipartUpload(abort(days)).build();
    }

    /** An Enabled legacy-form rule (rule-level Prefix, no Filter) with the abort action. */
    static LifecycleRule legacyAbortRule(String id, String prefix, int days) {
        return legacy(LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).abortIncompleteMultipartUpload(abort(days)), prefix).build();
    }

    /** An Enabled filter-form rule that only expires objects. */
    static LifecycleRule expiryRule(String id, LifecycleRuleFilter filter) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(filter).expiration(expireAfter(365)).build();
    }

    /** An Enabled legacy-form rule that only expires objects. */
    static LifecycleRule legacyExpiryRule(String id, String prefix) {
        return legacy(LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).expiration(expireAfter(365)), prefix).build();
    }

    static LifecycleRule disabled(LifecycleRule rule) {
        return rule.toBuilder().status(ExpirationStatus.DISABLED).build();
    }

    static LifecycleRule withId(LifecycleRule rule, String id) {
        return rule.toBuilder().id(id).build();
    }

    /** {@code count} distinct filter-form expiry rules, each scoped to its own prefix. */
    static List<LifecycleRule> expiryRules(int count) {
        List<LifecycleRule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rules.add(expiryRule("rule-" + i, prefixFilter("data/" + i + "/")));
        }
        return rules;
    }

    @SuppressWarnings("deprecation")
    static LifecycleRule.Builder legacy(LifecycleRule.Builder rule, String prefix) {
        return rule.prefix(prefix);
    }

    @SuppressWarnings("deprecation")
    static String legacyPrefix(LifecycleRule rule) {
        return rule.prefix();
    }
}
