package dev.mpujanitor.testing;

import java.util.Random;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** Incomplete multipart uploads with real parts of known sizes, made with a plain SDK client. */
public final class Uploads {

    public static final long MIB = 1L << 20;

    private Uploads() {
    }

    /** Starts an upload and uploads one part of each size, in order; never completes it. Returns the upload id. */
    public static String startIncomplete(S3Client s3, String bucket, String key, long... partSizes) {
        return startIncomplete(s3, bucket, key, StorageClass.STANDARD, partSizes);
    }

    /** The same, for an upload started with a storage class, which its parts are billed in. */
    public static String startIncomplete(S3Client s3, String bucket, String key, StorageClass storageClass, long... partSizes) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).storageClass(storageClass)).uploadId();
        Random random = new Random(key.hashCode());
        for (int i = 0; i < partSizes.length; i++) {
            byte[] bytes = new byte[Math.toIntExact(partSizes[i])];
            random.nextBytes(bytes);
            int partNumber = i + 1;
            s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber), RequestBody.fromBytes(bytes));
        }
        return uploadId;
    }
}
