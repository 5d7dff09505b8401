package dev.mpujanitor.scan;

import dev.mpujanitor.policy.BucketLifecycle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A bucket store in memory, with failures that can be planted per bucket and operation. */
class InMemoryBucketStore implements BucketStore {

    final Map<String, BucketLifecycle> lifecycles = Collections.synchronizedMap(new HashMap<>());
    final Map<String, String> regions = new LinkedHashMap<>();
    final Map<String, Boolean> mfaDelete = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    /** bucket + "/" + operation -> the error code that call fails with. */
    final Map<String, String> failures = new ConcurrentHashMap<>();
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<StoredUpload>> uploads = new ConcurrentHashMap<>();

    InMemoryBucketStore bucket(String name, String region, BucketLifecycle lifecycle) {
        regions.put(name, region);
        lifecycles.put(name, lifecycle);
        return this;
    }

    InMemoryBucketStore failing(String bucket, String operation, String errorCode) {
        failures.put(bucket + "/" + operation, errorCode);
        return this;
    }

    @Override
    public void forEachBucket(Predicate<BucketRef> action) {
        for (Map.Entry<String, String> bucket : new java.util.TreeMap<>(regions).entrySet()) {
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
    public BucketLifecycle readLifecycle(BucketRef bucket) {
        call(bucket, "GetBucketLifecycleConfiguration");
        return lifecycles.get(bucket.name());
    }

    @Override
    public boolean mfaDeleteEnabled(BucketRef bucket) {
        call(bucket, "GetBucketVersioning");
        return mfaDelete.getOrDefault(bucket.name(), false);
    }

    @Override
    public Map<String, String> tags(BucketRef bucket) {
        call(bucket, "GetBucketTagging");
        return tags.getOrDefault(bucket.name(), Map.of());
    }

    @Override
    public void writeLifecycle(BucketRef bucket, BucketLifecycle configuration) {
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
    public void abortUpload(BucketRef bucket, IncompleteUpload upload) {
        call(bucket, "AbortMultipartUpload/" + upload.uploadId());
        uploads.get(bucket.name()).remove(find(bucket, upload));
    }

    record StoredUpload(IncompleteUpload upload, List<Long> partSizes) {
    }

    InMemoryBucketStore upload(String bucket, String uploadId, java.time.Instant initiated, Long... partSizes) {
        uploads.computeIfAbsent(bucket, b -> Collections.synchronizedList(new ArrayList<>()))
                .add(new StoredUpload(new IncompleteUpload("key-" + uploadId, uploadId, initiated), List.of(partSizes)));
        return this;
    }

    private StoredUpload find(BucketRef bucket, IncompleteUpload upload) {
        return uploads.getOrDefault(bucket.name(), List.of()).stream().filter(stored -> stored.upload().equals(upload)).findFirst()
                .orElseThrow(() -> new BucketCallException("ListParts", "NoSuchUpload", upload.uploadId(), null));
    }

    private void call(BucketRef bucket, String operation) {
        calls.add(bucket.name() + "/" + operation);
        String code = failures.get(bucket.name() + "/" + operation);
        if (code != null) {
            throw new BucketCallException(operation, code, "planted failure", null);
        }
    }
}
