package dev.mpujanitor.aws;

import java.util.List;

/**
 * The Regions where an account can have directory buckets, each asked by ListDirectoryBuckets on its own Regional
 * endpoint. AWS lists them in the S3 User Guide's table of Regional and Zonal endpoints for directory buckets; a
 * Region added there must be added here, and docs/verified.md says when this list was last compared.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html
 */
final class DirectoryBucketRegions {

    /** In the order of the User Guide's table. */
    static final List<String> ALL = List.of(
            "us-east-1",
            "us-east-2",
            "us-west-2",
            "ap-south-1",
            "ap-northeast-1",
            "eu-west-1",
            "eu-north-1");

    private DirectoryBucketRegions() {
    }
}
