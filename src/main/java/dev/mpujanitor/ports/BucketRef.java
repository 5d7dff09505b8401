package dev.mpujanitor.ports;

import java.util.Optional;

/** A bucket as listed: its name and, when S3 said so, its region. */
public record BucketRef(String name, Optional<String> region) {

    public BucketRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a bucket needs a name");
        }
        region = region == null ? Optional.empty() : region.filter(r -> !r.isBlank());
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
