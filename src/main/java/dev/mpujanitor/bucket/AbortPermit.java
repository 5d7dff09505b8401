package dev.mpujanitor.bucket;

import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;

/**
 * Leave to abort one incomplete upload of one bucket, which only the {@link Gate} issues: a {@link BucketWrites}
 * cannot abort without one, so no abort can go around the gate.
 */
public final class AbortPermit {

    private final BucketRef bucket;
    private final IncompleteUpload upload;

    AbortPermit(BucketRef bucket, IncompleteUpload upload) {
        this.bucket = bucket;
        this.upload = upload;
    }

    public BucketRef bucket() {
        return bucket;
    }

    public IncompleteUpload upload() {
        return upload;
    }
}
