package dev.mpujanitor.bucket;

import dev.mpujanitor.ports.IncompleteUpload;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The gate's rule for which incomplete uploads ABORT_STALE_UPLOADS may abort: those strictly older than
 * ABORT_AFTER_DAYS, since an upload of exactly that age may still be completing.
 *
 * @param after the age past which an upload is stale; empty when ABORT_STALE_UPLOADS is off, and none is
 */
public record StaleUploads(Optional<Duration> after, Clock clock) {

    /** ABORT_STALE_UPLOADS off: no upload is stale, however old. */
    public static StaleUploads none(Clock clock) {
        return new StaleUploads(Optional.empty(), clock);
    }

    boolean isStale(IncompleteUpload upload) {
        return after.isPresent() && upload.initiated().plus(after.get()).isBefore(clock.instant());
    }
}
