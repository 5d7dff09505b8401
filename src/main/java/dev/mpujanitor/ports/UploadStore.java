package dev.mpujanitor.ports;

import java.util.function.Consumer;

/** The upload inventory's view of one bucket: its incomplete multipart uploads, read only. Throws {@link BucketCallException}. */
public interface UploadStore {

    /** Hands every incomplete multipart upload of the bucket to {@code action} as the listing pages arrive. */
    void forEachUpload(BucketRef bucket, Consumer<IncompleteUpload> action);

    /** Adds up the sizes of an upload's parts, reading at most {@code maxCalls} pages of them. */
    PartsSize measureParts(BucketRef bucket, IncompleteUpload upload, int maxCalls);
}
