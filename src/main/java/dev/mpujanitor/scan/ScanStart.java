package dev.mpujanitor.scan;

import java.util.Optional;

/**
 * Where a run starts and how long it may take.
 *
 * @param resumeFrom buckets named before this were covered by the run this one continues; they are skipped
 */
public record ScanStart(boolean dryRun, RunBudget budget, Optional<String> resumeFrom) {

    public static ScanStart whole(boolean dryRun, RunBudget budget) {
        return new ScanStart(dryRun, budget, Optional.empty());
    }
}
