package dev.mpujanitor.bucket;

import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.BucketStore;
import dev.mpujanitor.ports.LifecycleAccess;
import java.util.Map;

/**
 * What the gate may need to know about one bucket, read on first need and then remembered: a bucket that needs no
 * write costs none of these calls, and one that needs several writes costs each call once. One thread per bucket.
 */
final class BucketFacts {

    private final BucketStore store;
    private final BucketRef bucket;
    private Map<String, String> tags;
    private Boolean mfaDelete;
    private LifecycleAccess lifecycleAccess;

    BucketFacts(BucketStore store, BucketRef bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    BucketRef bucket() {
        return bucket;
    }

    Map<String, String> tags() {
        if (tags == null) {
            tags = store.tags(bucket);
        }
        return tags;
    }

    /** Whether a directory bucket lets S3 Lifecycle act on it; asked of directory buckets only. */
    LifecycleAccess lifecycleAccess() {
        if (lifecycleAccess == null) {
            lifecycleAccess = store.lifecycleAccess(bucket);
        }
        return lifecycleAccess;
    }

    boolean mfaDeleteEnabled() {
        if (mfaDelete == null) {
            mfaDelete = store.mfaDeleteEnabled(bucket);
        }
        return mfaDelete;
    }
}
