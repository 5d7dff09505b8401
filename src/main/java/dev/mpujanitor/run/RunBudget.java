package dev.mpujanitor.run;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run must stop starting buckets, stop listing, and report, so that it ends on its own before the
 * Lambda deadline, with its summary and metrics written, instead of being cut off mid-bucket.
 *
 * @param stopStarting no bucket is started after this; in-flight ones may finish
 * @param stopListing  the listing stops after this; until then it goes on, to count the buckets not reached
 * @param reportBy     in-flight buckets still unfinished by then are abandoned (and never written) so the
 *                     summary can be reported
 */
public record RunBudget(Instant stopStarting, Instant stopListing, Instant reportBy) {

    private static final Instant NEVER = Instant.MAX;

    /** The jar: no deadline. */
    public static RunBudget unlimited() {
        return new RunBudget(NEVER, NEVER, NEVER);
    }

    /**
     * A run that must be over by {@code deadline}. The margins are what an in-flight bucket needs to finish (a
     * few calls, each bounded by the client's call timeout), what the remaining listing needs to be counted,
     * and what the report needs; short budgets scale them down.
     */
    public static RunBudget endingBy(Instant now, Instant deadline) {
        Duration remaining = Duration.between(now, deadline);
        return new RunBudget(
                deadline.minus(min(Duration.ofSeconds(90), remaining.multipliedBy(30).dividedBy(100))),
                deadline.minus(min(Duration.ofSeconds(30), remaining.multipliedBy(15).dividedBy(100))),
                deadline.minus(min(Duration.ofSeconds(10), remaining.multipliedBy(5).dividedBy(100))));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
