package dev.mpujanitor.bucket;

import java.util.Optional;

/** The gate's answer for one action on one bucket. */
public sealed interface Verdict {

    /** Do it now. */
    record Go() implements Verdict {
    }

    /** A dry run: report it as done, do nothing. */
    record DryRun() implements Verdict {
    }

    /**
     * Never do it: the bucket ends with {@code outcome} for {@code reason}.
     *
     * @param element the element S3 returned that a write would lose, for {@code unrecognised-configuration}
     */
    record Refused(Outcome outcome, String reason, Optional<String> element) implements Verdict {

        static Refused because(Outcome outcome, String reason) {
            return new Refused(outcome, reason, Optional.empty());
        }
    }

    /** The run has already reported without this bucket: do nothing more to it. */
    record TooLate() implements Verdict {
    }
}
