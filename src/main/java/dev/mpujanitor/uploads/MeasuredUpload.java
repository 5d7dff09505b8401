package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.IncompleteUpload;

/** An upload as the survey found it, and the bytes its parts hold (0 when they were not measured). */
public record MeasuredUpload(IncompleteUpload upload, long bytes) {
}
