package dev.mpujanitor.aws;

import dev.mpujanitor.config.Settings;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.ports.OrganizationDirectory;
import dev.mpujanitor.ports.StoragePrices;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place that builds AWS clients: one HTTP connection pool sized to the workers, explicit timeouts,
 * retries with jittered exponential backoff, and one S3 client per region, built on first use and reused; the
 * Organizations and Price List clients too are built on first use, once, since many runs need neither.
 */
public final class AwsClients implements S3Clients, AutoCloseable {

    private final Settings settings;
    private final AwsTarget target;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;
    /** The S3 clients of the run's own credentials, which live as long as these clients. */
    private final S3ClientsByRegion own;
    private OrganizationsClient organizations;
    private PricingClient pricing;

    public AwsClients(Settings settings, AwsTarget target, ApiCalls apiCalls) {
        this(settings, target, apiCalls, ClientTimeouts.DEFAULT);
    }

    public AwsClients(Settings settings, AwsTarget target, ApiCalls apiCalls, ClientTimeouts timeouts) {
        this.settings = settings;
        this.target = target;
        // One connection per worker plus headroom for the listing thread, so no worker waits for a connection.
        this.http = Apache5HttpClient.builder()
                .maxConnections(settings.maxConcurrency() + 2)
                .connectionTimeout(timeouts.connect())
                .socketTimeout(timeouts.read())
                .connectionAcquisitionTimeout(timeouts.call())
                .build();
        this.overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(timeouts.call())
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(timeouts.maxAttempts())
                        // S3 answers 409 OperationAborted while another change to the bucket's configuration is
                        // in flight, and asks to try again; the SDK does not retry it by itself.
                        .retryOnException(AwsClients::isOperationAborted)
                        // Jittered: workers throttled together must not retry together.
                        .backoffStrategy(BackoffStrategy.exponentialDelay(timeouts.backoffBase(), timeouts.backoffMax()))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(timeouts.throttlingBackoffBase(), timeouts.throttlingBackoffMax()))
                        // Throttling is per bucket on S3: one busy bucket must not stop retries for all others.
                        .circuitBreakerEnabled(false)
                        .build())
                .addExecutionInterceptor(new ApiCallCounter(apiCalls))
                .addExecutionInterceptor(new ResponseBodyCapture())
                .addExecutionInterceptor(new ListPartsKeyRepair())
                .build();
        this.own = forCredentials(target.credentials());
    }

    @Override
    public Region homeRegion() {
        return target.region();
    }

    /** An S3 client of the run's own credentials. */
    @Override
    public S3Client s3(String regionId, S3Endpoint endpoint) {
        return own.s3(regionId, endpoint);
    }

    @Override
    public S3ControlClient s3Control(String regionId) {
        return own.s3Control(regionId);
    }

    /** S3 clients for another account's credentials, on the same pool; the caller closes them when done with the account. */
    S3ClientsByRegion forCredentials(AwsCredentialsProvider credentials) {
        return new S3ClientsByRegion(target.region(), (region, endpoint) -> buildS3(region, endpoint, credentials),
                region -> buildS3Control(region, credentials));
    }

    /** The accounts of the organization, from Organizations. */
    public OrganizationDirectory organization() {
        return new OrganizationAccounts(organizations());
    }

    /**
     * Storage prices from the AWS Price List, for one run: each region and class is asked once, and {@code fallback}
     * stands in when the API does not answer, and {@code refusals} is told why. The client is built at the first
     * question: a run with no incomplete upload asks none.
     */
    public StoragePrices priceList(StoragePrices fallback, Consumer<String> refusals) {
        return new PriceListPrices(this::pricing, fallback, refusals);
    }

    /** Invokes this function again; the client is built on first use, since most runs never need it. */
    public FunctionInvoker functionInvoker() {
        return (functionArn, payloadJson) -> {
            try (LambdaClient lambda = LambdaClient.builder().region(target.region()).credentialsProvider(target.credentials()).httpClient(http)
                    .overrideConfiguration(overrides).build()) {
                new LambdaFunctionInvoker(lambda).invokeAsync(functionArn, payloadJson);
            }
        };
    }

    /** STS, with the run's own credentials; the caller closes it. */
    public StsClient sts() {
        var builder = StsClient.builder()
                .region(target.region())
                .credentialsProvider(target.credentials())
                .httpClient(http)
                .overrideConfiguration(overrides);
        settings.endpoints().sts().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Organizations serves the whole partition from us-east-1. https://docs.aws.amazon.com/general/latest/gr/ao.html */
    private synchronized OrganizationsClient organizations() {
        if (organizations == null) {
            var builder = OrganizationsClient.builder()
                    .region(Region.US_EAST_1)
                    .credentialsProvider(target.credentials())
                    .httpClient(http)
                    .overrideConfiguration(overrides);
            settings.endpoints().organizations().ifPresent(builder::endpointOverride);
            organizations = builder.build();
        }
        return organizations;
    }

    /**
     * The Price List Query API, whose us-east-1 endpoint prices every region.
     * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/price-changes.html
     */
    private synchronized PricingClient pricing() {
        if (pricing == null) {
            var builder = PricingClient.builder()
                    .region(Region.US_EAST_1)
                    .credentialsProvider(target.credentials())
                    .httpClient(http)
                    .overrideConfiguration(overrides);
            settings.endpoints().priceList().ifPresent(builder::endpointOverride);
            pricing = builder.build();
        }
        return pricing;
    }

    private static boolean isOperationAborted(Throwable failure) {
        return failure instanceof AwsServiceException service && "OperationAborted".equals(SdkErrors.code(service));
    }

    private S3Client buildS3(Region region, S3Endpoint endpoint, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides)
                // Bucket configuration calls carry tiny bodies; checksums only where S3 requires them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        switch (endpoint) {
            case GENERAL_PURPOSE -> {
                builder.forcePathStyle(settings.forcePathStyle());
                settings.endpoints().s3().ifPresent(builder::endpointOverride);
            }
            case DIRECTORY_REGIONAL -> {
                builder.disableS3ExpressSessionAuth(true);
                settings.endpoints().s3Express().ifPresent(builder::endpointOverride);
            }
            case DIRECTORY_ZONAL -> settings.endpoints().s3Express().ifPresent(builder::endpointOverride);
        }
        return builder.build();
    }

    /** S3 Control, for a directory bucket's tags: the SDK sends them to the bucket's Regional endpoint. */
    private S3ControlClient buildS3Control(Region region, AwsCredentialsProvider credentials) {
        var builder = S3ControlClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides);
        settings.endpoints().s3Express().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public synchronized void close() {
        own.close();
        if (organizations != null) {
            organizations.close();
        }
        if (pricing != null) {
            pricing.close();
        }
        http.close();
    }
}
