package dev.mpujanitor.bucket;

import dev.mpujanitor.config.IacManagedBuckets;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.policy.UnfixableReason;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.LifecycleRead;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one place that decides whether the function may touch a bucket, for every kind of {@link BucketAction}.
 *
 * <p>In order, cheapest first:
 * <ol>
 *   <li>a bucket excluded by name is refused before any call ({@link #beforeAnyCall});
 *   <li>an upload that is not stale ({@link StaleUploads}) is not aborted, and nothing is read for it;
 *   <li>a run that has already reported does nothing more, and reads nothing more;
 *   <li>a lifecycle write that would lose an element S3 returned is refused (no call: the read is at hand);
 *   <li>the opt-out tag refuses every write, of any kind;
 *   <li>a CloudFormation stack's bucket gets no lifecycle write unless IAC_MANAGED_BUCKETS=remediate; its incomplete
 *       uploads may still be aborted, since they are not stack state and no stack update brings them back;
 *   <li>MFA Delete refuses a lifecycle write, which S3 does not support there; aborting is unaffected;
 *   <li>a directory bucket whose policy does not let S3 Lifecycle in gets no lifecycle write, since the rule would do
 *       nothing there while passing for coverage; the bucket needs a human, who is given the statement to add;
 *   <li>a dry run only says what it would do.
 * </ol>
 * Tags and versioning are read through {@link BucketFacts} only when a write is about to happen, once per bucket; a
 * directory bucket's policy is read once for every directory bucket, since a rule already there counts only if it lets
 * S3 Lifecycle in.
 * A write or an abort that the gate lets through comes with its permit ({@link LifecyclePermit}, {@link AbortPermit}),
 * which only the gate issues and without which {@link BucketWrites} does nothing.
 */
public final class Gate {

    /** A bucket tagged with this key and the value {@code true} is never written. */
    public static final String OPT_OUT_TAG = "mpu-janitor:exclude";
    /** CloudFormation tags every bucket it creates with the stack's name. */
    public static final String CLOUDFORMATION_STACK_TAG = "aws:cloudformation:stack-name";
    /** The reason of a bucket left to its stack, before the stack's name; the findings match on it. */
    public static final String STACK_REASON_PREFIX = "cloudformation-stack:";

    private final ExcludedNames excludedNames;
    private final IacManagedBuckets iacManagedBuckets;
    private final StaleUploads staleUploads;
    private final boolean dryRun;
    private final BooleanSupplier runHasReported;

    /** @param runHasReported true once the run has reported without the buckets still in flight */
    public Gate(ExcludedNames excludedNames, IacManagedBuckets iacManagedBuckets, StaleUploads staleUploads, boolean dryRun,
            BooleanSupplier runHasReported) {
        this.excludedNames = excludedNames;
        this.iacManagedBuckets = iacManagedBuckets;
        this.staleUploads = staleUploads;
        this.dryRun = dryRun;
        this.runHasReported = runHasReported;
    }

    /** A bucket the operator keeps out by name: not one call is made for it. */
    public Optional<Verdict.Refused<Void>> beforeAnyCall(BucketRef bucket) {
        return excludedNames.patternMatching(bucket.name())
                .map(pattern -> Verdict.Refused.because(Outcome.EXCLUDED, "name-pattern:" + pattern));
    }

    /** Whether {@code proposed} may be written now over the configuration {@code read}; the permit to, if so. */
    Verdict<LifecyclePermit> onWrite(LifecycleRead read, BucketLifecycle proposed, BucketFacts facts) {
        return decide(new BucketAction.WriteLifecycle(read, proposed), facts, () -> new LifecyclePermit(facts.bucket(), proposed));
    }

    /** Whether {@code upload} may be aborted now; the permit to, if so. */
    Verdict<AbortPermit> onAbort(IncompleteUpload upload, BucketFacts facts) {
        if (!isStale(upload)) {
            return new Verdict.NotStale();
        }
        return decide(new BucketAction.AbortUpload(upload), facts, () -> new AbortPermit(facts.bucket(), upload));
    }

    /** Whether ABORT_STALE_UPLOADS would abort {@code upload}, whatever else the gate says of its bucket. */
    boolean isStale(IncompleteUpload upload) {
        return staleUploads.isStale(upload);
    }

    private <P> Verdict<P> decide(BucketAction action, BucketFacts facts, Supplier<P> permit) {
        if (runHasReported.getAsBoolean()) {
            return new Verdict.TooLate<>();
        }
        Optional<Verdict.Refused<P>> refused = switch (action) {
            case BucketAction.WriteLifecycle write -> write.read().roundTrip().lostBy(write.proposed())
                    .map(element -> new Verdict.Refused<P>(Outcome.UNFIXABLE, UnfixableReason.UNRECOGNISED_CONFIGURATION.label(), Optional.of(element),
                            Optional.empty()))
                    .or(() -> optedOut(facts.tags()))
                    .or(() -> managedByStack(facts.tags()))
                    .or(() -> facts.mfaDeleteEnabled()
                            ? Optional.of(Verdict.Refused.because(Outcome.UNFIXABLE, UnfixableReason.MFA_DELETE.label()))
                            : Optional.empty())
                    .or(() -> lifecycleShutOut(facts));
            case BucketAction.AbortUpload abort -> optedOut(facts.tags());
        };
        if (refused.isPresent()) {
            return refused.get();
        }
        return dryRun ? new Verdict.DryRun<>() : new Verdict.Go<>(permit.get());
    }

    /**
     * A directory bucket S3 Lifecycle may not act on: a rule there does nothing, whether it is to be written or is
     * already there. A general purpose bucket needs no grant, and its policy is not read.
     */
    <P> Optional<Verdict.Refused<P>> lifecycleShutOut(BucketFacts facts) {
        if (!facts.bucket().directory() || facts.lifecycleAccess().letIn()) {
            return Optional.empty();
        }
        return Optional.of(new Verdict.Refused<>(Outcome.UNFIXABLE, UnfixableReason.LIFECYCLE_NOT_LET_IN.label(), Optional.empty(),
                Optional.of(facts.lifecycleAccess())));
    }

    private static <P> Optional<Verdict.Refused<P>> optedOut(Map<String, String> tags) {
        String value = tags.get(OPT_OUT_TAG);
        return value != null && "true".equals(value.strip().toLowerCase(Locale.ROOT))
                ? Optional.of(Verdict.Refused.because(Outcome.EXCLUDED, "opt-out-tag:" + OPT_OUT_TAG))
                : Optional.empty();
    }

    private <P> Optional<Verdict.Refused<P>> managedByStack(Map<String, String> tags) {
        String stack = tags.get(CLOUDFORMATION_STACK_TAG);
        return stack != null && iacManagedBuckets == IacManagedBuckets.REPORT
                ? Optional.of(Verdict.Refused.because(Outcome.MANAGED_BY_IAC, STACK_REASON_PREFIX + stack))
                : Optional.empty();
    }
}
