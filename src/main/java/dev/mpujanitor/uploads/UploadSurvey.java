package dev.mpujanitor.uploads;

import dev.mpujanitor.config.UploadSettings;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.PartsSize;
import dev.mpujanitor.ports.UploadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One bucket's incomplete uploads as found, before anything is written to it: how many, the bytes their parts hold
 * (ListParts, only with INVENTORY_UPLOADS), how old the oldest is, what they cost a month, and, with
 * ABORT_STALE_UPLOADS, which are older than ABORT_AFTER_DAYS. It reads and never acts: aborting is the bucket
 * pipeline's, behind its gate. A failure here is reported with the figures and never changes the bucket's outcome.
 */
public final class UploadSurvey {

    private final UploadStore store;
    private final UploadSettings settings;
    private final StoragePrice price;
    private final Optional<Duration> staleAfter;
    private final Clock clock;

    public UploadSurvey(UploadStore store, UploadSettings settings, int abortAfterDays, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.price = new StoragePrice(settings.pricePerGbMonth());
        this.staleAfter = settings.abortStale() ? Optional.of(Duration.ofDays(abortAfterDays)) : Optional.empty();
        this.clock = clock;
    }

    public UploadsFound survey(BucketRef bucket) {
        Count count = new Count(bucket, clock.instant());
        try {
            store.forEachUpload(bucket, count::add);
        } catch (BucketCallException e) {
            count.error = e.errorCode();
        } catch (RuntimeException e) {
            // A defect costs this bucket's figures, not its outcome nor the run.
            count.error = e.getClass().getSimpleName();
        }
        return count.found();
    }

    /** The running figures of one bucket; a bucket is surveyed by one thread, so nothing is shared. */
    private final class Count {
        private final BucketRef bucket;
        private final Instant now;
        private int listPartsBudget = settings.maxListPartsCalls();
        private long uploads;
        private long bytes;
        private long unmeasured;
        private final Set<String> lowerBoundBecause = new TreeSet<>();
        private Instant oldest;
        private final List<UploadsFound.Measured> stale = new ArrayList<>();
        private String error;

        Count(BucketRef bucket, Instant now) {
            this.bucket = bucket;
            this.now = now;
        }

        void add(IncompleteUpload upload) {
            OptionalLong measured = settings.inventory() ? measure(upload) : OptionalLong.of(0);
            if (measured.isEmpty()) {
                return;
            }
            uploads++;
            bytes += measured.getAsLong();
            if (oldest == null || upload.initiated().isBefore(oldest)) {
                oldest = upload.initiated();
            }
            if (isStale(upload)) {
                stale.add(new UploadsFound.Measured(upload, measured.getAsLong()));
            }
        }

        /** Strictly older than the threshold: an upload of exactly that age may still be completing. */
        private boolean isStale(IncompleteUpload upload) {
            return staleAfter.map(age -> upload.initiated().plus(age).isBefore(now)).orElse(false);
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

        UploadsFound found() {
            if (error != null) {
                lowerBoundBecause.add("inventory-error");
            }
            Optional<Duration> oldestAge = Optional.ofNullable(oldest).map(initiated -> Duration.between(initiated, now));
            UploadInventory inventory = new UploadInventory(uploads, bytes, settings.inventory(), lowerBoundBecause.isEmpty() && settings.inventory(),
                    unmeasured, oldestAge, price.monthlyCost(bytes), stale.size(), 0, 0, Optional.ofNullable(error), lowerBoundBecause);
            return new UploadsFound(inventory, stale);
        }
    }
}
