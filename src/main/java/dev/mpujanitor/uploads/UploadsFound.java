package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.IncompleteUpload;
import java.util.List;

/**
 * What the survey found in one bucket: its figures, and the stale uploads that ABORT_STALE_UPLOADS would abort.
 *
 * @param stale uploads older than ABORT_AFTER_DAYS, with their measured bytes; empty without ABORT_STALE_UPLOADS
 */
public record UploadsFound(UploadInventory inventory, List<Measured> stale) {

    public UploadsFound {
        stale = List.copyOf(stale);
    }

    /** An upload and the bytes its parts hold (0 when they were not measured). */
    public record Measured(IncompleteUpload upload, long bytes) {
    }
}
