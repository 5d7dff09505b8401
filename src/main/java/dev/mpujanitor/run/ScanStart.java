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

    public ScanStart(boolean dryRun, RunBudget budget, Optional<String> resumeFrom, Optional<Set<String>> onlyBuckets) {
        this(dryRun, budget, resumeFrom, Optional.empty(), onlyBuckets);
    }

    public static ScanStart whole(boolean dryRun, RunBudget budget) {
        return new ScanStart(dryRun, budget, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
