package dev.mpujanitor.ports;

/**
 * Everything a run asks of one account's S3, grouped by who asks: the run, the bucket pipeline, the inventory.
 * A run closes each account it opened once the account's last bucket is done.
 */
public interface S3Account extends BucketListing, BucketStore, UploadStore, AutoCloseable {

    /** Releases what was built for this account alone, such as a member account's clients; by default, nothing. */
    @Override
    default void close() {
    }
}
