package dev.mpujanitor.ports;

import java.time.Instant;

/** A multipart upload that was started and neither completed nor aborted. */
public record IncompleteUpload(String key, String uploadId, Instant initiated) {
}
