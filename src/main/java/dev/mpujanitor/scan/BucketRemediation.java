package dev.mpujanitor.scan;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketExclusions;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.policy.Decision;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One bucket, start to end: read fresh, decide, and write only when the decision says so and the run is
 * not a dry run. Every failure becomes a FAILED result; nothing is written after a failed read because a
 * failed read throws before a decision exists.
 */
final class BucketRemediation {

    private final BucketStore store;
    private final AbortRulePolicy policy;
    private final boolean dryRun;
    private final BucketExclusions exclusions;
    private final BooleanSupplier abandoned;

    /** @param abandoned true once the run has reported without this bucket: it must not be written any more */
    BucketRemediation(BucketStore store, AbortRulePolicy policy, BucketExclusions exclusions, boolean dryRun, BooleanSupplier abandoned) {
        this.store = store;
        this.policy = policy;
        this.exclusions = exclusions;
        this.dryRun = dryRun;
        this.abandoned = abandoned;
    }

    /** @param bucket a located bucket: its region is known */
    BucketResult apply(BucketRef bucket) {
        int rulesBefore = -1;
        try {
            BucketLifecycle current = store.readLifecycle(bucket);
            rulesBefore = current.rules().size();
            Decision decision = policy.assess(current);
            if (decision instanceof Decision.Write) {
                // Tags only now: a compliant bucket costs no tagging call.
                Optional<BucketExclusions.Exclusion> excluded = exclusions.byTags(store.tags(bucket));
                if (excluded.isPresent()) {
                    return excludedResult(bucket, excluded.get(), rulesBefore);
                }
            }
            if (decision instanceof Decision.Write planned) {
                decision = policy.confirm(planned, store.mfaDeleteEnabled(bucket));
            }
            return switch (decision) {
                case Decision.Compliant compliant ->
                        BucketResult.of(bucket, Outcome.COMPLIANT, "covered-by:" + compliant.coveringRuleId(), rulesBefore, rulesBefore);
                case Decision.Unfixable unfixable ->
                        BucketResult.of(bucket, Outcome.UNFIXABLE, unfixable.reason().label(), rulesBefore, rulesBefore);
                case Decision.Write write -> write(bucket, write, rulesBefore);
            };
        } catch (BucketCallException e) {
            return BucketResult.failed(bucket, e.errorCode(), e.getMessage(), rulesBefore);
        } catch (RuntimeException e) {
            // A defect must cost one bucket, not the run; the class name is the code an operator can search for.
            return BucketResult.failed(bucket, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), rulesBefore);
        }
    }

    private static BucketResult excludedResult(BucketRef bucket, BucketExclusions.Exclusion exclusion, int rules) {
        return switch (exclusion) {
            case BucketExclusions.Exclusion.OptOutTag tag ->
                    BucketResult.of(bucket, Outcome.EXCLUDED, "opt-out-tag:" + BucketExclusions.OPT_OUT_TAG, rules, rules);
            case BucketExclusions.Exclusion.ManagedByStack stack ->
                    BucketResult.of(bucket, Outcome.MANAGED_BY_IAC, "cloudformation-stack:" + stack.stackName(), rules, rules);
        };
    }

    private BucketResult write(BucketRef bucket, Decision.Write write, int rulesBefore) {
        int rulesAfter = write.proposed().rules().size();
        if (dryRun || abandoned.getAsBoolean()) {
            return BucketResult.of(bucket, Outcome.WOULD_REMEDIATE, write.reason().label(), rulesBefore, rulesAfter);
        }
        store.writeLifecycle(bucket, write.proposed());
        return BucketResult.of(bucket, Outcome.REMEDIATED, write.reason().label(), rulesBefore, rulesAfter);
    }
}
