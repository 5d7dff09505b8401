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

/** A bucket store in memory, with failures that can be planted per bucket and operation. */
final class InMemoryBucketStore implements BucketStore {

    final Map<String, BucketLifecycle> lifecycles = Collections.synchronizedMap(new HashMap<>());
    final Map<String, String> regions = new LinkedHashMap<>();
    final Map<String, Boolean> mfaDelete = new ConcurrentHashMap<>();
    /** bucket + "/" + operation -> the error code that call fails with. */
    final Map<String, String> failures = new ConcurrentHashMap<>();
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

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
    public void forEachBucket(Consumer<BucketRef> action) {
        regions.forEach((name, region) -> action.accept(BucketRef.of(name, region)));
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
    public void writeLifecycle(BucketRef bucket, BucketLifecycle configuration) {
        call(bucket, "PutBucketLifecycleConfiguration");
        writes.add(bucket.name());
        lifecycles.put(bucket.name(), configuration);
    }

    private void call(BucketRef bucket, String operation) {
        calls.add(bucket.name() + "/" + operation);
        String code = failures.get(bucket.name() + "/" + operation);
        if (code != null) {
            throw new BucketCallException(operation, code, "planted failure", null);
        }
    }
}
