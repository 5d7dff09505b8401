package dev.mpujanitor.ports;

import java.util.Optional;

/** A bucket as listed: its name and, when S3 said so, its region. */
public record BucketRef(String name, Optional<String> region) {

    private static final String DIRECTORY_BUCKET_SUFFIX = "--x-s3";

    public BucketRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a bucket needs a name");
        }
        region = region == null ? Optional.empty() : region.filter(r -> !r.isBlank());
    }

    /**
     * Whether this is a directory bucket (S3 Express One Zone), whose name ends in {@code --x-s3}: a general purpose
     * bucket's name may not, and the SDK sends a call to a directory bucket's endpoints by that suffix alone.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
     */
    public boolean directory() {
        return isDirectoryBucketName(name);
    }

    public static boolean isDirectoryBucketName(String name) {
        return name.endsWith(DIRECTORY_BUCKET_SUFFIX);
    }

    public static BucketRef of(String name, String region) {
        return new BucketRef(name, Optional.ofNullable(region));
    }

    public BucketRef inRegion(String resolved) {
        return of(name, resolved);
    }

    /** The region for log lines, {@code "unknown"} until it is resolved. */
    public String regionLabel() {
        return region.orElse("unknown");
    }
}
