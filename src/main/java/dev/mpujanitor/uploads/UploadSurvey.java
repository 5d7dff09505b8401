package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.StoragePrices;
import dev.mpujanitor.config.UploadSettings;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.FailureLog;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.PartsSize;
import dev.mpujanitor.ports.UploadStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One bucket's incomplete uploads as found, before anything is written to it: how many, the bytes their parts hold
 * (ListParts, only with INVENTORY_UPLOADS), how old the oldest is, what they cost a month, and, with
 * ABORT_STALE_UPLOADS, which are older than ABORT_AFTER_DAYS. It reads and never acts: it hands each upload, once
 * counted, to the bucket pipeline, whose gate says which are stale and aborts them while the listing goes on. So the
 * figures describe the bucket as found, and memory does not grow with the number of uploads, however many a bucket
 * holds. A failure to list or measure is reported with the figures and never changes the bucket's outcome; a failure
 * of what the pipeline does with an upload is the pipeline's, and ends the survey.
 */
public final class UploadSurvey {

    private final UploadStore store;
    private final UploadSettings settings;
    private final StoragePrices prices;
    private final Clock clock;
    private final FailureLog failures;

    /**
     * @param prices   what a GB-month costs, by region and billed storage class
     * @param failures told of a failure that is not S3's answer, with its detail
     */
    public UploadSurvey(UploadStore store, UploadSettings settings, StoragePrices prices, Clock clock, FailureLog failures) {
        this.store = store;
        this.settings = settings;
        this.prices = prices;
        this.clock = clock;
        this.failures = failures;
    }

    /**
     * The bucket's figures; {@code onEach} is handed each upload as soon as it is counted, while the listing goes on.
     * What {@code onEach} throws ends the survey and is thrown from here.
     */
    public UploadInventory survey(BucketRef bucket, Consumer<MeasuredUpload> onEach) {
        Count count = new Count(bucket, clock.instant(), onEach);
        try {
            store.forEachUpload(bucket, count::add);
        } catch (ActionFailed e) {
            throw e.getCause();
        } catch (BucketCallException e) {
            count.error = e.errorCode();
        } catch (RuntimeException e) {
            // A defect costs this bucket's figures, not its outcome nor the run.
            count.error = e.getClass().getSimpleName();
            failures.unexpected(bucket, "upload-survey", e);
        }
        return count.inventory();
    }

    /** What the pipeline's action on an upload threw, carried through the listing untouched. */
    private static final class ActionFailed extends RuntimeException {
        ActionFailed(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
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
        private AgeBands ages = AgeBands.none();
        /** Storage class as started -> {uploads, bytes}. */
        private final Map<String, long[]> byStorageClass = new TreeMap<>();
        private final Consumer<MeasuredUpload> onEach;
        private String error;

        Count(BucketRef bucket, Instant now, Consumer<MeasuredUpload> onEach) {
            this.bucket = bucket;
            this.now = now;
            this.onEach = onEach;
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
            ages = ages.with(Duration.between(upload.initiated(), now), measured.getAsLong());
            long[] ofItsClass = byStorageClass.computeIfAbsent(Optional.ofNullable(upload.storageClass()).orElse("STANDARD"), c -> new long[2]);
            ofItsClass[0]++;
            ofItsClass[1] += measured.getAsLong();
            try {
                onEach.accept(new MeasuredUpload(upload, measured.getAsLong()));
            } catch (RuntimeException e) {
                throw new ActionFailed(e);
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
            if (error != null) {
                lowerBoundBecause.add("inventory-error");
            }
            Optional<Duration> oldestAge = Optional.ofNullable(oldest).map(initiated -> Duration.between(initiated, now));
            List<StoredBytes> priced = settings.inventory() ? priced() : List.of();
            BigDecimal cost = priced.stream().map(StoredBytes::monthlyCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
            UploadInventory.Builder inventory = UploadInventory.builder(uploads, bytes).ages(oldestAge, ages).cost(cost, priced).error(error);
            return (settings.inventory() ? inventory.measured(unmeasured, lowerBoundBecause) : inventory.unmeasuredBecause(lowerBoundBecause)).build();
        }

        /** Each storage class's bytes, at the price of the class they are billed as, in the bucket's region. */
        private List<StoredBytes> priced() {
            List<StoredBytes> priced = new ArrayList<>();
            byStorageClass.forEach((storageClass, figures) -> {
                String billedAs = BillingRules.billedAs(storageClass);
                Price price = prices.of(bucket.regionLabel(), billedAs);
                priced.add(new StoredBytes(storageClass, billedAs, figures[0], figures[1], price, price.monthlyCost(figures[1])));
            });
            return priced;
        }
    }
}
