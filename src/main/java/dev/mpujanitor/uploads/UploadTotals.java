package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.PriceSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The account's incomplete uploads, added up over the buckets whose uploads were listed.
 *
 * @param surveyed          false when neither INVENTORY_UPLOADS nor ABORT_STALE_UPLOADS is on: no upload was listed,
 *                          and every figure is zero and means nothing
 * @param bytesMeasured     false when INVENTORY_UPLOADS is off: the bytes, the cost and the bytes freed mean nothing
 * @param bucketsWithUploads buckets holding at least one incomplete upload
 * @param bytesExact        false when some bucket's bytes are a lower bound
 * @param inventoryFailures buckets whose survey or aborts stopped on an error
 * @param priceSources      where the prices behind {@code monthlyCostUsd} came from
 * @param ages              the uploads by how long ago they began
 */
public record UploadTotals(
        boolean surveyed,
        boolean bytesMeasured,
        long uploads,
        long bytes,
        boolean bytesExact,
        long bucketsWithUploads,
        Optional<Duration> oldestAge,
        BigDecimal monthlyCostUsd,
        long stale,
        long aborted,
        long bytesFreed,
        long inventoryFailures,
        Set<PriceSource> priceSources,
        AgeBands ages) {

    public UploadTotals {
        priceSources = Set.copyOf(priceSources);
    }

    public static UploadTotals notSurveyed() {
        return new UploadTotals(false, false, 0, 0, true, 0, Optional.empty(), BigDecimal.ZERO, 0, 0, 0, 0, Set.of(), AgeBands.none());
    }
}
