package dev.mpujanitor.aws;

import dev.mpujanitor.config.Settings;
import dev.mpujanitor.scan.ApiCalls;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place that builds AWS clients: one HTTP connection pool sized to the workers, explicit timeouts,
 * retries with jittered exponential backoff, and one S3 client per region, built on first use and reused.
 */
public final class AwsClients implements AutoCloseable {

    /** Attempts per call, the first included: enough to ride out a burst of SlowDown without stalling a run. */
    static final int MAX_ATTEMPTS = 6;

    private final Settings settings;
    private final Region homeRegion;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final ClientOverrideConfiguration overrides;
    private final Map<Region, S3Client> s3ByRegion = new ConcurrentHashMap<>();

    public AwsClients(Settings settings, Region homeRegion, AwsCredentialsProvider credentials, ApiCalls apiCalls) {
        this.settings = settings;
        this.homeRegion = homeRegion;
        this.credentials = credentials;
        // One connection per worker plus headroom for the listing thread, so no worker waits for a connection.
        this.http = ApacheHttpClient.builder()
                .maxConnections(settings.maxConcurrency() + 2)
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                .build();
        this.overrides = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(25))
                .apiCallTimeout(Duration.ofMinutes(2))
                .retryStrategy(StandardRetryStrategy.builder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(10)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                        // Throttling is per bucket on S3: one busy bucket must not stop retries for all others.
                        .circuitBreakerEnabled(false)
                        .build())
                .addExecutionInterceptor(new ApiCallCounter(apiCalls))
                .build();
    }

    /** Clients for the environment: the default credential chain and region, as the SDK resolves them. */
    public static AwsClients fromEnvironment(Settings settings, ApiCalls apiCalls) {
        return new AwsClients(settings, homeRegion(settings), DefaultCredentialsProvider.builder().build(), apiCalls);
    }

    private static Region homeRegion(Settings settings) {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException noRegion) {
            if (settings.endpointOverride().isPresent()) {
                // An S3-compatible store usually ignores the region; signing still needs one.
                return Region.US_EAST_1;
            }
            throw noRegion;
        }
    }

    public Region homeRegion() {
        return homeRegion;
    }

    public S3Client s3(Region region) {
        return s3ByRegion.computeIfAbsent(region, this::buildS3);
    }

    public StsClient sts() {
        return StsClient.builder()
                .region(homeRegion)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides)
                .build();
    }

    private S3Client buildS3(Region region) {
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides)
                .forcePathStyle(settings.forcePathStyle())
                // Bucket configuration calls carry tiny bodies; checksums only where S3 requires them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void close() {
        s3ByRegion.values().forEach(S3Client::close);
        http.close();
    }
}
