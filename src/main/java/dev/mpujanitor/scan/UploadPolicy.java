package dev.mpujanitor.scan;

import java.time.Duration;
import java.util.Optional;

/**
 * What a run does about incomplete uploads themselves, besides the rule.
 *
 * @param maxListPartsCalls ListParts pages per bucket at most; past it, bytes are reported as a lower bound
 * @param abortOlderThan    abort uploads older than this now (ABORT_STALE_UPLOADS), instead of waiting for the
 *                          rule's asynchronous, day-granular processing; empty to abort nothing
 */
public record UploadPolicy(int maxListPartsCalls, StoragePrice price, Optional<Duration> abortOlderThan) {
}
