package dev.mpujanitor.uploads;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One bucket's incomplete uploads as the run found them: how many, the bytes their parts hold, how old the oldest
 * is, what that costs a month, and what this run aborted.
 *
 * @param bytesMeasured     false when INVENTORY_UPLOADS is off: the uploads were listed (to find the stale ones) but
 *                          no part was measured, so {@code bytes}, the cost and {@code bytesFreed} mean nothing
 * @param bytesExact        false when some uploads' parts were not (fully) measured: {@code bytes} is then a lower bound
 * @param unmeasured        uploads whose parts could not be listed (ListParts refused, typically SSE-KMS without
 *                          kms:Decrypt) or were left out once the ListParts budget was spent
 * @param stale             uploads older than ABORT_AFTER_DAYS, which ABORT_STALE_UPLOADS aborts
 * @param aborted           uploads this run aborted (0 in a dry run)
 * @param bytesFreed        measured bytes of the aborted uploads
 * @param error             the error code that stopped the inventory or the aborts early; the figures are then partial
 * @param lowerBoundBecause why {@code bytes} is a lower bound, empty when it is exact: {@code list-parts-denied}
 *                          (ListParts refused, typically an SSE-KMS upload without kms:Decrypt), {@code list-parts-cap}
 *                          (MAX_LIST_PARTS_CALLS reached), {@code inventory-error}
 * @param byStorageClass    the bytes and their cost, by the storage class the uploads were started with; empty when
 *                          the bytes were not measured
 * @param ages              the uploads by how long ago they began
 */
public record UploadInventory(
        long uploads,
        long bytes,
        boolean bytesMeasured,
        boolean bytesExact,
        long unmeasured,
        Optional<Duration> oldestAge,
        BigDecimal monthlyCostUsd,
        long stale,
        long aborted,
        long bytesFreed,
        Optional<String> error,
        Set<String> lowerBoundBecause,
        List<StoredBytes> byStorageClass,
        AgeBands ages) {

    public UploadInventory {
        lowerBoundBecause = Set.copyOf(lowerBoundBecause);
        byStorageClass = List.copyOf(byStorageClass);
    }

    /**
     * The same figures with the stale uploads the gate found among them and what the aborts did: an abort that failed
     * ends the aborts and is this bucket's error.
     */
    public UploadInventory withAborts(long staleFound, long abortedNow, long freed, Optional<String> abortError) {
        return new UploadInventory(uploads, bytes, bytesMeasured, bytesExact, unmeasured, oldestAge, monthlyCostUsd, staleFound, abortedNow,
                bytesMeasured ? freed : 0, error.or(() -> abortError), lowerBoundBecause, byStorageClass, ages);
    }

    /** Figures of {@code uploads} uploads holding {@code bytes}: nothing measured, priced, aborted or failed until said. */
    public static Builder builder(long uploads, long bytes) {
        return new Builder(uploads, bytes);
    }

    /** An inventory, group of figures by named group. */
    public static final class Builder {
        private final long uploads;
        private final long bytes;
        private boolean bytesMeasured;
        private boolean bytesExact;
        private long unmeasured;
        private Set<String> lowerBoundBecause = Set.of();
        private Optional<Duration> oldestAge = Optional.empty();
        private AgeBands ages = AgeBands.none();
        private BigDecimal monthlyCostUsd = BigDecimal.ZERO;
        private List<StoredBytes> byStorageClass = List.of();
        private long stale;
        private long aborted;
        private long bytesFreed;
        private Optional<String> error = Optional.empty();

        private Builder(long uploads, long bytes) {
            this.uploads = uploads;
            this.bytes = bytes;
        }

        /** The parts were measured: exactly, or as a lower bound for the reasons given, {@code unmeasured} uploads left out. */
        public Builder measured(long unmeasuredUploads, Set<String> lowerBoundReasons) {
            bytesMeasured = true;
            unmeasured = unmeasuredUploads;
            lowerBoundBecause = lowerBoundReasons;
            bytesExact = lowerBoundReasons.isEmpty();
            return this;
        }

        /** Listed, not measured, for these reasons (such as {@code inventory-error}). */
        public Builder unmeasuredBecause(Set<String> reasons) {
            lowerBoundBecause = reasons;
            return this;
        }

        public Builder ages(Optional<Duration> oldest, AgeBands bands) {
            oldestAge = oldest;
            ages = bands;
            return this;
        }

        public Builder cost(BigDecimal monthlyUsd, List<StoredBytes> byClass) {
            monthlyCostUsd = monthlyUsd;
            byStorageClass = byClass;
            return this;
        }

        public Builder aborts(long staleFound, long abortedNow, long freed) {
            stale = staleFound;
            aborted = abortedNow;
            bytesFreed = freed;
            return this;
        }

        public Builder error(String code) {
            error = Optional.ofNullable(code);
            return this;
        }

        public UploadInventory build() {
            return new UploadInventory(uploads, bytes, bytesMeasured, bytesExact, unmeasured, oldestAge, monthlyCostUsd, stale, aborted, bytesFreed,
                    error, lowerBoundBecause, byStorageClass, ages);
        }
    }
}
