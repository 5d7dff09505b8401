package dev.mpujanitor.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 clients of one set of credentials, built on first use. They share {@link AwsClients}' connection pool,
 * which closing them leaves open.
 */
final class S3ClientsByRegion implements S3Clients, AutoCloseable {

    private final Region homeRegion;
    private final Function<Region, S3Client> build;
    private final Map<String, S3Client> byRegionId = new ConcurrentHashMap<>();

    S3ClientsByRegion(Region homeRegion, Function<Region, S3Client> build) {
        this.homeRegion = homeRegion;
        this.build = build;
    }

    @Override
    public Region homeRegion() {
        return homeRegion;
    }

    @Override
    public S3Client s3(String regionId) {
        return byRegionId.computeIfAbsent(regionId, id -> build.apply(Region.of(id)));
    }

    @Override
    public void close() {
        byRegionId.values().forEach(S3Client::close);
    }
}
