package dev.mpujanitor.bucket;

import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;

/**
 * Permits for the tests of an adapter's writes, which have no gate in front of them: in the product only the
 * {@link Gate} makes one.
 */
public final class Permits {

    private Permits() {
    }

    public static LifecyclePermit toWrite(BucketRef bucket, BucketLifecycle configuration) {
        return new LifecyclePermit(bucket, configuration);
    }

    public static AbortPermit toAbort(BucketRef bucket, IncompleteUpload upload) {
        return new AbortPermit(bucket, upload);
    }
}
