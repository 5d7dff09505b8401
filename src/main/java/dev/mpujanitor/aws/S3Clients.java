package dev.mpujanitor.aws;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/** One account's S3 clients: one per region and endpoint, with that account's credentials. */
interface S3Clients {

    /** Where the account's buckets are listed from, and where a bucket without a region is looked up. */
    Region homeRegion();

    /**
     * The client for general purpose buckets of the region with this id, as S3 names it (a bucket's BucketRegion),
     * built on first use and reused for every bucket there. Looked up by the id itself: {@code Region.of} validates
     * and encodes it again on every call, once per bucket.
     */
    default S3Client s3(String regionId) {
        return s3(regionId, S3Endpoint.GENERAL_PURPOSE);
    }

    /** The client for the region's buckets on {@code endpoint}, built on first use. */
    S3Client s3(String regionId, S3Endpoint endpoint);

    /** S3 Control in the region, for a directory bucket's tags; built on first use. */
    S3ControlClient s3Control(String regionId);
}
