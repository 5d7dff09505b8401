package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import java.util.Optional;

/**
 * An upload older than ABORT_AFTER_DAYS that ABORT_STALE_UPLOADS acted on: aborted, or in a dry run listed as
 * one that would be.
 *
 * @param bytes   measured bytes of its parts (0 when INVENTORY_UPLOADS is off, a lower bound when unmeasured)
 * @param account in a run over several accounts, the account of the bucket
 */
public record StaleUpload(BucketRef bucket, IncompleteUpload upload, long bytes, boolean aborted, Optional<String> account) {

    public StaleUpload(BucketRef bucket, IncompleteUpload upload, long bytes, boolean aborted) {
        this(bucket, upload, bytes, aborted, Optional.empty());
    }

    /** The same upload, of a bucket of this account. */
    public StaleUpload inAccount(Optional<String> owner) {
        if (owner.equals(account)) {
            return this;
        }
        return new StaleUpload(bucket, upload, bytes, aborted, owner);
    }
}
