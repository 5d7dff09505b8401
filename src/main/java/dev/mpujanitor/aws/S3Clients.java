package dev.mpujanitor.aws;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** One account's S3 clients: one per region, with that account's credentials. */
interface S3Clients {

    /** Where the account's buckets are listed from, and where a bucket without a region is looked up. */
    Region homeRegion();

    /**
     * The client for buckets of the region with this id, as S3 names it (a bucket's BucketRegion), built on first use
     * and reused for every bucket there. Looked up by the id itself: {@code Region.of} validates and encodes it again
     * on every call, once per bucket.
     */
    S3Client s3(String regionId);
}
