package dev.mpujanitor.bucket;

import dev.mpujanitor.ports.LifecycleAccess;
import java.util.Optional;

/**
 * The gate's answer for one action on one bucket.
 *
 * @param <P> the permit that doing the action takes
 */
public sealed interface Verdict<P> {

    /** Do it now, with the gate's permit. */
    record Go<P>(P permit) implements Verdict<P> {
    }

    /** A dry run: report it as done, do nothing. */
    record DryRun<P>() implements Verdict<P> {
    }

    /**
     * Never do it: the bucket ends with {@code outcome} for {@code reason}.
     *
     * @param element         the element S3 returned that a write would lose, for {@code unrecognised-configuration}
     * @param lifecycleAccess why S3 Lifecycle is shut out and the statement to add, for {@code lifecycle-not-let-in}
     */
    record Refused<P>(Outcome outcome, String reason, Optional<String> element, Optional<LifecycleAccess> lifecycleAccess) implements Verdict<P> {

        static <P> Refused<P> because(Outcome outcome, String reason) {
            return new Refused<>(outcome, reason, Optional.empty(), Optional.empty());
        }
    }

    /** The upload is not stale ({@link StaleUploads}): it is left as it is, and is no concern of the bucket's outcome. */
    record NotStale() implements Verdict<AbortPermit> {
    }

    /** The run has already reported without this bucket: do nothing more to it. */
    record TooLate<P>() implements Verdict<P> {
    }
}
