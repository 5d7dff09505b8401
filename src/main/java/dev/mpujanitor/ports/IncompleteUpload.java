package dev.mpujanitor.ports;

import java.time.Instant;

/**
 * A multipart upload that was started and neither completed nor aborted.
 *
 * @param storageClass the class it was started with, which its parts are billed in; null when the store did not say
 */
public record IncompleteUpload(String key, String uploadId, Instant initiated, String storageClass) {
}
