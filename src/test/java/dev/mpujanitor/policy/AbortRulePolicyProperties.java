package dev.mpujanitor.policy;

import static dev.mpujanitor.policy.LifecycleRules.legacy;
import static dev.mpujanitor.policy.LifecycleRules.legacyPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Properties of {@link AbortRulePolicy} over random configurations that S3 would accept (checked against
 * {@link S3LifecycleConstraints} before every property). A configuration is either all legacy rule-level Prefix
 * or all Filter, as S3 requires.
 */
@StatisticsReport(onFailureOnly = true)
class AbortRulePolicyProperties {

    private static final String OWN = AbortRulePolicy.RULE_ID;
    private static final int TRIES = 1_000;
    private static final long FIVE_TB = 5L << 40;

    /** One generated case: the configuration S3 returned and the policy's ABORT_AFTER_DAYS. */
    record Case(BucketLifecycle current, int policyDays) {

        AbortRulePolicy policy() {
            return new AbortRulePolicy(policyDays);
        }

        List<LifecycleRule> rules() {
            return current.rules();
        }

        int ownIndex() {
            for (int i = 0; i < rules().size(); i++) {
                if (OWN.equals(rules().get(i).id())) {
                    return i;
                }
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = TRIES)
    void assessIsTotalAndItsDecisionIsWellFormed(@ForAll("cases") Case c) {
        assertValidInput(c);

        Decision decision = c.policy().assess(c.current());

        assertThat(decision).isNotNull();
        switch (decision) {
            case Decision.Compliant compliant -> assertThat(c.rules()).extracting(LifecycleRule::id).contains(compliant.coveringRuleId());
            case Decision.Write write -> {
                assertThat(write.proposed()).isNotNull();
                assertThat(write.reason()).isNotNull();
                assertThat(write.proposed().rules()).containsOnlyOnce(write.ourRule());
            }
            case Decision.Unfixable unfixable -> assertThat(unfixable.reason()).isNotNull().isNotEqualTo(UnfixableReason.MFA_DELETE);
        }

        String label = switch (decision) {
            case Decision.Compliant ignored -> "Compliant";
            case Decision.Write write -> "Write " + write.reason();
            case Decision.Unfixable unfixable -> "Unfixable " + unfixable.reason();
        };
        Statistics.label("decision").collect(label);
        Statistics.label("decision").coverage(coverage -> {
            coverage.check("Compliant").count(n -> n > 0);
            for (WriteReason reason : WriteReason.values()) {
                coverage.check("Write " + reason).count(n -> n > 0);
            }
            coverage.check("Unfixable " + UnfixableReason.RULE_LIMIT).count(n -> n > 0);
            coverage.check("Unfixable " + UnfixableReason.OWN_RULE_DISABLED).count(n -> n > 0);
            coverage.check("Unfixable " + UnfixableReason.LEGACY_OVERLAPPING_ABORT).count(n -> n > 0);
        });
        Statistics.label("form").collect(isLegacy(c.rules()) ? "legacy" : "filter");
    }

    @Property(tries = TRIES)
    void aWriteKeepsEveryOtherRuleAsTheSameObjectInTheSameOrder(@ForAll("cases") Case c) {
        assertValidInput(c);
        if (!(c.policy().assess(c.current()) instanceof Decision.Write write)) {
            return;
        }
        List<LifecycleRule> original = c.rules();
        List<LifecycleRule> proposed = write.proposed().rules();
        int own = c.ownIndex();

        if (write.reason() == WriteReason.OWN_RULE_DRIFTED) {
            assertThat(own).as("drift needs our rule in the input").isNotNegative();
            assertThat(proposed).hasSameSizeAs(original);
            for (int i = 0; i < original.size(); i++) {
                if (i == own) {
                    assertThat(proposed.get(i)).isSameAs(write.ourRule());
                } else {
                    assertThat(proposed.get(i)).as("rule %d", i).isSameAs(original.get(i));
                }
            }
        } else {
            assertThat(own).as("an append only happens without our rule").isNegative();
            assertThat(proposed).hasSize(original.size() + 1);
            for (int i = 0; i < original.size(); i++) {
                assertThat(proposed.get(i)).as("rule %d", i).isSameAs(original.get(i));
            }
            assertThat(proposed.getLast()).isSameAs(write.ourRule());
        }
    }

    @Property(tries = TRIES)
    void aWriteProposesAConfigurationS3Accepts(@ForAll("cases") Case c) {
        assertValidInput(c);
        if (c.policy().assess(c.current()) instanceof Decision.Write write) {
            assertThat(S3LifecycleConstraints.violations(write.proposed())).isEmpty();
            // Our rule uses the same form as the rules it joins.
            List<LifecycleRule> others = c.rules().stream().filter(r -> !OWN.equals(r.id())).toList();
            assertThat(legacyPrefix(write.ourRule()) != null).isEqualTo(isLegacy(others));
        }
    }

    /**
     * A directory bucket holds only what it takes: whatever such a configuration, a write adds nothing it refuses
     * (each generated configuration is cut down to what a directory bucket takes: expirations by days and aborts,
     * prefix and size filters, no rule-level Prefix).
     */
    @Property(tries = TRIES)
    void aWriteToADirectoryBucketCarriesNothingADirectoryBucketRefuses(@ForAll("cases") Case c) {
        BucketLifecycle directory = directoryBucketForm(c.current());
        assertThat(S3LifecycleConstraints.directoryBucketViolations(directory)).as("the input").isEmpty();
        if (c.policy().assess(directory) instanceof Decision.Write write) {
            assertThat(S3LifecycleConstraints.directoryBucketViolations(write.proposed())).isEmpty();
            assertThat(c.policy().assess(write.proposed())).isInstanceOf(Decision.Compliant.class);
        }
    }

    /** The rules a directory bucket would take of {@code configuration}, each cut down to that; a rule left with no action goes. */
    private static BucketLifecycle directoryBucketForm(BucketLifecycle configuration) {
        List<LifecycleRule> rules = new ArrayList<>();
        for (LifecycleRule rule : configuration.rules()) {
            LifecycleRule.Builder cut = rule.toBuilder().transitions((List<Transition>) null).noncurrentVersionTransitions((List<NoncurrentVersionTransition>) null)
                    .noncurrentVersionExpiration((NoncurrentVersionExpiration) null);
            String legacy = legacyPrefix(rule);
            if (legacy != null) {
                legacy(cut, null).filter(LifecycleRuleFilter.builder().prefix(legacy).build());
            } else if (rule.filter() != null && (rule.filter().tag() != null || rule.filter().and() != null)) {
                cut.filter(LifecycleRuleFilter.builder().prefix(rule.filter().and() == null ? "" : rule.filter().and().prefix()).build());
            }
            if (rule.expiration() != null && rule.expiration().days() == null) {
                cut.expiration((LifecycleExpiration) null);
            }
            LifecycleRule kept = cut.build();
            if (kept.expiration() != null || kept.abortIncompleteMultipartUpload() != null) {
                rules.add(kept);
            }
        }
        return new BucketLifecycle(rules, Optional.empty());
    }

    @Property(tries = TRIES)
    void aSecondRunAfterTheWriteWritesNothing(@ForAll("cases") Case c) {
        assertValidInput(c);
        AbortRulePolicy policy = c.policy();
        if (policy.assess(c.current()) instanceof Decision.Write write) {
            assertThat(policy.assess(write.proposed())).isInstanceOf(Decision.Compliant.class);
        }
    }

    @Property(tries = TRIES)
    void compliantExactlyWhenAnEnabledWholeBucketRuleAbortsInTime(@ForAll("cases") Case c) {
        assertValidInput(c);
        Decision decision = c.policy().assess(c.current());

        List<String> coveringIds = c.rules().stream().filter(r -> abortsWholeBucketWithin(r, c.policyDays())).map(LifecycleRule::id).toList();
        if (decision instanceof Decision.Compliant compliant) {
            assertThat(coveringIds).contains(compliant.coveringRuleId());
        } else {
            assertThat(coveringIds).isEmpty();
        }
    }

    @Property(tries = TRIES)
    void aWriteGivesTheReasonTheConfigurationShows(@ForAll("cases") Case c) {
        assertValidInput(c);
        if (!(c.policy().assess(c.current()) instanceof Decision.Write write)) {
            return;
        }
        WriteReason expected;
        if (c.ownIndex() >= 0) {
            expected = WriteReason.OWN_RULE_DRIFTED;
        } else if (c.rules().isEmpty()) {
            expected = WriteReason.NO_CONFIGURATION;
        } else if (c.rules().stream().anyMatch(AbortRulePolicyProperties::abortsWholeBucket)) {
            expected = WriteReason.ABORT_TOO_LATE;
        } else if (c.rules().stream().anyMatch(r -> r.status() == ExpirationStatus.DISABLED && isWholeBucket(r)
                && r.abortIncompleteMultipartUpload() != null)) {
            expected = WriteReason.ABORT_RULE_DISABLED;
        } else {
            expected = WriteReason.NO_WHOLE_BUCKET_ABORT;
        }
        assertThat(write.reason()).isEqualTo(expected);
    }

    @Property(tries = TRIES)
    void aWriteCarriesTheTransitionDefaultMinimumObjectSize(@ForAll("cases") Case c) {
        assertValidInput(c);
        if (c.policy().assess(c.current()) instanceof Decision.Write write) {
            assertThat(write.proposed().transitionDefaultMinimumObjectSize()).isEqualTo(c.current().transitionDefaultMinimumObjectSize());
        }
        Statistics.label("transitionDefaultMinimumObjectSize").collect(c.current().transitionDefaultMinimumObjectSize().orElse("absent"));
    }

    @Property(tries = TRIES)
    void neverWritesWhenOurRuleIsDisabledAndNothingElseCoversTheBucket(@ForAll("cases") Case c) {
        assertValidInput(c);
        int own = c.ownIndex();
        boolean ownDisabled = own >= 0 && c.rules().get(own).status() == ExpirationStatus.DISABLED;
        boolean othersCover = c.rules().stream().anyMatch(r -> abortsWholeBucketWithin(r, c.policyDays()));
        Statistics.label("our rule").collect(own < 0 ? "absent" : ownDisabled ? "disabled" : "enabled");

        Decision decision = c.policy().assess(c.current());

        if (ownDisabled && !othersCover) {
            assertThat(decision).isEqualTo(new Decision.Unfixable(UnfixableReason.OWN_RULE_DISABLED));
        } else {
            assertThat(decision).isNotEqualTo(new Decision.Unfixable(UnfixableReason.OWN_RULE_DISABLED));
        }
    }

    @Property(tries = TRIES)
    void refusesOnlyForADocumentedReason(@ForAll("cases") Case c) {
        assertValidInput(c);
        if (!(c.policy().assess(c.current()) instanceof Decision.Unfixable unfixable)) {
            return;
        }
        List<LifecycleRule> others = c.rules().stream().filter(r -> !OWN.equals(r.id())).toList();
        switch (unfixable.reason()) {
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
            case RULE_LIMIT -> {
                assertThat(c.rules()).hasSizeGreaterThanOrEqualTo(AbortRulePolicy.MAX_RULES);
                assertThat(c.ownIndex()).isNegative();
            }
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
            case LEGACY_OVERLAPPING_ABORT -> {
                assertThat(isLegacy(others)).isTrue();
                assertThat(others).anyMatch(r -> r.abortIncompleteMultipartUpload() != null);
            }
            case OWN_RULE_DISABLED -> assertThat(c.rules().get(c.ownIndex()).status()).isEqualTo(ExpirationStatus.DISABLED);
            case MFA_DELETE, UNRECOGNISED_CONFIGURATION -> throw new AssertionError("the gate finds " + unfixable.reason() + ", not assess");
        }
    }

    // ---------------------------------------------------------------- oracle, written apart from the policy

    private static void assertValidInput(Case c) {
        assertThat(S3LifecycleConstraints.violations(c.current())).as("generated input must be valid").isEmpty();
    }

    private static boolean isLegacy(List<LifecycleRule> rules) {
        return rules.stream().anyMatch(r -> legacyPrefix(r) != null);
    }

    private static boolean abortsWholeBucketWithin(LifecycleRule rule, int days) {
        return abortsWholeBucket(rule) && rule.abortIncompleteMultipartUpload().daysAfterInitiation() <= days;
    }

    private static boolean abortsWholeBucket(LifecycleRule rule) {
        return rule.status() == ExpirationStatus.ENABLED && rule.abortIncompleteMultipartUpload() != null && isWholeBucket(rule);
    }

    private static boolean isWholeBucket(LifecycleRule rule) {
        String legacy = legacyPrefix(rule);
        if (legacy != null) {
            return legacy.isEmpty();
        }
        LifecycleRuleFilter f = rule.filter();
        return f == null || f.equals(LifecycleRuleFilter.builder().build()) || f.equals(LifecycleRuleFilter.builder().prefix("").build());
    }

    // ---------------------------------------------------------------- generators
    //
    // Rules are generated once, in a form-neutral shape (RuleSpec), and only built into SDK rules when the case is
    // assembled: this avoids flatMap, which would rebuild every generator for every try and cost most of the run time.

    /** What goes into a rule's scope: a Filter (filter form) or a rule-level Prefix (legacy form). */
    private record Scope(LifecycleRuleFilter filter, String legacyPrefix) {

        boolean hasTags() {
            return filter != null && (filter.tag() != null || filter.and() != null && !filter.and().tags().isEmpty());
        }

        boolean hasSizes() {
            return filter != null && (filter.objectSizeGreaterThan() != null || filter.objectSizeLessThan() != null
                    || filter.and() != null && (filter.and().objectSizeGreaterThan() != null || filter.and().objectSizeLessThan() != null));
        }

        LifecycleRule.Builder applyTo(LifecycleRule.Builder rule) {
            return legacyPrefix != null ? legacy(rule, legacyPrefix) : rule.filter(filter);
        }
    }

    private record Actions(LifecycleExpiration expiration, List<Transition> transitions,
            List<NoncurrentVersionTransition> noncurrentTransitions, NoncurrentVersionExpiration noncurrentExpiration) {
    }

    /**
     * Another rule, before the configuration's form is known: it has both a legacy prefix and a filter, and the
     * abort action is kept when {@code abortRoll} falls under the configuration's abort chance.
     */
    private record RuleSpec(String idStem, ExpirationStatus status, String legacyPrefix, LifecycleRuleFilter filter,
            Actions actions, int abortDays, int abortRoll) {
    }

    /** Our own rule as an operator might have left it: Enabled or Disabled, any days, sometimes narrowed. */
    private record OwnSpec(ExpirationStatus status, int days, boolean noFilter, String prefix) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<RuleSpec> rule = Combinators.combine(idStems(), statuses(), prefixes(), filters(), actions(),
                Arbitraries.integers().between(1, 60), Arbitraries.integers().between(0, 99)).as(RuleSpec::new);
        Arbitrary<List<RuleSpec>> rules = Arbitraries.frequencyOf(
                Tuple.of(12, rule.list().ofMaxSize(40)),
                Tuple.of(1, Arbitraries.just(List.of())), // no configuration at all (unless our rule is added)
                // Near the 1,000-rule limit a random palette is repeated (each copy gets its own ID later).
                Tuple.of(2, Combinators.combine(rule.list().ofMinSize(1).ofMaxSize(30), Arbitraries.frequency(Tuple.of(1, 998), Tuple.of(1, 999), Tuple.of(3, 1_000)))
                        .as(AbortRulePolicyProperties::cycle)));
        Arbitrary<OwnSpec> own = Combinators.combine(statuses(), Arbitraries.integers().between(1, 60),
                Arbitraries.of(true, false), Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")), Tuple.of(1, prefixes())))
                .as(OwnSpec::new);
        Arbitrary<TransitionDefaultMinimumObjectSize> minimumSizes = Arbitraries.of(
                TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
                TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS).injectNull(0.34);
        // How often (in percent) other rules carry an abort action: never, rarely (so that large configurations
        // can lack one), often.
        Arbitrary<Integer> abortChances = Arbitraries.of(0, 2, 50);

        return Combinators.combine(
                Arbitraries.of(true, false),
                abortChances,
                rules,
                own.optional(0.4),
                Arbitraries.integers().between(0, 1_000),
                minimumSizes,
                Arbitraries.integers().between(1, 30)).as(AbortRulePolicyProperties::assemble);
    }

    private static Case assemble(boolean legacyForm, int abortChance, List<RuleSpec> specs, Optional<OwnSpec> own,
            int position, TransitionDefaultMinimumObjectSize minimumSize, int policyDays) {
        int others = own.isPresent() ? Math.min(specs.size(), AbortRulePolicy.MAX_RULES - 1) : specs.size();
        List<LifecycleRule> rules = new ArrayList<>(others + 1);
        for (int i = 0; i < others; i++) {
            rules.add(build(specs.get(i), i, legacyForm, abortChance));
        }
        own.ifPresent(spec -> rules.add(position % (others + 1), build(spec, legacyForm)));
        return new Case(BucketLifecycle.of(withoutOverlappingLegacyAborts(rules), minimumSize == null ? null : minimumSize.toString()), policyDays);
    }

    private static LifecycleRule build(RuleSpec spec, int index, boolean legacyForm, int abortChance) {
        Scope scope = legacyForm ? new Scope(null, spec.legacyPrefix()) : new Scope(spec.filter(), null);
        LifecycleRule.Builder rule = scope.applyTo(LifecycleRule.builder().id(uniqueId(spec.idStem(), index)).status(spec.status()));
        Actions actions = spec.actions();
        LifecycleExpiration expiration = actions.expiration();
        // ExpiredObjectDeleteMarker cannot be used with a tag filter.
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html#intro-lifecycle-rules-actions
        if (expiration != null && expiration.expiredObjectDeleteMarker() != null && scope.hasTags()) {
            expiration = LifecycleExpiration.builder().days(30).build();
        }
        rule.expiration(expiration).transitions(actions.transitions()).noncurrentVersionTransitions(actions.noncurrentTransitions())
                .noncurrentVersionExpiration(actions.noncurrentExpiration());
        // Abort only where S3 allows it: never with tag or object-size filters.
        boolean abort = spec.abortRoll() < abortChance && !scope.hasTags() && !scope.hasSizes();
        if (abort) {
            rule.abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().daysAfterInitiation(spec.abortDays()).build());
        }
        if (expiration == null && actions.transitions().isEmpty() && actions.noncurrentTransitions().isEmpty()
                && actions.noncurrentExpiration() == null && !abort) {
            rule.expiration(LifecycleExpiration.builder().days(365).build());
        }
        return rule.build();
    }

    private static LifecycleRule build(OwnSpec spec, boolean legacyForm) {
        Scope scope;
        if (legacyForm) {
            scope = new Scope(null, spec.prefix());
        } else {
            scope = new Scope(spec.noFilter() ? null : LifecycleRuleFilter.builder().prefix(spec.prefix()).build(), null);
        }
        return scope.applyTo(LifecycleRule.builder().id(OWN).status(spec.status())
                .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().daysAfterInitiation(spec.days()).build())).build();
    }

    private static <T> List<T> cycle(List<T> palette, int size) {
        List<T> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(palette.get(i % palette.size()));
        }
        return all;
    }

    private static String uniqueId(String stem, int index) {
        String suffix = "-" + index;
        return stem.equals("<255>") ? "x".repeat(255 - suffix.length()) + suffix : stem + suffix;
    }

    /**
     * Legacy rules whose prefixes overlap may not both abort, so the later one loses its abort action (and gets an
     * expiration if that left it with none). https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
     */
    private static List<LifecycleRule> withoutOverlappingLegacyAborts(List<LifecycleRule> rules) {
        List<String> abortPrefixes = new ArrayList<>();
        List<LifecycleRule> repaired = new ArrayList<>(rules.size());
        for (LifecycleRule rule : rules) {
            String prefix = legacyPrefix(rule);
            if (prefix != null && rule.abortIncompleteMultipartUpload() != null) {
                if (abortPrefixes.stream().anyMatch(p -> p.startsWith(prefix) || prefix.startsWith(p))) {
                    LifecycleRule.Builder stripped = rule.toBuilder().abortIncompleteMultipartUpload((AbortIncompleteMultipartUpload) null);
                    if (rule.expiration() == null && rule.transitions().isEmpty() && rule.noncurrentVersionTransitions().isEmpty()
                            && rule.noncurrentVersionExpiration() == null) {
                        stripped.expiration(LifecycleExpiration.builder().days(365).build());
                    }
                    rule = stripped.build();
                } else {
                    abortPrefixes.add(prefix);
                }
            }
            repaired.add(rule);
        }
        return repaired;
    }

    private static Arbitrary<Actions> actions() {
        return Combinators.combine(expirations().injectNull(0.5), transitions(), noncurrentTransitions(),
                noncurrentExpirations().injectNull(0.6)).as(Actions::new);
    }

    private static Arbitrary<String> idStems() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.").ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, Arbitraries.just(OWN)), // "mpu-janitor-abort-incomplete-uploads-3": close to ours, not ours
                Tuple.of(1, Arbitraries.just(OWN.toUpperCase())),
                Tuple.of(1, Arbitraries.just("<255>")));
    }

    private static Arbitrary<ExpirationStatus> statuses() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(ExpirationStatus.ENABLED)), Tuple.of(1, Arbitraries.just(ExpirationStatus.DISABLED)));
    }

    /** A small alphabet, so that prefixes often overlap; "" is the whole bucket. */
    private static Arbitrary<String> prefixes() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(4, Arbitraries.strings().withChars("ab/").ofMinLength(1).ofMaxLength(4)));
    }

    private static Arbitrary<Tag> tags() {
        return Combinators.combine(Arbitraries.of("env", "team", "temp", "k"), Arbitraries.strings().alpha().ofMaxLength(5))
                .as((key, value) -> Tag.builder().key(key).value(value).build());
    }

    private static Arbitrary<Long> objectSizes() {
        return Arbitraries.longs().between(0, FIVE_TB - 1);
    }

    private static Arbitrary<LifecycleRuleFilter> filters() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(null)), // no Filter element
                Tuple.of(2, Arbitraries.just(LifecycleRuleFilter.builder().build())),
                Tuple.of(5, prefixes().map(p -> LifecycleRuleFilter.builder().prefix(p).build())),
                Tuple.of(2, tags().map(t -> LifecycleRuleFilter.builder().tag(t).build())),
                Tuple.of(1, objectSizes().map(n -> LifecycleRuleFilter.builder().objectSizeGreaterThan(n).build())),
                Tuple.of(1, objectSizes().map(n -> LifecycleRuleFilter.builder().objectSizeLessThan(n + 1).build())),
                Tuple.of(3, andOperators().map(a -> LifecycleRuleFilter.builder().and(a).build())));
    }

    /** An And of two or more predicates; tag keys are unique, and a size range is not empty. */
    private static Arbitrary<LifecycleRuleAndOperator> andOperators() {
        return Combinators.combine(
                prefixes().injectNull(0.4),
                tags().list().ofMaxSize(3).uniqueElements(Tag::key),
                objectSizes().injectNull(0.5),
                Arbitraries.longs().between(1, FIVE_TB / 2).injectNull(0.5))
                .as((prefix, tags, greaterThan, width) -> {
                    LifecycleRuleAndOperator.Builder and = LifecycleRuleAndOperator.builder().prefix(prefix).tags(tags).objectSizeGreaterThan(greaterThan);
                    if (width != null) {
                        and.objectSizeLessThan(greaterThan == null ? width : greaterThan + width);
                    }
                    return and.build();
                })
                .filter(a -> (a.prefix() != null ? 1 : 0) + a.tags().size() + (a.objectSizeGreaterThan() != null ? 1 : 0)
                        + (a.objectSizeLessThan() != null ? 1 : 0) >= 2);
    }

    private static Arbitrary<LifecycleExpiration> expirations() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 3650).map(d -> LifecycleExpiration.builder().days(d).build()),
                Arbitraries.integers().between(0, 5000).map(d -> LifecycleExpiration.builder()
                        .date(LocalDate.of(2020, 1, 1).plusDays(d).atStartOfDay().toInstant(ZoneOffset.UTC)).build()),
                Arbitraries.just(LifecycleExpiration.builder().expiredObjectDeleteMarker(true).build()));
    }

    private static final List<TransitionStorageClass> STORAGE_CLASSES = List.of(
            TransitionStorageClass.STANDARD_IA, TransitionStorageClass.ONEZONE_IA, TransitionStorageClass.INTELLIGENT_TIERING,
            TransitionStorageClass.GLACIER_IR, TransitionStorageClass.GLACIER, TransitionStorageClass.DEEP_ARCHIVE);

    private static Arbitrary<List<Transition>> transitions() {
        return Combinators.combine(Arbitraries.of(STORAGE_CLASSES), Arbitraries.integers().between(30, 3650))
                .as((storageClass, days) -> Transition.builder().storageClass(storageClass).days(days).build())
                .list().ofMaxSize(2).uniqueElements(Transition::storageClass);
    }

    private static Arbitrary<List<NoncurrentVersionTransition>> noncurrentTransitions() {
        return Combinators.combine(Arbitraries.of(STORAGE_CLASSES), Arbitraries.integers().between(30, 365),
                        Arbitraries.integers().between(1, 100).injectNull(0.7))
                .as((storageClass, days, newer) -> NoncurrentVersionTransition.builder().storageClass(storageClass)
                        .noncurrentDays(days).newerNoncurrentVersions(newer).build())
                .list().ofMaxSize(2).uniqueElements(NoncurrentVersionTransition::storageClass);
    }

    private static Arbitrary<NoncurrentVersionExpiration> noncurrentExpirations() {
        return Combinators.combine(Arbitraries.integers().between(1, 365), Arbitraries.integers().between(1, 100).injectNull(0.7))
                .as((days, newer) -> NoncurrentVersionExpiration.builder().noncurrentDays(days).newerNoncurrentVersions(newer).build());
    }
}
