package dev.mpujanitor.scan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The account's incomplete uploads, added up over the buckets that were surveyed.
 *
 * @param surveyed          false when INVENTORY_UPLOADS is off: then every figure is zero and means nothing
 * @param bucketsWithUploads buckets holding at least one incomplete upload
 * @param bytesExact        false when some bucket's bytes are a lower bound
 * @param inventoryFailures buckets whose survey stopped on an error
 */
public record UploadTotals(
        boolean surveyed,
        long uploads,
        long bytes,
        boolean bytesExact,
        long bucketsWithUploads,
        Optional<Duration> oldestAge,
        BigDecimal monthlyCostUsd,
        long stale,
        long aborted,
        long bytesFreed,
        long inventoryFailures) {

    public static UploadTotals notSurveyed() {
        return new UploadTotals(false, 0, 0, true, 0, Optional.empty(), BigDecimal.ZERO, 0, 0, 0, 0);
    }
}
