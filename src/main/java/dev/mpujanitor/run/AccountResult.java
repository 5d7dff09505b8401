package dev.mpujanitor.run;

import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.uploads.UploadTotals;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did in one account of an organization: its buckets' outcomes and waste, or why it could not be covered.
 *
 * @param errorCode for FAILED and INCOMPLETE: AssumeRole's or ListBuckets' error code, such as {@code AccessDenied}
 * @param failures  the account's FAILED buckets by error code
 */
public record AccountResult(AccountRef account, Status status, Optional<String> errorCode, Optional<String> error,
        Map<Outcome, Long> outcomes, Map<String, Long> failures, UploadTotals uploads) {

    /** How far the run got in the account. */
    public enum Status {
        /** Every bucket of the account was processed. */
        COVERED,
        /** The time budget ran out part-way: a continuation covers the rest, from where this run stopped. */
        UNFINISHED,
        /** ListBuckets failed part-way: the buckets listed before were processed. */
        INCOMPLETE,
        /** The account could not be entered (its role refused or missing) or listed at all. */
        FAILED,
        /** The time budget ran out before the run got to it; a continuation will. */
        NOT_REACHED
    }

    public AccountResult {
        outcomes = ScanTally.everyOutcome(outcomes);
        failures = Map.copyOf(failures);
    }

    public long buckets() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Not covered because of an error: what the alarm counts. */
    public boolean failed() {
        return status == Status.FAILED || status == Status.INCOMPLETE;
    }
}
