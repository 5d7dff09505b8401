package dev.mpujanitor.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.config.IacManagedBuckets;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.ports.RoundTrip;
import dev.mpujanitor.testing.InMemoryS3Account;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GateTest {

    private static final BucketRef BUCKET = BucketRef.of("data", "eu-west-1");
    private static final BucketAction.WriteLifecycle WRITE = new BucketAction.WriteLifecycle(LifecycleRead.none(), BucketLifecycle.none());
    private static final BucketAction.AbortUpload ABORT = new BucketAction.AbortUpload(
            new IncompleteUpload("exports/part.bin", "u1", Instant.parse("2026-01-01T00:00:00Z"), "STANDARD"));

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    /** ABORT_STALE_UPLOADS on, ABORT_AFTER_DAYS=7; {@link #ABORT}'s upload is older. */
    private static final StaleUploads STALE_AFTER_A_WEEK = new StaleUploads(Optional.of(Duration.ofDays(7)), Clock.fixed(NOW, ZoneOffset.UTC));

    private final InMemoryS3Account account = new InMemoryS3Account().bucket("data", "eu-west-1", BucketLifecycle.none());
    private final AtomicBoolean reported = new AtomicBoolean();

    private Gate gate(IacManagedBuckets iac, boolean dryRun) {
        return new Gate(new ExcludedNames(List.of("logs-*", "prod-critical", "cdn-??")), iac, STALE_AFTER_A_WEEK, dryRun, reported::get);
    }

    private Verdict<?> verdict(BucketAction action) {
        return on(gate(IacManagedBuckets.REPORT, false), action, new BucketFacts(account, BUCKET));
    }

    /** What the pipeline asks the gate before each kind of action. */
    private static Verdict<?> on(Gate gate, BucketAction action, BucketFacts facts) {
        return switch (action) {
            case BucketAction.WriteLifecycle write -> gate.onWrite(write.read(), write.proposed(), facts);
            case BucketAction.AbortUpload abort -> gate.onAbort(abort.upload(), facts);
        };
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {
        "logs-2024,logs-*", "logs-,logs-*", "prod-critical,prod-critical", "cdn-eu,cdn-??",
        "prod-critical-2,NONE", "cdn-eu1,NONE", "app-logs-2024,NONE", "logs,NONE", "logs.x,NONE"}, nullValues = "NONE")
    void namePatternsAreGlobsOverTheWholeNameAndRefuseBeforeAnyCall(String bucket, String pattern) {
        Optional<Verdict.Refused<Void>> refused = gate(IacManagedBuckets.REPORT, false).beforeAnyCall(BucketRef.of(bucket, null));

        assertThat(refused.map(Verdict.Refused::reason).orElse(null)).isEqualTo(pattern == null ? null : "name-pattern:" + pattern);
        refused.ifPresent(refusal -> assertThat(refusal.outcome()).isEqualTo(Outcome.EXCLUDED));
    }

    @Test
    void aDotInAPatternIsADotNotAnyCharacter() {
        ExcludedNames dotted = new ExcludedNames(List.of("a.b"));

        assertThat(dotted.patternMatching("a.b")).isPresent();
        assertThat(dotted.patternMatching("axb")).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"true,true", "TRUE,true", "' true ',true", "false,false", "yes,false", "'',false"})
    void theOptOutTagRefusesEveryKindOfWriteOnlyWhenTrue(String value, boolean excluded) {
        account.tagged("data", Gate.OPT_OUT_TAG, value);

        for (BucketAction action : List.of(WRITE, ABORT)) {
            Verdict<?> verdict = verdict(action);
            assertThat(verdict instanceof Verdict.Refused<?> refused && refused.outcome() == Outcome.EXCLUDED
                    && refused.reason().equals("opt-out-tag:mpu-janitor:exclude")).as("%s", action).isEqualTo(excluded);
        }
    }

    @Test
    void aStacksBucketGetsNoLifecycleWriteButItsStaleUploadsMayBeAborted() {
        account.tagged("data", Gate.CLOUDFORMATION_STACK_TAG, "data-platform");

        assertThat(verdict(WRITE)).isEqualTo(Verdict.Refused.because(Outcome.MANAGED_BY_IAC, "cloudformation-stack:data-platform"));
        assertThat(verdict(ABORT)).isInstanceOf(Verdict.Go.class);
    }

    @Test
    void aStacksBucketIsWrittenWhenTheOperatorChoseTo() {
        account.tagged("data", Gate.CLOUDFORMATION_STACK_TAG, "data-platform");

        assertThat(on(gate(IacManagedBuckets.REMEDIATE, false), WRITE, new BucketFacts(account, BUCKET))).isInstanceOf(Verdict.Go.class);
    }

    @Test
    void theOptOutTagWinsEvenWhenStackBucketsAreRemediated() {
        account.tagged("data", Gate.CLOUDFORMATION_STACK_TAG, "s").tagged("data", Gate.OPT_OUT_TAG, "true");

        assertThat(on(gate(IacManagedBuckets.REMEDIATE, false), WRITE, new BucketFacts(account, BUCKET)))
                .isEqualTo(Verdict.Refused.because(Outcome.EXCLUDED, "opt-out-tag:mpu-janitor:exclude"));
    }

    @Test
    void mfaDeleteRefusesTheLifecycleWriteOnlyAndAnAbortNeverReadsVersioning() {
        account.mfaDelete.put("data", true);

        assertThat(verdict(ABORT)).isInstanceOf(Verdict.Go.class);
        assertThat(account.callsFor("data")).containsExactly("GetBucketTagging");
        assertThat(verdict(WRITE)).isEqualTo(Verdict.Refused.because(Outcome.UNFIXABLE, "mfa-delete"));
    }

    @Test
    void aWriteThatWouldLoseWhatS3ReturnedIsRefusedNamingTheElementBeforeAnyCall() {
        RoundTrip losesAnElement = proposed -> Optional.of("Rule[2]/Filter/ObjectTagsAny");
        BucketAction write = new BucketAction.WriteLifecycle(new LifecycleRead(BucketLifecycle.none(), losesAnElement, Optional.empty()), BucketLifecycle.none());

        assertThat(verdict(write)).isEqualTo(new Verdict.Refused<>(Outcome.UNFIXABLE, "unrecognised-configuration", Optional.of("Rule[2]/Filter/ObjectTagsAny"), Optional.empty()));
        assertThat(account.calls).isEmpty();
    }

    @Test
    void theFactsAreReadOnceForAllTheWritesOfABucket() {
        BucketFacts facts = new BucketFacts(account, BUCKET);
        Gate gate = gate(IacManagedBuckets.REPORT, false);

        on(gate, ABORT, facts);
        on(gate, ABORT, facts);
        on(gate, WRITE, facts);

        assertThat(account.callsFor("data")).containsExactly("GetBucketTagging", "GetBucketVersioning");
    }

    @Test
    void aDryRunOnlySaysWhatItWouldDo() {
        BucketFacts facts = new BucketFacts(account, BUCKET);

        assertThat(on(gate(IacManagedBuckets.REPORT, true), WRITE, facts)).isEqualTo(new Verdict.DryRun<>());
        assertThat(on(gate(IacManagedBuckets.REPORT, true), ABORT, facts)).isEqualTo(new Verdict.DryRun<>());
    }

    @Test
    void onceTheRunHasReportedNothingMoreIsDoneOrRead() {
        reported.set(true);

        assertThat(verdict(WRITE)).isEqualTo(new Verdict.TooLate<>());
        assertThat(verdict(ABORT)).isEqualTo(new Verdict.TooLate<>());
        assertThat(account.calls).isEmpty();
    }

    @Test
    void whatTheGateLetsThroughComesWithThePermitForThatBucketAndWrite() {
        BucketLifecycle proposed = new BucketLifecycle(List.of(new AbortRulePolicy(7).ourRule(false)), Optional.empty());
        BucketFacts facts = new BucketFacts(account, BUCKET);
        Gate gate = gate(IacManagedBuckets.REPORT, false);

        assertThat(gate.onWrite(LifecycleRead.none(), proposed, facts)).isInstanceOfSatisfying(Verdict.Go.class, go -> {
            LifecyclePermit permit = (LifecyclePermit) go.permit();
            assertThat(permit.bucket()).isEqualTo(BUCKET);
            assertThat(permit.configuration()).isSameAs(proposed);
        });
        assertThat(gate.onAbort(ABORT.upload(), facts)).isInstanceOfSatisfying(Verdict.Go.class, go -> {
            AbortPermit permit = (AbortPermit) go.permit();
            assertThat(permit.bucket()).isEqualTo(BUCKET);
            assertThat(permit.upload()).isSameAs(ABORT.upload());
        });
    }

    @ParameterizedTest(name = "started {0} days ago: stale {1}")
    @CsvSource({"8,true", "7,false", "1,false"})
    void anUploadIsStaleOnlyWhenStrictlyOlderThanTheThresholdAndNothingIsReadForAYoungOne(int days, boolean stale) {
        IncompleteUpload upload = new IncompleteUpload("k", "u", NOW.minus(Duration.ofDays(days)), "STANDARD");

        Verdict<AbortPermit> verdict = gate(IacManagedBuckets.REPORT, false).onAbort(upload, new BucketFacts(account, BUCKET));

        assertThat(verdict instanceof Verdict.NotStale).isEqualTo(!stale);
        assertThat(account.calls.isEmpty()).isEqualTo(!stale);
    }

    @Test
    void withoutAbortStaleUploadsNoUploadIsStaleHoweverOld() {
        Gate gate = new Gate(new ExcludedNames(List.of()), IacManagedBuckets.REPORT, StaleUploads.none(Clock.fixed(NOW, ZoneOffset.UTC)), false, reported::get);
        IncompleteUpload ancient = new IncompleteUpload("k", "u", NOW.minus(Duration.ofDays(3_000)), "STANDARD");

        assertThat(gate.onAbort(ancient, new BucketFacts(account, BUCKET))).isInstanceOf(Verdict.NotStale.class);
        assertThat(account.calls).isEmpty();
    }

    @Test
    void anUntaggedBucketMayBeWritten() {
        assertThat(verdict(WRITE)).isInstanceOf(Verdict.Go.class);
        assertThat(verdict(ABORT)).isInstanceOf(Verdict.Go.class);
    }

    /** Every kind of action under every condition: the gate's whole table, so that no action escapes a rule. */
    static Stream<Arguments> everyActionUnderEveryCondition() {
        return Stream.of(
                Arguments.of("opt-out tag", "lifecycle", "EXCLUDED"),
                Arguments.of("opt-out tag", "abort", "EXCLUDED"),
                Arguments.of("stack tag", "lifecycle", "MANAGED_BY_IAC"),
                Arguments.of("stack tag", "abort", "Go"),
                Arguments.of("MFA Delete", "lifecycle", "UNFIXABLE"),
                Arguments.of("MFA Delete", "abort", "Go"),
                Arguments.of("dry run", "lifecycle", "DryRun"),
                Arguments.of("dry run", "abort", "DryRun"),
                Arguments.of("reported", "lifecycle", "TooLate"),
                Arguments.of("reported", "abort", "TooLate"),
                Arguments.of("nothing", "lifecycle", "Go"),
                Arguments.of("nothing", "abort", "Go"));
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("everyActionUnderEveryCondition")
    void everyActionPassesTheSameGate(String condition, String kind, String expected) {
        switch (condition) {
            case "opt-out tag" -> account.tagged("data", Gate.OPT_OUT_TAG, "true");
            case "stack tag" -> account.tagged("data", Gate.CLOUDFORMATION_STACK_TAG, "stack");
            case "MFA Delete" -> account.mfaDelete.put("data", true);
            case "reported" -> reported.set(true);
            default -> {
            }
        }
        BucketAction action = kind.equals("lifecycle") ? WRITE : ABORT;

        Verdict<?> verdict = on(gate(IacManagedBuckets.REPORT, condition.equals("dry run")), action, new BucketFacts(account, BUCKET));

        assertThat(verdict instanceof Verdict.Refused<?> refused ? refused.outcome().name() : verdict.getClass().getSimpleName()).isEqualTo(expected);
    }
}
