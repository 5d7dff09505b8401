package dev.mpujanitor.ports;

/** Everything a run asks of one account's S3, grouped by who asks: the run, the bucket pipeline, the inventory. */
public interface S3Account extends BucketListing, BucketStore, UploadStore {
}
