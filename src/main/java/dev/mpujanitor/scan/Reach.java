package dev.mpujanitor.scan;

import java.util.Optional;
import java.util.Set;

/**
 * How far a run got through the account.
 *
 * @param notReached   buckets listed but not started before the time budget ran out, plus those abandoned in flight
 * @param countExact   false when the listing itself was cut short: then more buckets were not reached
 * @param resumeFrom   the first bucket, by name, that a continuation must start from; empty when the run got through
 * @param skipped      buckets before the resume point of the run this one continues, left to that run
 * @param notFound     buckets a manual run asked for that the account's listing does not have
 */
public record Reach(long notReached, boolean countExact, Optional<String> resumeFrom, long skipped, Set<String> notFound) {

    public Reach {
        notFound = Set.copyOf(notFound);
    }

    public boolean complete() {
        return resumeFrom.isEmpty();
    }
}
