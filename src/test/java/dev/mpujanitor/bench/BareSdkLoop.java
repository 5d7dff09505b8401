package dev.mpujanitor.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The benchmark's reference: the product's wire work over an account whose buckets are all compliant, and nothing
 * else, with the SDK and the HTTP client the product ships. Its CPU and speed are what the product's are measured
 * against, in the same run and on the same S3Mock, so the ratio shows what the product adds to the wire work.
 *
 * <p>The wire work, as the product does it with INVENTORY_UPLOADS=false: ListBuckets pages of max-buckets 1,000 (sent
 * so that S3 returns each bucket's BucketRegion), one S3 client per bucket region, and MAX_CONCURRENCY workers fed
 * through a hand-off of at most twice as many buckets, each making one GetBucketLifecycleConfiguration per bucket
 * without ExpectedBucketOwner (the product sends none to an endpoint other than AWS); NoSuchLifecycleConfiguration is
 * an answer like any other. With INVENTORY_UPLOADS=true, also ListMultipartUploads per bucket and ListParts per upload.
 *
 * <p>Configured from the environment as the product is: AWS_ENDPOINT_URL_S3, S3_FORCE_PATH_STYLE (path-style unless
 * false), MAX_CONCURRENCY (32), INVENTORY_UPLOADS (false), credentials by the SDK's default chain, region us-east-1.
 * Prints one JSON line shaped as the product's {@code --json} summary: {@code buckets}, {@code durationMs},
 * {@code apiCalls}, {@code apiCallsByOperation}, {@code failuresByErrorCode}. Nothing per bucket: writing each bucket's
 * record is product work.
 *
 * <p>The clients are the SDK's defaults but for what the product also sets that reaches the wire or the pool: the
 * endpoint, path-style addressing, checksums only where S3 requires them, and a pool of one connection per worker
 * plus two. What the product sets and this loop does not: connect, socket and connection-acquisition timeouts on the
 * pool; a per-attempt and a per-call timeout; its own retry strategy (six attempts, jittered backoff, no circuit
 * breaker); and two execution interceptors, one counting each request and one keeping the lifecycle response's body.
 * None of them changes a request; all of them are product work. This loop counts its own requests, retries aside (a
 * healthy run has none).
 */
public final class BareSdkLoop {

    private static final int LIST_PAGE_SIZE = 1_000;

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    private BareSdkLoop() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        URI endpoint = URI.create(env.get("AWS_ENDPOINT_URL_S3"));
        boolean pathStyle = !"false".equalsIgnoreCase(env.get("S3_FORCE_PATH_STYLE"));
        int workers = Integer.parseInt(env.getOrDefault("MAX_CONCURRENCY", "32"));
        boolean inventory = Boolean.parseBoolean(env.getOrDefault("INVENTORY_UPLOADS", "false"));
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try (SdkHttpClient http = Apache5HttpClient.builder().maxConnections(workers + 2).build()) {
            new BareSdkLoop().scan(region -> S3Client.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .endpointOverride(endpoint)
                    .forcePathStyle(pathStyle)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build(), workers, inventory);
        }
    }

    /** @param build an S3 client for a region: each region's is built once, on first use, as the product's */
    private void scan(Function<Region, S3Client> build, int workers, boolean inventory) throws InterruptedException {
        // From here on as the product's durationMs: its HTTP pool exists, its first S3 client does not yet.
        long started = System.nanoTime();
        Map<Region, S3Client> byRegion = new ConcurrentHashMap<>();
        Semaphore handOff = new Semaphore(workers * 2);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long buckets = 0;
        try {
            S3Client home = byRegion.computeIfAbsent(Region.US_EAST_1, build);
            for (ListBucketsResponse page : home.listBucketsPaginator(r -> r.maxBuckets(LIST_PAGE_SIZE))) {
                count("ListBuckets");
                for (Bucket bucket : page.buckets()) {
                    S3Client s3 = byRegion.computeIfAbsent(Region.of(bucket.bucketRegion()), build);
                    handOff.acquireUninterruptibly();
                    buckets++;
                    pool.execute(() -> {
                        try {
                            visit(s3, bucket.name(), inventory);
                        } finally {
                            handOff.release();
                        }
                    });
                }
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
            byRegion.values().forEach(S3Client::close);
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("{\"record\":\"summary\",\"program\":\"bare-sdk-loop\",\"buckets\":%d,\"durationMs\":%d,\"apiCalls\":%d,\"apiCallsByOperation\":%s,\"failuresByErrorCode\":%s}"
                .formatted(buckets, durationMs, calls.values().stream().mapToLong(LongAdder::sum).sum(), json(calls), json(failures)));
    }

    private void visit(S3Client s3, String bucket, boolean inventory) {
        try {
            count("GetBucketLifecycleConfiguration");
            try {
                s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket));
            } catch (AwsServiceException e) {
                if (!"NoSuchLifecycleConfiguration".equals(errorCode(e))) {
                    throw e;
                }
            }
            if (inventory) {
                for (ListMultipartUploadsResponse uploads : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket))) {
                    count("ListMultipartUploads");
                    for (MultipartUpload upload : uploads.uploads()) {
                        for (ListPartsResponse ignored : s3.listPartsPaginator(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))) {
                            count("ListParts");
                        }
                    }
                }
            }
        } catch (SdkException e) {
            failures.computeIfAbsent(e instanceof AwsServiceException service ? errorCode(service) : e.getClass().getSimpleName(),
                    code -> new LongAdder()).increment();
        }
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, name -> new LongAdder()).increment();
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null ? e.awsErrorDetails().errorCode() : "HTTP" + e.statusCode();
    }

    /** Operation or error names, which need no escaping, with their counts. */
    private static String json(Map<String, LongAdder> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(entry -> "\"%s\":%d".formatted(entry.getKey(), entry.getValue().sum()))
                .collect(Collectors.joining(",", "{", "}"));
    }
}
