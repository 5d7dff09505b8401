package dev.mpujanitor.testing;

import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.run.ListingFailure;
import dev.mpujanitor.run.Reach;
import dev.mpujanitor.run.ScanSummary;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Run summaries for the tests of what reads them: the report, the metrics, the command line. */
public final class Summaries {

    private Summaries() {
    }

    /** A run that got through every bucket. */
    public static Reach complete() {
        return new Reach(0, true, Optional.empty(), 0, Set.of(), Optional.empty(), Optional.empty());
    }

    public static Reach notFound(String... buckets) {
        return new Reach(0, true, Optional.empty(), 0, Set.of(buckets), Optional.empty(), Optional.empty());
    }

    public static Reach listingFailed(String errorCode) {
        return new Reach(0, false, Optional.empty(), 0, Set.of(), Optional.of(new ListingFailure(errorCode, errorCode + " message")), Optional.empty());
    }

    public static ScanSummary summary(Map<Outcome, Long> outcomes, boolean dryRun) {
        return summary(outcomes, dryRun, complete());
    }

    public static ScanSummary summary(Map<Outcome, Long> outcomes, boolean dryRun, Reach reach) {
        return ScanSummary.builder(outcomes, reach).duration(Duration.ofMillis(812)).dryRun(dryRun).build();
    }
}
