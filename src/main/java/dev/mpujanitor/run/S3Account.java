package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketWrites;
import dev.mpujanitor.ports.BucketListing;
import dev.mpujanitor.ports.BucketStore;
import dev.mpujanitor.ports.UploadStore;

/**
 * Everything a run asks of one account's S3, grouped by who asks: the run lists, the bucket pipeline reads and, with
 * the gate's permits alone, writes, the inventory lists uploads. A run closes each account it opened once the
 * account's last bucket is done.
 */
public interface S3Account extends BucketListing, BucketStore, UploadStore, BucketWrites, AutoCloseable {

    /** Releases what was built for this account alone, such as a member account's clients; by default, nothing. */
    @Override
    default void close() {
    }
}
