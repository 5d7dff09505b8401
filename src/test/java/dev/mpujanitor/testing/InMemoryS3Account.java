package dev.mpujanitor.testing;

import dev.mpujanitor.bucket.AbortPermit;
import dev.mpujanitor.bucket.LifecyclePermit;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.PartsSize;
import dev.mpujanitor.ports.RoundTrip;
import dev.mpujanitor.run.S3Account;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An account in memory, for hermetic tests of the run and the bucket pipeline: buckets with lifecycle
 * configurations, tags, MFA Delete and incomplete uploads, and failures planted per bucket and operation. Every
 * call is recorded as {@code bucket/Operation}.
 */
public class InMemoryS3Account implements S3Account {

    public final Map<String, BucketLifecycle> lifecycles = Collections.synchronizedMap(new HashMap<>());
    public final Map<String, String> regions = new LinkedHashMap<>();
    public final Map<String, Boolean> mfaDelete = new ConcurrentHashMap<>();
    public final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    /** bucket -> why its policy shuts S3 Lifecycle out; a directory bucket not here lets it in. */
    public final Map<String, String> lifecycleShutOut = new ConcurrentHashMap<>();
    /** bucket -> what a write of its configuration would lose, as the adapter's round-trip check would say. */
    public final Map<String, String> unrecognised = new ConcurrentHashMap<>();
    /** bucket + "/" + operation -> the error code that call fails with. */
    public final Map<String, String> failures = new ConcurrentHashMap<>();
    /** bucket + "/" + operation -> what another writer does to the bucket each time that call is made, before it is answered. */
    public final Map<String, Runnable> meanwhile = new ConcurrentHashMap<>();
    public final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final Map<String, List<StoredUpload>> uploads = new ConcurrentHashMap<>();
    /** How many times the run closed this account, and how many of its buckets had been processed each time. */
    public final List<Integer> closedAfterCalls = Collections.synchronizedList(new ArrayList<>());
    private int listingFailsAfter = -1;
    private String listingErrorCode;

    public InMemoryS3Account bucket(String name, String region, BucketLifecycle lifecycle) {
        regions.put(name, region);
        lifecycles.put(name, lifecycle);
        return this;
    }

    public InMemoryS3Account failing(String bucket, String operation, String errorCode) {
        failures.put(bucket + "/" + operation, errorCode);
        return this;
    }

    /** Another writer does {@code change} each time the run makes this call for the bucket, before it is answered. */
    public InMemoryS3Account meanwhile(String bucket, String operation, Runnable change) {
        meanwhile.put(bucket + "/" + operation, change);
        return this;
    }

    public InMemoryS3Account tagged(String bucket, String key, String value) {
        tags.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>()).put(key, value);
        return this;
    }

    /** ListBuckets fails with {@code errorCode} once {@code buckets} buckets were listed (0: on the first page). */
    public InMemoryS3Account failingListingAfter(int buckets, String errorCode) {
        listingFailsAfter = buckets;
        listingErrorCode = errorCode;
        return this;
    }

    @Override
    public void close() {
        closedAfterCalls.add(calls.size());
    }

    /** Calls made for one bucket, as operation names. */
    public List<String> callsFor(String bucket) {
        synchronized (calls) {
            return calls.stream().filter(call -> call.startsWith(bucket + "/")).map(call -> call.substring(bucket.length() + 1)).toList();
        }
    }

    @Override
    public void forEachBucket(Predicate<BucketRef> action) {
        int listed = 0;
        for (Map.Entry<String, String> bucket : new TreeMap<>(regions).entrySet()) {
            if (listed++ == listingFailsAfter) {
                throw new ListingException(listingErrorCode, "planted listing failure", null);
            }
            if (!action.test(BucketRef.of(bucket.getKey(), bucket.getValue()))) {
                return;
            }
        }
    }

    @Override
    public BucketRef locate(BucketRef bucket) {
        if (bucket.region().isPresent()) {
            return bucket;
        }
        call(bucket, "GetBucketLocation");
        return bucket.inRegion("us-east-1");
    }

    @Override
    public LifecycleRead readLifecycle(BucketRef bucket) {
        call(bucket, "GetBucketLifecycleConfiguration");
        String lost = unrecognised.get(bucket.name());
        RoundTrip roundTrip = lost == null ? RoundTrip.NOTHING_TO_LOSE : proposed -> Optional.of(lost);
        BucketLifecycle lifecycle = lifecycles.get(bucket.name());
        // The model's text stands for the body S3 would send: any change to the configuration changes it.
        ByteBuffer body = ByteBuffer.wrap(String.valueOf(lifecycle).getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        return new LifecycleRead(lifecycle, roundTrip, Optional.of(body));
    }

    @Override
    public boolean mfaDeleteEnabled(BucketRef bucket) {
        // As the adapter: a directory bucket has no versioning to read.
        if (bucket.directory()) {
            return false;
        }
        call(bucket, "GetBucketVersioning");
        return mfaDelete.getOrDefault(bucket.name(), false);
    }

    @Override
    public LifecycleAccess lifecycleAccess(BucketRef bucket) {
        call(bucket, "GetBucketPolicy");
        return new LifecycleAccess(Optional.ofNullable(lifecycleShutOut.get(bucket.name())), statementToAdd(bucket.name()));
    }

    /** What this account says to add to a directory bucket's policy. */
    public static String statementToAdd(String bucket) {
        return "{\"Sid\":\"AllowS3LifecycleSessions\",\"Resource\":\"" + bucket + "\"}";
    }

    @Override
    public Map<String, String> tags(BucketRef bucket) {
        call(bucket, "GetBucketTagging");
        return tags.getOrDefault(bucket.name(), Map.of());
    }

    @Override
    public void writeLifecycle(LifecyclePermit permit) {
        BucketRef bucket = permit.bucket();
        BucketLifecycle configuration = permit.configuration();
        call(bucket, "PutBucketLifecycleConfiguration");
        writes.add(bucket.name());
        lifecycles.put(bucket.name(), configuration);
    }

    @Override
    public void forEachUpload(BucketRef bucket, Consumer<IncompleteUpload> action) {
        call(bucket, "ListMultipartUploads");
        List.copyOf(uploads.getOrDefault(bucket.name(), List.of())).forEach(upload -> action.accept(upload.upload()));
    }

    @Override
    public PartsSize measureParts(BucketRef bucket, IncompleteUpload upload, int maxCalls) {
        call(bucket, "ListParts/" + upload.uploadId());
        StoredUpload stored = find(bucket, upload);
        // One "page" per 1,000 parts, as S3 pages ListParts.
        int pages = Math.max(1, (stored.partSizes().size() + 999) / 1000);
        int read = Math.min(pages, maxCalls);
        long bytes = stored.partSizes().stream().limit(read * 1000L).mapToLong(Long::longValue).sum();
        return new PartsSize(bytes, read == pages, read);
    }

    @Override
    public void abortUpload(AbortPermit permit) {
        BucketRef bucket = permit.bucket();
        IncompleteUpload upload = permit.upload();
        call(bucket, "AbortMultipartUpload/" + upload.uploadId());
        uploads.get(bucket.name()).remove(find(bucket, upload));
    }

    public record StoredUpload(IncompleteUpload upload, List<Long> partSizes) {
    }

    public InMemoryS3Account upload(String bucket, String uploadId, Instant initiated, Long... partSizes) {
        return upload(bucket, uploadId, "STANDARD", initiated, partSizes);
    }

    /** An upload started with this storage class; its parts are billed in it. */
    public InMemoryS3Account upload(String bucket, String uploadId, String storageClass, Instant initiated, Long... partSizes) {
        uploads.computeIfAbsent(bucket, b -> Collections.synchronizedList(new ArrayList<>()))
                .add(new StoredUpload(new IncompleteUpload("key-" + uploadId, uploadId, initiated, storageClass), List.of(partSizes)));
        return this;
    }

    /** The ids of the bucket's incomplete uploads that are still there. */
    public List<String> uploadIds(String bucket) {
        return uploads.getOrDefault(bucket, List.of()).stream().map(stored -> stored.upload().uploadId()).toList();
    }

    private StoredUpload find(BucketRef bucket, IncompleteUpload upload) {
        return uploads.getOrDefault(bucket.name(), List.of()).stream().filter(stored -> stored.upload().equals(upload)).findFirst()
                .orElseThrow(() -> new BucketCallException("ListParts", "NoSuchUpload", upload.uploadId(), null));
    }

    private void call(BucketRef bucket, String operation) {
        calls.add(bucket.name() + "/" + operation);
        Runnable change = meanwhile.get(bucket.name() + "/" + operation);
        if (change != null) {
            change.run();
        }
        String code = failures.get(bucket.name() + "/" + operation);
        if (code != null) {
            throw new BucketCallException(operation, code, "planted failure", null);
        }
    }
}
