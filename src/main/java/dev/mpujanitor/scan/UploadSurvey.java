package dev.mpujanitor.scan;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Counts one bucket's incomplete uploads and the bytes their parts hold, and with ABORT_STALE_UPLOADS aborts
 * those older than ABORT_AFTER_DAYS. A failure here is reported with the inventory and never changes the
 * bucket's outcome: the lifecycle rule matters more than the figures.
 */
final class UploadSurvey {

    private final BucketStore store;
    private final UploadPolicy policy;
    private final boolean dryRun;
    private final Clock clock;
    private final Consumer<StaleUpload> staleUploads;
    private final BooleanSupplier abandoned;

    UploadSurvey(BucketStore store, UploadPolicy policy, boolean dryRun, Clock clock, Consumer<StaleUpload> staleUploads,
            BooleanSupplier abandoned) {
        this.store = store;
        this.policy = policy;
        this.dryRun = dryRun;
        this.clock = clock;
        this.staleUploads = staleUploads;
        this.abandoned = abandoned;
    }

    UploadInventory survey(BucketRef bucket) {
        Count count = new Count(bucket, clock.instant());
        try {
            store.forEachUpload(bucket, count::add);
        } catch (BucketCallException e) {
            count.error = e.errorCode();
        } catch (RuntimeException e) {
            // A defect costs this bucket's figures, not its outcome nor the run.
            count.error = e.getClass().getSimpleName();
        }
        return count.inventory();
    }

    /** The running figures of one bucket; a bucket is surveyed by one thread, so nothing is shared. */
    private final class Count {
        private final BucketRef bucket;
        private final Instant now;
        private int listPartsBudget = policy.maxListPartsCalls();
        private long uploads;
        private long bytes;
        private long unmeasured;
        private final Set<String> lowerBoundBecause = new TreeSet<>();
        private Instant oldest;
        private long stale;
        private long aborted;
        private long bytesFreed;
        private String error;

        Count(BucketRef bucket, Instant now) {
            this.bucket = bucket;
            this.now = now;
        }

        void add(IncompleteUpload upload) {
            OptionalLong measured = measure(upload);
            if (measured.isEmpty()) {
                return;
            }
            uploads++;
            bytes += measured.getAsLong();
            if (oldest == null || upload.initiated().isBefore(oldest)) {
                oldest = upload.initiated();
            }
            if (isStale(upload)) {
                stale++;
                boolean abortedNow = !dryRun && !abandoned.getAsBoolean() && abort(upload);
                if (abortedNow) {
                    aborted++;
                    bytesFreed += measured.getAsLong();
                }
                if (dryRun || abortedNow) {
                    staleUploads.accept(new StaleUpload(bucket, upload, measured.getAsLong(), abortedNow));
                }
            }
        }

        /** Strictly older than the threshold: an upload of exactly that age may still be completing. */
        private boolean isStale(IncompleteUpload upload) {
            return policy.abortOlderThan().map(age -> upload.initiated().plus(age).isBefore(now)).orElse(false);
        }

        /** False when the upload was completed or aborted since it was listed. */
        private boolean abort(IncompleteUpload upload) {
            try {
                store.abortUpload(bucket, upload);
                return true;
            } catch (BucketCallException e) {
                if ("NoSuchUpload".equals(e.errorCode())) {
                    return false;
                }
                throw e;
            }
        }

        /** The parts' bytes; 0 when they cannot be measured; empty when the upload is gone since it was listed. */
        private OptionalLong measure(IncompleteUpload upload) {
            if (listPartsBudget <= 0) {
                unmeasured++;
                lowerBoundBecause.add("list-parts-cap");
                return OptionalLong.of(0);
            }
            try {
                PartsSize parts = store.measureParts(bucket, upload, listPartsBudget);
                listPartsBudget -= parts.calls();
                if (!parts.complete()) {
                    lowerBoundBecause.add("list-parts-cap");
                }
                return OptionalLong.of(parts.bytes());
            } catch (BucketCallException e) {
                return switch (e.errorCode()) {
                    // Ceph RGW answers NoSuchKey where S3 answers NoSuchUpload.
                    case "NoSuchUpload", "NoSuchKey" -> OptionalLong.empty();
                    // ListParts on an SSE-KMS upload needs kms:Decrypt on its key: counted, bytes unknown.
                    case "AccessDenied" -> {
                        unmeasured++;
                        lowerBoundBecause.add("list-parts-denied");
                        yield OptionalLong.of(0);
                    }
                    default -> throw e;
                };
            }
        }

        UploadInventory inventory() {
            Optional<Duration> oldestAge = Optional.ofNullable(oldest).map(initiated -> Duration.between(initiated, now));
            BigDecimal cost = policy.price().monthlyCost(bytes);
            if (error != null) {
                lowerBoundBecause.add("inventory-error");
            }
            return new UploadInventory(uploads, bytes, lowerBoundBecause.isEmpty(), unmeasured, oldestAge, cost,
                    stale, aborted, bytesFreed, Optional.ofNullable(error), lowerBoundBecause);
        }
    }
}
