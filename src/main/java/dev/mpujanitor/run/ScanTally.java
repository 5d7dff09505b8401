package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.config.UploadSettings;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.uploads.UploadInventory;
import dev.mpujanitor.uploads.UploadTotals;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's figures, added to as each bucket finishes, so that no bucket's result has to be kept. Workers add
 * concurrently; the summary is read once they are done.
 */
final class ScanTally {

    private final UploadSettings uploadSettings;
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder uploads = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder bucketsWithUploads = new LongAdder();
    private final LongAdder inexactBuckets = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final LongAdder bytesFreed = new LongAdder();
    private final LongAdder inventoryFailures = new LongAdder();
    private final LongAdder reportFailures = new LongAdder();
    private Duration oldestAge;
    private BigDecimal monthlyCost = BigDecimal.ZERO;
    private final Set<PriceSource> priceSources = EnumSet.noneOf(PriceSource.class);
    private AgeBands ages = AgeBands.none();

    ScanTally(UploadSettings uploadSettings) {
        this.uploadSettings = uploadSettings;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    void add(BucketResult result) {
        outcomes.get(result.outcome()).increment();
        if (result.outcome() == Outcome.FAILED) {
            failures.computeIfAbsent(result.reason(), code -> new LongAdder()).increment();
        }
        result.uploads().ifPresent(this::add);
    }

    private void add(UploadInventory inventory) {
        uploads.add(inventory.uploads());
        bytes.add(inventory.bytes());
        stale.add(inventory.stale());
        aborted.add(inventory.aborted());
        bytesFreed.add(inventory.bytesFreed());
        if (inventory.uploads() > 0) {
            bucketsWithUploads.increment();
        }
        if (!inventory.bytesExact()) {
            inexactBuckets.increment();
        }
        if (inventory.error().isPresent()) {
            inventoryFailures.increment();
        }
        synchronized (this) {
            monthlyCost = monthlyCost.add(inventory.monthlyCostUsd());
            inventory.byStorageClass().forEach(stored -> priceSources.add(stored.price().source()));
            ages = ages.plus(inventory.ages());
            inventory.oldestAge().ifPresent(age -> oldestAge = oldestAge == null || age.compareTo(oldestAge) > 0 ? age : oldestAge);
        }
    }

    /** A result that was processed but could not be reported: counted, so that it does not vanish in the thread pool. */
    void reportFailed() {
        reportFailures.increment();
    }

    long reportFailures() {
        return reportFailures.sum();
    }

    Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
        return counts;
    }

    Map<String, Long> failures() {
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }

    synchronized UploadTotals uploads() {
        if (!uploadSettings.listsUploads()) {
            return UploadTotals.notSurveyed();
        }
        return new UploadTotals(true, uploadSettings.inventory(), uploads.sum(), bytes.sum(), inexactBuckets.sum() == 0, bucketsWithUploads.sum(),
                Optional.ofNullable(oldestAge), monthlyCost, stale.sum(), aborted.sum(), bytesFreed.sum(), inventoryFailures.sum(), priceSources, ages);
    }

    /** Every outcome's count, zero for those not given: a summary names each outcome, even one that did not occur. */
    static Map<Outcome, Long> everyOutcome(Map<Outcome, Long> counts) {
        EnumMap<Outcome, Long> all = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            all.put(outcome, counts.getOrDefault(outcome, 0L));
        }
        return Map.copyOf(all);
    }
}
