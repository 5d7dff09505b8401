package dev.mpujanitor.aws;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** One account's S3 clients: one per region, with that account's credentials. */
interface S3Clients {

    /** Where the account's buckets are listed from, and where a bucket without a region is looked up. */
    Region homeRegion();

    /** The client for buckets of {@code region}, built on first use and reused for every bucket there. */
    S3Client s3(Region region);
}
