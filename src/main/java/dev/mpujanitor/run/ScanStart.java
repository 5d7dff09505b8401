package dev.mpujanitor.run;

import java.util.Optional;
import java.util.Set;

/**
 * Where a run starts, what it covers and how long it may take.
 *
 * @param resumeFrom    buckets named before this were covered by the run this one continues; they are skipped
 * @param resumeAccount in a run over several accounts, the account {@code resumeFrom} is in: the accounts before it
 *                      were covered by the run this one continues
 * @param onlyBuckets   when present, the run covers these buckets and no other (a manual run)
 */
public record ScanStart(boolean dryRun, RunBudget budget, Optional<String> resumeFrom, Optional<String> resumeAccount,
        Optional<Set<String>> onlyBuckets) {

    public ScanStart {
        onlyBuckets = onlyBuckets.map(Set::copyOf);
    }

    /** Every bucket of every account the run covers, from the first. */
    public static ScanStart whole(boolean dryRun, RunBudget budget) {
        return new ScanStart(dryRun, budget, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** These buckets and no other; none named means every bucket, as {@link #whole}. */
    public static ScanStart onlyBuckets(boolean dryRun, RunBudget budget, Set<String> buckets) {
        return new ScanStart(dryRun, budget, Optional.empty(), Optional.empty(), buckets.isEmpty() ? Optional.empty() : Optional.of(buckets));
    }

    /** The rest of a scan: from bucket {@code resumeFrom} on, of {@code account} in a run over several. */
    public static ScanStart resuming(boolean dryRun, RunBudget budget, String resumeFrom, Optional<String> account) {
        return new ScanStart(dryRun, budget, Optional.of(resumeFrom), account, Optional.empty());
    }
}
