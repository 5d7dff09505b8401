package dev.mpujanitor.run;

import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.BucketRef;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which accounts a run enters and which listed buckets it starts, and so where a continuation must resume: the
 * buckets a manual run names, the resume point of the run this one continues, and the time budget. Only the listing
 * thread touches it.
 */
final class Admission {

    private final ScanStart start;
    private final Clock clock;
    private final boolean organization;
    private AccountRun current;
    private boolean entered;
    private long skipped;
    private final Set<String> seen = new HashSet<>();
    private long notStarted;
    private Position firstNotStarted;
    private boolean countExact = true;
    private boolean stopped;

    /** @param organization whether the run covers more accounts than its own, and so resumes in an account */
    Admission(ScanStart start, Clock clock, boolean organization) {
        this.start = start;
        this.clock = clock;
        this.organization = organization;
    }

    /** An account before the one this run resumes in was covered by the run it continues. */
    boolean coveredBefore(AccountRef candidate) {
        return start.resumeAccount().filter(resume -> candidate.label().compareTo(resume) < 0).isPresent();
    }

    /**
     * Whether the next account is entered. The first always is, as a run over one account always lists it; a later
     * one not once buckets may no longer be started, since entering it costs an AssumeRole and its buckets could only
     * be counted: the accounts from there on are not reached.
     */
    boolean entersAnother() {
        if (entered && !clock.instant().isBefore(start.budget().stopStarting())) {
            stopped = true;
        }
        return !stopped;
    }

    void enter(AccountRun run) {
        current = run;
        entered = true;
    }

    /** An account the run did not get to: the whole of it is left, and how many buckets that is, unknown. */
    void notReached(AccountRun run) {
        run.notReached();
        countExact = false;
        firstNotStarted = firstNotStarted == null ? new Position(run.index, run.account, "") : firstNotStarted;
    }

    /** True when the bucket is to be processed now; otherwise records why not. */
    boolean admits(BucketRef bucket) {
        Instant now = clock.instant();
        current.listedAny = true;
        if (!now.isBefore(start.budget().stopListing())) {
            countExact = false;
            stopped = true;
            leave(bucket);
            return false;
        }
        if (start.onlyBuckets().filter(only -> !only.contains(bucket.name())).isPresent()) {
            return false;
        }
        boolean resumesHere = start.resumeAccount().map(resume -> resume.equals(current.account.label())).orElse(true);
        if (resumesHere && start.resumeFrom().filter(from -> bucket.name().compareTo(from) < 0).isPresent()) {
            skipped++;
            return false;
        }
        if (start.onlyBuckets().isPresent()) {
            seen.add(bucket.name());
        }
        if (!now.isBefore(start.budget().stopStarting())) {
            leave(bucket);
            return false;
        }
        return true;
    }

    /** Where the bucket the listing hands out now stands, in the run's order. */
    Position position(BucketRef bucket) {
        return new Position(current.index, current.account, bucket.name());
    }

    /** A bucket the budget leaves to a continuation, and with it the rest of its account. */
    private void leave(BucketRef bucket) {
        notStarted++;
        firstNotStarted = firstNotStarted == null ? position(bucket) : firstNotStarted;
        current.unfinished();
    }

    /** Whether the listing goes on; false once the budget has stopped it. */
    boolean goesOn() {
        return !stopped;
    }

    /** How far the run got, counting the buckets abandoned in flight when it had to report. */
    Reach reach(Set<Position> abandonedInFlight, List<AccountRun> accounts) {
        abandonedInFlight.forEach(position -> accounts.get(position.accountIndex()).unfinished());
        Optional<ListingFailure> failure = accounts.stream().flatMap(run -> run.listingFailure().stream()).findFirst();
        if (failure.isPresent()) {
            countExact = false;
        }
        Optional<Position> resume = Stream.concat(Stream.ofNullable(firstNotStarted), abandonedInFlight.stream()).min(Comparator.naturalOrder());
        Set<String> notFound = new TreeSet<>(start.onlyBuckets().orElse(Set.of()));
        notFound.removeAll(seen);
        if (!countExact) {
            // The listing did not get to the end: what it did not see may still exist.
            notFound.clear();
        }
        // A failed listing is not handed on: the next scheduled run covers the account from its first bucket.
        boolean handsOn = failure.isEmpty() || organization;
        return new Reach(notStarted + abandonedInFlight.size(), countExact, resume.filter(ignored -> handsOn).map(Position::bucket), skipped,
                notFound, failure, resume.filter(ignored -> handsOn && organization).map(position -> position.account().label()));
    }
}
