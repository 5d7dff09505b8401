package dev.mpujanitor.bucket;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.Decision;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.BucketStore;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.ports.UploadStore;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadInventory;
import dev.mpujanitor.uploads.UploadSurvey;
import dev.mpujanitor.uploads.UploadsFound;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One bucket, start to end, in one direction: locate, read the lifecycle configuration, survey the incomplete
 * uploads as found, decide with the pure policy, then act, every action through the {@link Gate}: abort the stale
 * uploads, write the lifecycle configuration.
 *
 * <p>A failed read ends the bucket as FAILED before anything is decided, so nothing is ever written after one. A
 * write is preceded by a second read, and writes only if S3 sent the same configuration both times.
 * A bucket the gate finds opted out by its tag is EXCLUDED, whichever write it was about to get.
 */
public final class BucketPipeline {

    /** How many times a configuration that changed before its write is decided again before the bucket is left. */
    static final int MAX_REDECISIONS = 2;
    /** The reason of a bucket left because its configuration changed before every write: another writer is at work. */
    public static final String LIFECYCLE_CHANGING = "lifecycle-changing";

    private final BucketStore buckets;
    private final UploadStore uploads;
    private final Optional<UploadSurvey> survey;
    private final AbortRulePolicy policy;
    private final Gate gate;
    private final Consumer<StaleUpload> staleUploads;

    /**
     * @param survey       the upload inventory; empty when no upload is listed (INVENTORY_UPLOADS and
     *                     ABORT_STALE_UPLOADS both off)
     * @param staleUploads told of each stale upload aborted, or in a dry run that would be
     */
    public BucketPipeline(BucketStore buckets, UploadStore uploads, Optional<UploadSurvey> survey, AbortRulePolicy policy, Gate gate,
            Consumer<StaleUpload> staleUploads) {
        this.buckets = buckets;
        this.uploads = uploads;
        this.survey = survey;
        this.policy = policy;
        this.gate = gate;
        this.staleUploads = staleUploads;
    }

    public BucketResult process(BucketRef listed) {
        Optional<Verdict.Refused> byName = gate.beforeAnyCall(listed);
        if (byName.isPresent()) {
            return BucketResult.refused(listed, byName.get(), -1);
        }
        BucketRef bucket = listed;
        int rulesBefore = -1;
        // Plain branches rather than Optional chains: this runs once per bucket, and with the function's C1-only JIT
        // every capturing lambda is an allocation through the VM.
        try {
            bucket = buckets.locate(listed);
            LifecycleRead read = buckets.readLifecycle(bucket);
            rulesBefore = read.rules();
            BucketFacts facts = new BucketFacts(buckets, bucket);
            if (survey.isEmpty()) {
                return decide(bucket, read, facts, 0);
            }
            Aborts aborts = abortStale(bucket, survey.get().survey(bucket), facts);
            BucketResult result = aborts.refusal().isPresent()
                    ? BucketResult.refused(bucket, aborts.refusal().get(), read.rules())
                    : decide(bucket, read, facts, 0);
            return result.withUploads(Optional.of(aborts.inventory()));
        } catch (RuntimeException e) {
            return BucketResult.failed(bucket, e, rulesBefore);
        }
    }

    /**
     * Decides on the configuration {@code read} and acts on the decision. Before a write the configuration is read
     * again, after everything else the bucket needed (its uploads, the gate's reads): the survey can take a hundred
     * calls, and a rule another writer added meanwhile must not be overwritten by the merge of an older read. S3 has
     * no conditional write for a bucket's configuration, so this leaves one round trip between the read and the PUT.
     * A configuration that changed is decided again, from the start, at most {@link #MAX_REDECISIONS} times.
     *
     * @param redecisions how many times this bucket was decided again already
     */
    private BucketResult decide(BucketRef bucket, LifecycleRead read, BucketFacts facts, int redecisions) {
        int before = read.rules();
        return switch (policy.assess(read.configuration())) {
            case Decision.Compliant compliant -> BucketResult.of(bucket, Outcome.COMPLIANT, "covered-by:" + compliant.coveringRuleId(), before, before);
            case Decision.Unfixable unfixable -> BucketResult.of(bucket, Outcome.UNFIXABLE, unfixable.reason().label(), before, before);
            case Decision.Write write -> {
                int after = write.proposed().rules().size();
                Verdict verdict = gate.on(new BucketAction.WriteLifecycle(read, write.proposed()), facts);
                if (verdict instanceof Verdict.Refused refused) {
                    yield BucketResult.refused(bucket, refused, before);
                }
                if (!(verdict instanceof Verdict.Go)) {
                    // A dry run; or too late, and then the run has reported without this result.
                    yield BucketResult.of(bucket, Outcome.WOULD_REMEDIATE, write.reason().label(), before, after);
                }
                LifecycleRead now = buckets.readLifecycle(bucket);
                if (now.unchangedSince(read)) {
                    buckets.writeLifecycle(bucket, write.proposed());
                    yield BucketResult.of(bucket, Outcome.REMEDIATED, write.reason().label(), before, after);
                }
                BucketResult changed = redecisions < MAX_REDECISIONS ? decide(bucket, now, facts, redecisions + 1) : stillChanging(bucket, now);
                yield changed.afterLifecycleChanged();
            }
        };
    }

    private static BucketResult stillChanging(BucketRef bucket, LifecycleRead last) {
        return new BucketResult(bucket.name(), bucket.regionLabel(), Outcome.FAILED, LIFECYCLE_CHANGING, last.rules(), last.rules(),
                Optional.of("the lifecycle configuration changed between the read and the write " + (MAX_REDECISIONS + 1)
                        + " times in a row: another writer is at work; nothing was written"),
                Optional.empty(), Optional.empty());
    }

    /** What the aborts of one bucket came to, and the gate's refusal that stopped them, if any. */
    private record Aborts(UploadInventory inventory, Optional<Verdict.Refused> refusal) {
    }

    /**
     * Aborts the stale uploads the survey found, each one past the gate. An abort that fails stops the aborts and is
     * reported with the inventory; it never changes the bucket's outcome. A failure to read what the gate needs
     * (the tags) fails the bucket: nothing is written after a failed read.
     */
    private Aborts abortStale(BucketRef bucket, UploadsFound found, BucketFacts facts) {
        long aborted = 0;
        long freed = 0;
        for (UploadsFound.Measured stale : found.stale()) {
            switch (gate.on(new BucketAction.AbortUpload(stale.upload()), facts)) {
                case Verdict.Refused refused -> {
                    return new Aborts(found.inventory(), Optional.of(refused));
                }
                case Verdict.TooLate tooLate -> {
                    return new Aborts(found.inventory().withAborts(aborted, freed, Optional.empty()), Optional.empty());
                }
                case Verdict.DryRun dryRun -> staleUploads.accept(new StaleUpload(bucket, stale.upload(), stale.bytes(), false));
                case Verdict.Go go -> {
                    try {
                        uploads.abortUpload(bucket, stale.upload());
                    } catch (BucketCallException e) {
                        if ("NoSuchUpload".equals(e.errorCode())) {
                            continue; // completed or aborted since it was listed
                        }
                        return new Aborts(found.inventory().withAborts(aborted, freed, Optional.of(e.errorCode())), Optional.empty());
                    }
                    aborted++;
                    freed += stale.bytes();
                    staleUploads.accept(new StaleUpload(bucket, stale.upload(), stale.bytes(), true));
                }
            }
        }
        return new Aborts(found.inventory().withAborts(aborted, freed, Optional.empty()), Optional.empty());
    }
}
