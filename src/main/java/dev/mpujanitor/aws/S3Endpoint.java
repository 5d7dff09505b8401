package dev.mpujanitor.aws;

/**
 * Which of S3's endpoints a client calls. A directory bucket (S3 Express One Zone) has two: the Regional
 * ({@code s3express-control.<region>}) for the bucket's configuration and policy, signed with the account's own
 * credentials, and the Zonal ({@code <bucket>.s3express-<zone>.<region>}) for its objects and uploads, signed with a
 * session that the SDK gets from CreateSession. The SDK picks the endpoint by the bucket name's {@code --x-s3} suffix.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html
 */
enum S3Endpoint {
    /** A general purpose bucket's, and ListBuckets. */
    GENERAL_PURPOSE,
    /**
     * A directory bucket's Regional endpoint. Its client has S3 Express session auth turned off: AWS's endpoint rules
     * sign Regional calls with plain SigV4 either way, but with an endpoint override they would ask for a session
     * (for ListDirectoryBuckets, of no bucket at all), which the Regional endpoint does not take.
     */
    DIRECTORY_REGIONAL,
    /** A directory bucket's Zonal endpoint, with the SDK's session auth. */
    DIRECTORY_ZONAL
}
