package dev.mpujanitor.run;

import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.uploads.UploadTotals;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one run did: how many buckets ended in each outcome, why some failed, and what it cost in calls.
 *
 * @param failures       FAILED buckets by error code, such as {@code AccessDenied} or {@code SlowDown}
 * @param reach          how far the run got, and where a continuation must resume
 * @param reportFailures buckets admitted whose result could not be reported (a defect, or a worker that ran out of
 *                       memory even for its failure): their records are missing from the output
 * @param organization   for a run over more accounts than its own, each account's result; empty otherwise
 */
public record ScanSummary(Map<Outcome, Long> outcomes, Map<String, Long> failures, Duration duration, Map<String, Long> apiCalls,
        boolean dryRun, UploadTotals uploads, Reach reach, long reportFailures, Optional<OrganizationSummary> organization) {

    public ScanSummary {
        outcomes = ScanTally.everyOutcome(outcomes);
        failures = Map.copyOf(failures);
        apiCalls = Map.copyOf(apiCalls);
    }

    /**
     * Every bucket admitted has its result reported, and every bucket of the account (or every one asked for) was
     * admitted: a run that lost a result is never complete.
     */
    public boolean complete() {
        return reach.complete() && reportFailures == 0;
    }

    public long buckets() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Outcome outcome) {
        return outcomes.get(outcome);
    }

    /** Accounts not covered because of an error: in one account's run, a listing that failed part-way. */
    public long accountsFailed() {
        return organization.map(OrganizationSummary::failed).orElse(reach.listingFailure().isPresent() ? 1L : 0L);
    }

    public long totalApiCalls() {
        return apiCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A summary of {@code outcomes} that reached as far as {@code reach}: no failure, call or upload until said. */
    public static Builder builder(Map<Outcome, Long> outcomes, Reach reach) {
        return new Builder(outcomes, reach);
    }

    /** A summary, field by named field. */
    public static final class Builder {
        private final Map<Outcome, Long> outcomes;
        private final Reach reach;
        private Map<String, Long> failures = Map.of();
        private Duration duration = Duration.ZERO;
        private Map<String, Long> apiCalls = Map.of();
        private boolean dryRun;
        private UploadTotals uploads = UploadTotals.notSurveyed();
        private long reportFailures;
        private Optional<OrganizationSummary> organization = Optional.empty();

        private Builder(Map<Outcome, Long> outcomes, Reach reach) {
            this.outcomes = outcomes;
            this.reach = reach;
        }

        public Builder failures(Map<String, Long> byErrorCode) {
            failures = byErrorCode;
            return this;
        }

        public Builder duration(Duration took) {
            duration = took;
            return this;
        }

        public Builder apiCalls(Map<String, Long> byOperation) {
            apiCalls = byOperation;
            return this;
        }

        public Builder dryRun(boolean dry) {
            dryRun = dry;
            return this;
        }

        public Builder uploads(UploadTotals totals) {
            uploads = totals;
            return this;
        }

        public Builder reportFailures(long lost) {
            reportFailures = lost;
            return this;
        }

        public Builder organization(OrganizationSummary summary) {
            organization = Optional.of(summary);
            return this;
        }

        public ScanSummary build() {
            return new ScanSummary(outcomes, failures, duration, apiCalls, dryRun, uploads, reach, reportFailures, organization);
        }
    }
}
