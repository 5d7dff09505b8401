package dev.mpujanitor.policy;

import static dev.mpujanitor.policy.LifecycleRules.abortRule;
import static dev.mpujanitor.policy.LifecycleRules.and;
import static dev.mpujanitor.policy.LifecycleRules.disabled;
import static dev.mpujanitor.policy.LifecycleRules.emptyFilter;
import static dev.mpujanitor.policy.LifecycleRules.expiryRule;
import static dev.mpujanitor.policy.LifecycleRules.expiryRules;
import static dev.mpujanitor.policy.LifecycleRules.legacy;
import static dev.mpujanitor.policy.LifecycleRules.legacyAbortRule;
import static dev.mpujanitor.policy.LifecycleRules.legacyExpiryRule;
import static dev.mpujanitor.policy.LifecycleRules.legacyPrefix;
import static dev.mpujanitor.policy.LifecycleRules.prefixFilter;
import static dev.mpujanitor.policy.LifecycleRules.sizeGreaterThan;
import static dev.mpujanitor.policy.LifecycleRules.sizeLessThan;
import static dev.mpujanitor.policy.LifecycleRules.tag;
import static dev.mpujanitor.policy.LifecycleRules.tagFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

class AbortRulePolicyTest {

    private static final int DAYS = 7;
    private static final AbortRulePolicy POLICY = new AbortRulePolicy(DAYS);
    private static final String OWN = AbortRulePolicy.RULE_ID;

    private static BucketLifecycle config(LifecycleRule... rules) {
        return BucketLifecycle.of(List.of(rules), null);
    }

    private static BucketLifecycle config(List<LifecycleRule> rules) {
        return BucketLifecycle.of(rules, null);
    }

    private static Decision.Write asWrite(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Write.class);
        return (Decision.Write) decision;
    }

    /** Every original rule is the identical object at the same index, and our rule was appended last. */
    private static void assertAppended(BucketLifecycle original, Decision.Write write) {
        List<LifecycleRule> proposed = write.proposed().rules();
        assertThat(proposed).hasSize(original.rules().size() + 1);
        for (int i = 0; i < original.rules().size(); i++) {
            assertThat(proposed.get(i)).as("rule %d", i).isSameAs(original.rules().get(i));
        }
        assertThat(proposed.getLast()).isSameAs(write.ourRule());
    }

    private static void assertOurRule(LifecycleRule rule, int days) {
        assertThat(rule.id()).isEqualTo(OWN);
        assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(days);
        assertThat(AbortRulePolicy.coversWholeBucket(rule)).isTrue();
    }

    /** A varied set of filter-form rules none of which aborts uploads across the whole bucket. */
    private static List<LifecycleRule> variedFilterRules() {
        return List.of(
                LifecycleRule.builder().id("archive").status(ExpirationStatus.ENABLED).filter(prefixFilter("archive/"))
                        .transitions(Transition.builder().days(30).storageClass(TransitionStorageClass.GLACIER).build())
                        .build(),
                expiryRule("tagged", tagFilter("temp", "yes")),
                LifecycleRule.builder().id("versions").status(ExpirationStatus.DISABLED).filter(emptyFilter())
                        .noncurrentVersionExpiration(NoncurrentVersionExpiration.builder().noncurrentDays(30).build())
                        .noncurrentVersionTransitions(NoncurrentVersionTransition.builder().noncurrentDays(10)
                                .storageClass(TransitionStorageClass.STANDARD_IA).build())
                        .build(),
                abortRule("uploads", prefixFilter("uploads/"), 1));
    }

    @Nested
    class NoConfiguration {

        @Test
        void writesOnlyOurRuleWhenTheBucketHasNoConfiguration() {
            Decision.Write write = asWrite(POLICY.assess(BucketLifecycle.none()));

            assertThat(write.reason()).isEqualTo(WriteReason.NO_CONFIGURATION);
            assertThat(write.proposed().rules()).containsExactly(write.ourRule());
            assertThat(write.proposed().transitionDefaultMinimumObjectSize()).isEmpty();
            assertOurRule(write.ourRule(), DAYS);
            // A fresh configuration uses the current Filter form, never the deprecated rule-level Prefix.
            assertThat(write.ourRule().filter()).isEqualTo(prefixFilter(""));
            assertThat(legacyPrefix(write.ourRule())).isNull();
        }
    }

    @Nested
    class Compliance {

        static Stream<Arguments> wholeBucketForms() {
            return Stream.of(
                    Arguments.of("no Filter", abortRule("whole", null, DAYS)),
                    Arguments.of("empty Filter", abortRule("whole", emptyFilter(), DAYS)),
                    Arguments.of("Filter with Prefix \"\"", abortRule("whole", prefixFilter(""), DAYS)),
                    Arguments.of("legacy rule-level Prefix \"\"", legacyAbortRule("whole", "", DAYS)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("wholeBucketForms")
        void isCompliantWhenAnEnabledWholeBucketRuleAbortsOnTheDayOfThePolicy(String form, LifecycleRule rule) {
            assertThat(POLICY.assess(config(expiryRuleInFormOf(rule, "other"), rule))).isEqualTo(new Decision.Compliant("whole"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("wholeBucketForms")
        void isCompliantWhenAnEnabledWholeBucketRuleAbortsSoonerThanThePolicy(String form, LifecycleRule rule) {
            assertThat(new AbortRulePolicy(DAYS + 23).assess(config(rule))).isEqualTo(new Decision.Compliant("whole"));
        }

        @Test
        void isCompliantEvenWhenTheConfigurationIsFull() {
            List<LifecycleRule> rules = new ArrayList<>(expiryRules(999));
            rules.add(abortRule("whole", prefixFilter(""), 1));

            assertThat(POLICY.assess(config(rules))).isEqualTo(new Decision.Compliant("whole"));
        }

        @Test
        void aCompliantOtherRuleWinsOverOurDisabledRule() {
            LifecycleRule oursDisabled = disabled(POLICY.ourRule(false));

            assertThat(POLICY.assess(config(oursDisabled, abortRule("theirs", prefixFilter(""), 3))))
                    .isEqualTo(new Decision.Compliant("theirs"));
        }

        @Test
        void isCompliantWhenOurOwnRuleIsEnabledAndInTime() {
            assertThat(POLICY.assess(config(expiryRule("a", prefixFilter("a/")), POLICY.ourRule(false))))
                    .isEqualTo(new Decision.Compliant(OWN));
        }

        private static LifecycleRule expiryRuleInFormOf(LifecycleRule rule, String id) {
            return legacyPrefix(rule) != null ? legacyExpiryRule(id, "logs/") : expiryRule(id, prefixFilter("logs/"));
        }
    }

    @Nested
    class NotCompliant {

        static Stream<Arguments> abortRulesThatDoNotCoverTheBucket() {
            return Stream.of(
                    Arguments.of("Disabled", disabled(abortRule("r", prefixFilter(""), 1)), WriteReason.ABORT_RULE_DISABLED),
                    Arguments.of("Disabled, no Filter", disabled(abortRule("r", null, 1)), WriteReason.ABORT_RULE_DISABLED),
                    Arguments.of("prefix-scoped", abortRule("r", prefixFilter("uploads/"), 1), WriteReason.NO_WHOLE_BUCKET_ABORT),
                    // S3 rejects abort with tag or size filters (intro-lifecycle-rules.html#intro-lifecycle-rules-actions),
                    // but the policy must still never count such a rule as covering the bucket.
                    Arguments.of("tag-scoped", abortRule("r", tagFilter("k", "v"), 1), WriteReason.NO_WHOLE_BUCKET_ABORT),
                    Arguments.of("size-scoped (greater than)", abortRule("r", sizeGreaterThan(0), 1), WriteReason.NO_WHOLE_BUCKET_ABORT),
                    Arguments.of("size-scoped (less than)", abortRule("r", sizeLessThan(5L << 40), 1), WriteReason.NO_WHOLE_BUCKET_ABORT),
                    Arguments.of("And-scoped", abortRule("r", and(LifecycleRuleAndOperator.builder().prefix("")
                            .objectSizeGreaterThan(0L).build()), 1), WriteReason.NO_WHOLE_BUCKET_ABORT),
                    Arguments.of("And-scoped with tags", abortRule("r", and(LifecycleRuleAndOperator.builder()
                            .tags(tag("a", "1"), tag("b", "2")).build()), 1), WriteReason.NO_WHOLE_BUCKET_ABORT));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("abortRulesThatDoNotCoverTheBucket")
        void appendsOurRuleWhenNoEnabledAbortRuleCoversTheWholeBucket(String why, LifecycleRule rule, WriteReason reason) {
            BucketLifecycle original = config(rule);

            Decision.Write write = asWrite(POLICY.assess(original));

            assertThat(write.reason()).isEqualTo(reason);
            assertAppended(original, write);
            assertOurRule(write.ourRule(), DAYS);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("filterFormWholeBucketRulesWaitingTooLong")
        void appendsOurRuleWithReasonAbortTooLateWhenTheWholeBucketRuleWaitsLongerThanThePolicy(String form, LifecycleRule rule) {
            BucketLifecycle original = config(rule);

            Decision.Write write = asWrite(POLICY.assess(original));

            assertThat(write.reason()).isEqualTo(WriteReason.ABORT_TOO_LATE);
            assertAppended(original, write);
        }

        static Stream<Arguments> filterFormWholeBucketRulesWaitingTooLong() {
            return Stream.of(
                    Arguments.of("no Filter", abortRule("late", null, DAYS + 1)),
                    Arguments.of("empty Filter", abortRule("late", emptyFilter(), DAYS + 1)),
                    Arguments.of("Filter with Prefix \"\"", abortRule("late", prefixFilter(""), 365)));
        }

        @Test
        void aDisabledWholeBucketAbortRuleHasAReasonOfItsOwn() {
            Decision.Write write = asWrite(POLICY.assess(config(disabled(abortRule("late", prefixFilter(""), 30)))));

            assertThat(write.reason()).isEqualTo(WriteReason.ABORT_RULE_DISABLED);
            assertThat(write.reason().label()).isEqualTo("abort-rule-disabled");
        }

        @Test
        void anEnabledWholeBucketAbortRuleThatWaitsTooLongWinsOverADisabledOne() {
            Decision.Write write = asWrite(POLICY.assess(config(disabled(abortRule("off", prefixFilter(""), 1)), abortRule("late", null, 30))));

            assertThat(write.reason()).isEqualTo(WriteReason.ABORT_TOO_LATE);
        }

        @Test
        void appendsOurRuleWithReasonNoWholeBucketAbortWhenNoRuleAbortsAtAll() {
            BucketLifecycle original = config(expiryRule("a", prefixFilter("")), expiryRule("b", null));

            Decision.Write write = asWrite(POLICY.assess(original));

            assertThat(write.reason()).isEqualTo(WriteReason.NO_WHOLE_BUCKET_ABORT);
            assertAppended(original, write);
        }
    }

    @Nested
    class Preservation {

        @Test
        void appendsOurRuleAfterExistingRulesUnchanged() {
            BucketLifecycle original = config(variedFilterRules());

            Decision.Write write = asWrite(POLICY.assess(original));

            assertAppended(original, write);
            assertThat(write.reason()).isEqualTo(WriteReason.NO_WHOLE_BUCKET_ABORT);
        }

        @Test
        void legacyConfigurationsGetOurRuleInTheLegacyForm() {
            // Mixing the rule-level Prefix with Filter is rejected; the API reference for LifecycleRule marks Prefix
            // deprecated, but S3 still returns and accepts it.
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-filter
            BucketLifecycle original = config(legacyExpiryRule("logs", "logs/"), legacyExpiryRule("all", ""));

            Decision.Write write = asWrite(POLICY.assess(original));

            assertAppended(original, write);
            assertThat(legacyPrefix(write.ourRule())).isEmpty();
            assertThat(write.ourRule().filter()).isNull();
            assertThat(write.ourRule()).isEqualTo(POLICY.ourRule(true));
            assertThat(S3LifecycleConstraints.violations(write.proposed())).isEmpty();
        }

        @Test
        void filterConfigurationsGetOurRuleInTheFilterForm() {
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-filter
            BucketLifecycle original = config(expiryRule("logs", prefixFilter("logs/")));

            Decision.Write write = asWrite(POLICY.assess(original));

            assertThat(write.ourRule().filter()).isEqualTo(prefixFilter(""));
            assertThat(legacyPrefix(write.ourRule())).isNull();
            assertThat(write.ourRule()).isEqualTo(POLICY.ourRule(false));
            assertThat(S3LifecycleConstraints.violations(write.proposed())).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @NullSource
        @EnumSource(value = TransitionDefaultMinimumObjectSize.class, names = {"ALL_STORAGE_CLASSES_128_K", "VARIES_BY_STORAGE_CLASS"})
        void carriesTheTransitionDefaultMinimumObjectSizeIntoTheProposedConfiguration(TransitionDefaultMinimumObjectSize size) {
            // The PUT replaces it too, so it must travel with every write:
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
            Decision.Write appended = asWrite(POLICY.assess(BucketLifecycle.of(List.of(expiryRule("a", null)), text(size))));
            Decision.Write replaced = asWrite(POLICY.assess(BucketLifecycle.of(List.of(withDays(POLICY.ourRule(false), 30)), text(size))));

            assertThat(appended.proposed().transitionDefaultMinimumObjectSize()).isEqualTo(Optional.ofNullable(text(size)));
            assertThat(replaced.proposed().transitionDefaultMinimumObjectSize()).isEqualTo(Optional.ofNullable(text(size)));
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void ourRuleNeverHasATagOrSizeFilterNorAnyOtherAction(boolean legacyForm) {
            // Abort is not allowed with tag or object-size filters.
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-actions
            LifecycleRule ours = POLICY.ourRule(legacyForm);

            if (ours.filter() != null) {
                assertThat(ours.filter().tag()).isNull();
                assertThat(ours.filter().and()).isNull();
                assertThat(ours.filter().objectSizeGreaterThan()).isNull();
                assertThat(ours.filter().objectSizeLessThan()).isNull();
            }
            assertThat(ours.expiration()).isNull();
            assertThat(ours.transitions()).isEmpty();
            assertThat(ours.noncurrentVersionExpiration()).isNull();
            assertThat(ours.noncurrentVersionTransitions()).isEmpty();
            assertOurRule(ours, DAYS);
            assertThat(S3LifecycleConstraints.violations(List.of(ours))).isEmpty();
        }
    }

    @Nested
    class Unfixable {

        @Test
        void refusesALegacyConfigurationWhoseRulesAlreadyAbort() {
            // Legacy prefixes may not overlap for the same action type ("Found overlapping prefixes ... for same action
            // type"), and the whole-bucket prefix overlaps every prefix.
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
            BucketLifecycle scoped = config(legacyExpiryRule("logs", "logs/"), legacyAbortRule("tmp", "tmp/", 1));
            BucketLifecycle tooLate = config(legacyAbortRule("whole", "", DAYS + 1));

            assertThat(POLICY.assess(scoped)).isEqualTo(new Decision.Unfixable(UnfixableReason.LEGACY_OVERLAPPING_ABORT));
            assertThat(POLICY.assess(tooLate)).isEqualTo(new Decision.Unfixable(UnfixableReason.LEGACY_OVERLAPPING_ABORT));
        }

        @Test
        void writesAThousandRulesWhenThereAre999() {
            // "You can have up to 1,000 rules" https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
            BucketLifecycle original = config(expiryRules(999));

            Decision.Write write = asWrite(POLICY.assess(original));

            assertThat(write.proposed().rules()).hasSize(1_000);
            assertAppended(original, write);
            assertThat(S3LifecycleConstraints.violations(write.proposed())).isEmpty();
        }

        @Test
        void refusesAConfigurationThatAlreadyHasAThousandRules() {
            // "You can have up to 1,000 rules" https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
            assertThat(POLICY.assess(config(expiryRules(1_000)))).isEqualTo(new Decision.Unfixable(UnfixableReason.RULE_LIMIT));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, DAYS, DAYS + 1, 400})
        void leavesOurRuleAloneWhenSomeoneDisabledIt(int days) {
            LifecycleRule oursDisabled = disabled(withDays(POLICY.ourRule(false), days));

            Decision decision = POLICY.assess(config(expiryRule("a", prefixFilter("a/")), oursDisabled));

            assertThat(decision).isEqualTo(new Decision.Unfixable(UnfixableReason.OWN_RULE_DISABLED));
        }

        @Test
        void refusesToWriteBackAFilterWithMoreThanOnePredicateOutsideAnd() {
            // "A Filter must have exactly one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, or And
            // specified." https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleFilter.html
            // Some S3-compatible stores read And(Prefix, Tags) back in this shape; sending it back would change it.
            LifecycleRule ambiguous = LifecycleRule.builder().id("tagged-logs").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix("logs/").tag(t -> t.key("team").value("data")))
                    .expiration(e -> e.days(30)).build();

            assertThat(POLICY.assess(config(ambiguous))).isEqualTo(new Decision.Unfixable(UnfixableReason.AMBIGUOUS_FILTER));
        }

        @Test
        void anAmbiguousFilterDoesNotMatterWhenNothingIsWritten() {
            LifecycleRule ambiguous = LifecycleRule.builder().id("tagged-logs").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix("logs/").objectSizeGreaterThan(10L))
                    .expiration(e -> e.days(30)).build();

            assertThat(POLICY.assess(config(ambiguous, POLICY.ourRule(false)))).isInstanceOf(Decision.Compliant.class);
        }

    }

    @Nested
    class OwnRuleDrift {

        @Test
        void replacesOurEnabledRuleInPlaceWhenItWaitsTooLong() {
            List<LifecycleRule> rules = new ArrayList<>(variedFilterRules());
            rules.add(1, withDays(POLICY.ourRule(false), 30));
            BucketLifecycle original = config(rules);

            Decision.Write write = asWrite(POLICY.assess(original));

            assertReplacedInPlace(original, write, 1);
        }

        @Test
        void replacesOurEnabledRuleInPlaceWhenItNoLongerCoversTheWholeBucket() {
            LifecycleRule narrowed = POLICY.ourRule(false).toBuilder().filter(prefixFilter("only/")).build();
            BucketLifecycle original = config(narrowed, expiryRule("a", null));

            Decision.Write write = asWrite(POLICY.assess(original));

            assertReplacedInPlace(original, write, 0);
        }

        @Test
        void replacesOurEnabledRuleInPlaceEvenWhenThereAreAlreadyAThousandRules() {
            // The replacement does not add a rule, so the 1,000-rule limit is not reached:
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
            List<LifecycleRule> rules = new ArrayList<>(expiryRules(999));
            rules.add(500, withDays(POLICY.ourRule(false), 30));
            BucketLifecycle original = config(rules);

            Decision.Write write = asWrite(POLICY.assess(original));

            assertReplacedInPlace(original, write, 500);
            assertThat(S3LifecycleConstraints.violations(write.proposed())).isEmpty();
        }

        @Test
        void keepsTheLegacyFormWhenReplacingOurRuleInALegacyConfiguration() {
            BucketLifecycle original = config(legacyExpiryRule("logs", "logs/"), withDays(POLICY.ourRule(true), 30));

            Decision.Write write = asWrite(POLICY.assess(original));

            assertReplacedInPlace(original, write, 1);
            assertThat(legacyPrefix(write.ourRule())).isEmpty();
            assertThat(write.ourRule().filter()).isNull();
            assertThat(S3LifecycleConstraints.violations(write.proposed())).isEmpty();
        }

        private static void assertReplacedInPlace(BucketLifecycle original, Decision.Write write, int index) {
            assertThat(write.reason()).isEqualTo(WriteReason.OWN_RULE_DRIFTED);
            List<LifecycleRule> proposed = write.proposed().rules();
            assertThat(proposed).hasSameSizeAs(original.rules());
            for (int i = 0; i < proposed.size(); i++) {
                if (i == index) {
                    assertThat(proposed.get(i)).isSameAs(write.ourRule()).isNotEqualTo(original.rules().get(i));
                } else {
                    assertThat(proposed.get(i)).as("rule %d", i).isSameAs(original.rules().get(i));
                }
            }
            assertOurRule(write.ourRule(), DAYS);
        }
    }

    @Nested
    class Construction {

        @ParameterizedTest
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
        void rejectsFewerThanOneDay(int days) {
            // DaysAfterInitiation is a positive integer:
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
            assertThatIllegalArgumentException().isThrownBy(() -> new AbortRulePolicy(days)).withMessageContaining("at least 1");
        }

        @Test
        void acceptsOneDay() {
            assertThat(new AbortRulePolicy(1).ourRule(false).abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(1);
        }
    }

    @Nested
    class WholeBucketCoverage {

        static Stream<Arguments> rules() {
            LifecycleRule.Builder base = LifecycleRule.builder().id("r").status(ExpirationStatus.ENABLED)
                    .expiration(LifecycleExpiration.builder().days(1).build());
            return Stream.of(
                    Arguments.of("no Filter, no Prefix", base.build(), true),
                    Arguments.of("empty Filter", base.copy().filter(emptyFilter()).build(), true),
                    Arguments.of("Filter Prefix \"\"", base.copy().filter(prefixFilter("")).build(), true),
                    Arguments.of("legacy Prefix \"\"", legacy(base.copy(), "").build(), true),
                    Arguments.of("Disabled rule, empty Filter", disabled(base.copy().filter(emptyFilter()).build()), true),
                    Arguments.of("legacy Prefix \"a/\"", legacy(base.copy(), "a/").build(), false),
                    Arguments.of("Filter Prefix \"a/\"", base.copy().filter(prefixFilter("a/")).build(), false),
                    Arguments.of("Filter Prefix \"/\"", base.copy().filter(prefixFilter("/")).build(), false),
                    Arguments.of("Filter Tag", base.copy().filter(tagFilter("k", "v")).build(), false),
                    Arguments.of("Filter ObjectSizeGreaterThan 0", base.copy().filter(sizeGreaterThan(0)).build(), false),
                    Arguments.of("Filter ObjectSizeLessThan 5 TB", base.copy().filter(sizeLessThan(5L << 40)).build(), false),
                    Arguments.of("And(Prefix \"\", Tag)", base.copy().filter(and(LifecycleRuleAndOperator.builder().prefix("")
                            .tags(tag("k", "v")).build())).build(), false),
                    Arguments.of("And(sizes)", base.copy().filter(and(LifecycleRuleAndOperator.builder()
                            .objectSizeGreaterThan(1L).objectSizeLessThan(100L).build())).build(), false));
        }

        @ParameterizedTest(name = "{0} -> {2}")
        @MethodSource("rules")
        void coversWholeBucketOnlyForUnscopedRules(String description, LifecycleRule rule, boolean expected) {
            assertThat(AbortRulePolicy.coversWholeBucket(rule)).isEqualTo(expected);
        }
    }

    private static LifecycleRule withDays(LifecycleRule rule, int days) {
        return rule.toBuilder().abortIncompleteMultipartUpload(LifecycleRules.abort(days)).build();
    }

    private static String text(TransitionDefaultMinimumObjectSize size) {
        return size == null ? null : size.toString();
    }
}
