package dev.mpujanitor.run;

import java.util.Optional;
import java.util.Set;

/**
 * How far a run got through the account.
 *
 * @param notReached     buckets listed but not started before the time budget ran out, plus those abandoned in flight
 * @param countExact     false when the listing itself was cut short: then more buckets were not reached
 * @param resumeFrom     the first bucket, by name, that a continuation must start from; empty when the run got through
 *                       or the listing failed
 * @param skipped        buckets before the resume point of the run this one continues, left to that run
 * @param notFound       buckets a manual run asked for that the account's listing does not have
 * @param listingFailure the error that stopped the listing part-way; the buckets listed before it were processed
 * @param resumeAccount  in a run over several accounts, the account {@code resumeFrom} is in ({@code resumeFrom} is
 *                       then empty text when the run did not get to the account at all)
 */
public record Reach(long notReached, boolean countExact, Optional<String> resumeFrom, long skipped, Set<String> notFound,
        Optional<ListingFailure> listingFailure, Optional<String> resumeAccount) {

    public Reach {
        notFound = Set.copyOf(notFound);
    }

    /** Every bucket of the account (or every one asked for) was processed. */
    public boolean complete() {
        return resumeFrom.isEmpty() && listingFailure.isEmpty();
    }
}
