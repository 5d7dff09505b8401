package dev.mpujanitor.ports;

import java.util.Optional;
import java.util.Set;

/**
 * Which buckets a listing need return: those whose name starts with {@code namePrefix}, of the kinds asked for. A run
 * over named buckets asks only for their kind: a general purpose bucket's event need not ask every S3 Express Region
 * for directory buckets, nor a directory bucket's ListBuckets.
 */
public record ListingScope(String namePrefix, boolean generalPurpose, boolean directory) {

    public static final ListingScope EVERY_BUCKET = new ListingScope("", true, true);

    /** The scope of a run over these bucket names, or over every bucket when it names none. */
    public static ListingScope of(Optional<Set<String>> onlyBuckets) {
        return onlyBuckets.map(names -> new ListingScope(commonPrefix(names),
                names.stream().anyMatch(name -> !BucketRef.isDirectoryBucketName(name)),
                names.stream().anyMatch(BucketRef::isDirectoryBucketName))).orElse(EVERY_BUCKET);
    }

    /** Whether a bucket of this name is one the listing returns. */
    public boolean includes(String name) {
        return name.startsWith(namePrefix) && (BucketRef.isDirectoryBucketName(name) ? directory : generalPurpose);
    }

    private static String commonPrefix(Set<String> names) {
        return names.stream().reduce((a, b) -> {
            int common = 0;
            while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
                common++;
            }
            return a.substring(0, common);
        }).orElse("");
    }
}
