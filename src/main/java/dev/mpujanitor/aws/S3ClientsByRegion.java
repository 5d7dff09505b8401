package dev.mpujanitor.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * The S3 clients of one set of credentials, built on first use. They share {@link AwsClients}' connection pool,
 * which closing them leaves open.
 */
final class S3ClientsByRegion implements S3Clients, AutoCloseable {

    private final Region homeRegion;
    private final BiFunction<Region, S3Endpoint, S3Client> build;
    private final Function<Region, S3ControlClient> buildControl;
    private final Map<S3Endpoint, Map<String, S3Client>> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, S3ControlClient> controlByRegionId = new ConcurrentHashMap<>();

    S3ClientsByRegion(Region homeRegion, BiFunction<Region, S3Endpoint, S3Client> build, Function<Region, S3ControlClient> buildControl) {
        this.homeRegion = homeRegion;
        this.build = build;
        this.buildControl = buildControl;
    }

    @Override
    public Region homeRegion() {
        return homeRegion;
    }

    @Override
    public S3Client s3(String regionId, S3Endpoint endpoint) {
        return byEndpoint.computeIfAbsent(endpoint, ignored -> new ConcurrentHashMap<>())
                .computeIfAbsent(regionId, id -> build.apply(Region.of(id), endpoint));
    }

    @Override
    public S3ControlClient s3Control(String regionId) {
        return controlByRegionId.computeIfAbsent(regionId, id -> buildControl.apply(Region.of(id)));
    }

    @Override
    public void close() {
        byEndpoint.values().forEach(clients -> clients.values().forEach(S3Client::close));
        controlByRegionId.values().forEach(S3ControlClient::close);
    }
}
