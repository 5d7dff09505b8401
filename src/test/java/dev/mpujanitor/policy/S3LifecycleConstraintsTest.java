package dev.mpujanitor.policy;

import static dev.mpujanitor.policy.LifecycleRules.abortRule;
import static dev.mpujanitor.policy.LifecycleRules.and;
import static dev.mpujanitor.policy.LifecycleRules.emptyFilter;
import static dev.mpujanitor.policy.LifecycleRules.expiryRule;
import static dev.mpujanitor.policy.LifecycleRules.expiryRules;
import static dev.mpujanitor.policy.LifecycleRules.legacy;
import static dev.mpujanitor.policy.LifecycleRules.legacyAbortRule;
import static dev.mpujanitor.policy.LifecycleRules.legacyExpiryRule;
import static dev.mpujanitor.policy.LifecycleRules.prefixFilter;
import static dev.mpujanitor.policy.LifecycleRules.sizeGreaterThan;
import static dev.mpujanitor.policy.LifecycleRules.sizeLessThan;
import static dev.mpujanitor.policy.LifecycleRules.tag;
import static dev.mpujanitor.policy.LifecycleRules.tagFilter;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/** Proves that every check of the test oracle can fire, and that it accepts ordinary valid configurations. */
class S3LifecycleConstraintsTest {

    @Test
    void acceptsAValidMixOfFilterFormRules() {
        List<LifecycleRule> rules = List.of(
                abortRule("whole", prefixFilter(""), 7),
                abortRule("logs", prefixFilter("logs/"), 3), // overlapping filters are fine outside the legacy form
                expiryRule("tagged", tagFilter("k", "v")),
                expiryRule("big", sizeGreaterThan(1024)),
                abortRule("no-filter", null, 1),
                abortRule("empty", emptyFilter(), 2));

        assertThat(S3LifecycleConstraints.violations(rules)).isEmpty();
    }

    @Test
    void acceptsNonOverlappingLegacyAbortRules() {
        List<LifecycleRule> rules = List.of(
                legacyAbortRule("a", "a/", 7), legacyAbortRule("b", "b/", 7), legacyExpiryRule("all", ""));

        assertThat(S3LifecycleConstraints.violations(rules)).isEmpty();
    }

    @Test
    void acceptsExactlyOneThousandRulesButNotOneMore() {
        // "You can have up to 1,000 rules" https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
        assertThat(S3LifecycleConstraints.violations(expiryRules(1_000))).isEmpty();
        assertThat(S3LifecycleConstraints.violations(expiryRules(1_001))).singleElement().asString().contains("more than 1000 rules");
    }

    @Test
    void flagsDuplicateRuleIds() {
        // IDs must be unique: https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html
        List<LifecycleRule> rules = List.of(expiryRule("same", prefixFilter("a/")), expiryRule("same", prefixFilter("b/")));

        assertThat(S3LifecycleConstraints.violations(rules)).singleElement().asString().contains("duplicate ID");
    }

    @Test
    void flagsRuleIdsLongerThan255Characters() {
        // "The value cannot be longer than 255 characters." https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html
        assertThat(S3LifecycleConstraints.violations(List.of(expiryRule("x".repeat(255), prefixFilter(""))))).isEmpty();
        assertThat(S3LifecycleConstraints.violations(List.of(expiryRule("x".repeat(256), prefixFilter("")))))
                .singleElement().asString().contains("longer than 255");
    }

    @Test
    void flagsAStatusOtherThanEnabledOrDisabled() {
        LifecycleRule noStatus = expiryRule("r", prefixFilter("")).toBuilder().status((ExpirationStatus) null).build();
        LifecycleRule bogus = expiryRule("s", prefixFilter("")).toBuilder().status("Paused").build();

        assertThat(S3LifecycleConstraints.violations(List.of(noStatus, bogus))).hasSize(2).allMatch(v -> v.contains("status"));
    }

    @Test
    void flagsPrefixAndFilterOnTheSameRule() {
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-filter
        LifecycleRule both = legacy(expiryRule("both", prefixFilter("a/")).toBuilder(), "a/").build();

        assertThat(S3LifecycleConstraints.violations(List.of(both)))
                .anyMatch(v -> v.contains("both rule-level Prefix and Filter"));
    }

    @Test
    void flagsAConfigurationMixingLegacyPrefixAndFilterRules() {
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-filter
        List<LifecycleRule> rules = List.of(legacyExpiryRule("old", "a/"), expiryRule("new", prefixFilter("b/")));

        assertThat(S3LifecycleConstraints.violations(rules)).singleElement().asString().contains("mixes");
    }

    @ParameterizedTest
    @MethodSource("tagAndSizeFilters")
    void flagsTheAbortActionOnTagOrSizeFilters(LifecycleRuleFilter filter, String expected) {
        // Abort is not allowed with tag filters ("You can't specify this lifecycle action in a rule that specifies a
        // filter based on object tags") nor with object-size filters.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-actions
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-filters.html
        assertThat(S3LifecycleConstraints.violations(List.of(abortRule("r", filter, 7))))
                .isNotEmpty().allMatch(v -> v.contains(expected));
        // The same filters are fine with other actions.
        assertThat(S3LifecycleConstraints.violations(List.of(expiryRule("r", filter)))).isEmpty();
    }

    static List<Arguments> tagAndSizeFilters() {
        return List.of(
                Arguments.of(tagFilter("k", "v"), "tag filter"),
                Arguments.of(
                        and(LifecycleRuleAndOperator.builder().prefix("a/").tags(tag("k", "v")).build()), "tag filter"),
                Arguments.of(sizeGreaterThan(100), "object-size filter"),
                Arguments.of(sizeLessThan(100), "object-size filter"),
                Arguments.of(
                        and(LifecycleRuleAndOperator.builder().prefix("a/").objectSizeGreaterThan(100L).build()), "object-size filter"),
                Arguments.of(
                        and(LifecycleRuleAndOperator.builder().prefix("a/").objectSizeLessThan(100L).build()), "object-size filter"));
    }

    @Test
    void flagsARuleWithoutAnyAction() {
        LifecycleRule nothing = LifecycleRule.builder().id("idle").status(ExpirationStatus.ENABLED).filter(prefixFilter("")).build();

        assertThat(S3LifecycleConstraints.violations(List.of(nothing))).singleElement().asString().contains("no action");
    }

    @Test
    void flagsDaysAfterInitiationBelowOne() {
        // DaysAfterInitiation is a positive integer: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
        LifecycleRule zero = abortRule("zero", prefixFilter(""), 0);
        LifecycleRule none = abortRule("none", prefixFilter("x/"), 1).toBuilder()
                .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().build()).build();

        assertThat(S3LifecycleConstraints.violations(List.of(zero, none))).hasSize(2).allMatch(v -> v.contains("DaysAfterInitiation"));
    }

    @Test
    void flagsOverlappingLegacyPrefixesThatBothAbort() {
        // "Found overlapping prefixes ... for same action type"
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
        assertThat(S3LifecycleConstraints.violations(List.of(legacyAbortRule("all", "", 7), legacyAbortRule("logs", "logs/", 3))))
                .singleElement().asString().contains("overlapping legacy prefixes");
        assertThat(S3LifecycleConstraints.violations(List.of(legacyAbortRule("a", "logs/", 7), legacyAbortRule("b", "logs/", 3))))
                .singleElement().asString().contains("overlapping legacy prefixes");
        // Overlap for different action types is allowed.
        assertThat(S3LifecycleConstraints.violations(List.of(legacyAbortRule("all", "", 7), legacyExpiryRule("logs", "logs/")))).isEmpty();
    }
}
