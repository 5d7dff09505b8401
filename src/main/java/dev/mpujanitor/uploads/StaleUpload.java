package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;

/**
 * An upload older than ABORT_AFTER_DAYS that ABORT_STALE_UPLOADS acted on: aborted, or in a dry run listed as
 * one that would be.
 *
 * @param bytes measured bytes of its parts (0 when INVENTORY_UPLOADS is off, a lower bound when unmeasured)
 */
public record StaleUpload(BucketRef bucket, IncompleteUpload upload, long bytes, boolean aborted) {
}
