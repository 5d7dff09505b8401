package dev.mpujanitor.aws;

import dev.mpujanitor.config.Settings;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.ListingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListDirectoryBucketsResponse;

/**
 * An account's directory buckets, from ListDirectoryBuckets on the Regional endpoint of each Region that has them,
 * in name order. They are few (an account may have 100 in each Region unless it asked for more), so they are read
 * whole, to be merged into the name order of the general purpose buckets. A Region that cannot be listed costs its
 * own buckets: the others are still handed out, and the listing then ends with the failure, naming the Regions.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListDirectoryBuckets.html
 */
final class DirectoryBucketListing {

    /** What the Regions answered: their buckets, and the failure of those that did not. */
    record Found(List<BucketRef> buckets, Optional<ListingException> failure) {
    }

    private final S3Clients clients;
    private final List<String> regions;

    DirectoryBucketListing(S3Clients clients, List<String> regions) {
        this.clients = clients;
        this.regions = List.copyOf(regions);
    }

    /** The directory buckets whose name starts with {@code namePrefix}, in name order. */
    Found list(String namePrefix) {
        Map<String, BucketRef> byName = new TreeMap<>();
        Map<String, SdkException> failures = new LinkedHashMap<>();
        for (String region : regions) {
            try {
                for (ListDirectoryBucketsResponse page : clients.s3(region, S3Endpoint.DIRECTORY_REGIONAL).listDirectoryBucketsPaginator(r -> { })) {
                    for (Bucket bucket : page.buckets()) {
                        // A Regional endpoint lists its own Region's; an endpoint that stands in for all of them is
                        // asked once per Region too, and each bucket is kept once, in its own Region.
                        String bucketRegion = bucket.bucketRegion() == null ? region : bucket.bucketRegion();
                        if (bucket.name().startsWith(namePrefix) && bucketRegion.equals(region)) {
                            byName.putIfAbsent(bucket.name(), BucketRef.of(bucket.name(), bucketRegion));
                        }
                    }
                }
            } catch (SdkException e) {
                failures.put(region, e);
            }
        }
        return new Found(new ArrayList<>(byName.values()), failure(failures));
    }

    private static Optional<ListingException> failure(Map<String, SdkException> failures) {
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, SdkException> first = failures.entrySet().iterator().next();
        String regions = String.join(", ", failures.keySet());
        return Optional.of(new ListingException(SdkErrors.code(first.getValue()),
                "ListDirectoryBuckets failed in " + regions + ": " + SdkErrors.message(first.getValue())
                        + "; set " + Settings.DIRECTORY_BUCKETS + "=false to leave directory buckets out", first.getValue()));
    }
}
