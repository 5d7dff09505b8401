package dev.mpujanitor.bucket;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.Decision;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.BucketStore;
import dev.mpujanitor.ports.FailureLog;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.uploads.MeasuredUpload;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadInventory;
import dev.mpujanitor.uploads.UploadSurvey;
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
    private final BucketWrites writes;
    private final Optional<UploadSurvey> survey;
    private final AbortRulePolicy policy;
    private final Gate gate;
    private final Consumer<StaleUpload> staleUploads;
    private final FailureLog failures;

    /**
     * @param survey       the upload inventory; empty when no upload is listed (INVENTORY_UPLOADS and
     *                     ABORT_STALE_UPLOADS both off)
     * @param staleUploads told of each stale upload aborted, or in a dry run that would be
     * @param failures     told of each failure that is not S3's answer, with its detail
     */
    public BucketPipeline(BucketStore buckets, BucketWrites writes, Optional<UploadSurvey> survey, AbortRulePolicy policy, Gate gate,
            Consumer<StaleUpload> staleUploads, FailureLog failures) {
        this.buckets = buckets;
        this.writes = writes;
        this.survey = survey;
        this.policy = policy;
        this.gate = gate;
        this.staleUploads = staleUploads;
        this.failures = failures;
    }

    public BucketResult process(BucketRef listed) {
        Optional<Verdict.Refused<Void>> byName = gate.beforeAnyCall(listed);
        if (byName.isPresent()) {
            return BucketResult.refused(listed, byName.get(), -1);
        }
        BucketRef bucket = listed;
        int rulesBefore = -1;
        // Plain branches rather than Optional chains: this runs once per bucket (docs/benchmark.md, "Choices the
        // figures made").
        try {
            bucket = buckets.locate(listed);
            LifecycleRead read = buckets.readLifecycle(bucket);
            rulesBefore = read.rules();
            BucketFacts facts = new BucketFacts(buckets, bucket);
            if (survey.isEmpty()) {
                return decide(bucket, read, facts, 0);
            }
            Aborts aborts = new Aborts(bucket, facts);
            UploadInventory found = survey.get().survey(bucket, aborts);
            BucketResult result = aborts.refusal.isPresent()
                    ? BucketResult.refused(bucket, aborts.refusal.get(), read.rules())
                    : decide(bucket, read, facts, 0);
            return result.withUploads(Optional.of(aborts.applied(found)));
        } catch (BucketCallException e) {
            return BucketResult.failed(bucket, e, rulesBefore);
        } catch (RuntimeException e) {
            failures.unexpected(bucket, "bucket", e);
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
            case Decision.Compliant compliant -> {
                // A rule already there covers a directory bucket only if S3 Lifecycle may act on it.
                Optional<Verdict.Refused<Void>> shutOut = gate.lifecycleShutOut(facts);
                yield shutOut.isPresent() ? BucketResult.refused(bucket, shutOut.get(), before)
                        : BucketResult.of(bucket, Outcome.COMPLIANT, "covered-by:" + compliant.coveringRuleId(), before, before);
            }
            case Decision.Unfixable unfixable -> BucketResult.of(bucket, Outcome.UNFIXABLE, unfixable.reason().label(), before, before);
            case Decision.Write write -> {
                int after = write.proposed().rules().size();
                yield switch (gate.onWrite(read, write.proposed(), facts)) {
                    case Verdict.Refused<LifecyclePermit> refused -> BucketResult.refused(bucket, refused, before);
                    case Verdict.Go<LifecyclePermit> go -> {
                        LifecycleRead now = buckets.readLifecycle(bucket);
                        if (now.unchangedSince(read)) {
                            writes.writeLifecycle(go.permit());
                            yield BucketResult.of(bucket, Outcome.REMEDIATED, write.reason().label(), before, after);
                        }
                        // The permit was for what was read first: the new configuration goes through the gate again.
                        BucketResult changed = redecisions < MAX_REDECISIONS ? decide(bucket, now, facts, redecisions + 1) : stillChanging(bucket, now);
                        yield changed.afterLifecycleChanged();
                    }
                    case Verdict.DryRun<LifecyclePermit> dryRun -> BucketResult.of(bucket, Outcome.WOULD_REMEDIATE, write.reason().label(), before, after);
                    // The run has reported without this result, which no one will read.
                    case Verdict.TooLate<LifecyclePermit> tooLate -> BucketResult.of(bucket, Outcome.WOULD_REMEDIATE, write.reason().label(), before, after);
                };
            }
        };
    }

    private static BucketResult stillChanging(BucketRef bucket, LifecycleRead last) {
        return BucketResult.builder(bucket.name(), bucket.regionLabel(), Outcome.FAILED, LIFECYCLE_CHANGING).rules(last.rules(), last.rules())
                .error("the lifecycle configuration changed between the read and the write " + (MAX_REDECISIONS + 1)
                        + " times in a row: another writer is at work; nothing was written")
                .build();
    }

    /**
     * The aborts of one bucket, one upload at a time as the survey finds it: the gate says which are stale, and lets
     * each through or not. An abort that fails stops the aborts and is reported with the inventory; it never changes
     * the bucket's outcome. A failure to read what the gate needs (the tags) fails the bucket: nothing is written after
     * a failed read. The stale uploads are counted to the end, as found.
     */
    private final class Aborts implements Consumer<MeasuredUpload> {
        private final BucketRef bucket;
        private final BucketFacts facts;
        private long stale;
        private long aborted;
        private long freed;
        private Optional<String> error = Optional.empty();
        /** The gate's refusal that stopped the aborts, which is then the bucket's outcome. */
        private Optional<Verdict.Refused<AbortPermit>> refusal = Optional.empty();
        private boolean stopped;

        Aborts(BucketRef bucket, BucketFacts facts) {
            this.bucket = bucket;
            this.facts = facts;
        }

        @Override
        public void accept(MeasuredUpload found) {
            if (stopped) {
                stale += gate.isStale(found.upload()) ? 1 : 0;
                return;
            }
            switch (gate.onAbort(found.upload(), facts)) {
                case Verdict.NotStale notStale -> {
                }
                case Verdict.Refused<AbortPermit> refused -> {
                    stale++;
                    refusal = Optional.of(refused);
                    stopped = true;
                }
                case Verdict.TooLate<AbortPermit> tooLate -> {
                    stale++;
                    stopped = true;
                }
                case Verdict.DryRun<AbortPermit> dryRun -> {
                    stale++;
                    staleUploads.accept(new StaleUpload(bucket, found.upload(), found.bytes(), false));
                }
                case Verdict.Go<AbortPermit> go -> {
                    stale++;
                    abort(go.permit(), found);
                }
            }
        }

        private void abort(AbortPermit permit, MeasuredUpload stale) {
            try {
                writes.abortUpload(permit);
            } catch (BucketCallException e) {
                if (!"NoSuchUpload".equals(e.errorCode())) {
                    error = Optional.of(e.errorCode());
                    stopped = true;
                }
                // NoSuchUpload: completed or aborted since it was listed.
                return;
            }
            aborted++;
            freed += stale.bytes();
            staleUploads.accept(new StaleUpload(bucket, stale.upload(), stale.bytes(), true));
        }

        UploadInventory applied(UploadInventory found) {
            return found.withAborts(stale, aborted, freed, error);
        }
    }
}
