package dev.mpujanitor.bench;

import dev.mpujanitor.bucket.AbortPermit;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.ports.PartsSize;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.testing.InMemoryS3Account;
import dev.mpujanitor.testing.Scans;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadInventory;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Whether memory stays bounded however many stale uploads a bucket holds: one bucket of {@code bench.uploads}
 * (default 1,000,000) stale uploads with 1 KiB keys, from a store that makes them up as they are listed, through a
 * whole run with ABORT_STALE_UPLOADS. Run it under a small heap ({@code ./mvnw -q -Pmemory-benchmark} gives it
 * 128 MiB): it prints the heap in use after a full collection at a tenth and at nine tenths of the listing, and
 * what that difference comes to per upload, and exits 1 unless every upload was counted and aborted exactly once.
 */
public final class StaleUploadsMemory {

    private static final int KEY_BYTES = 1024;
    private static final long PART_BYTES = 5L << 20;

    private StaleUploadsMemory() {
    }

    public static void main(String[] args) {
        long uploads = Long.getLong("bench.uploads", 1_000_000L);
        ManyStaleUploads account = new ManyStaleUploads(uploads);
        AtomicLong reportedStale = new AtomicLong();
        BucketResult[] result = new BucketResult[1];
        ScanReport report = new ScanReport() {
            @Override
            public void bucket(BucketResult bucket) {
                result[0] = bucket;
            }

            @Override
            public void staleUpload(StaleUpload upload) {
                reportedStale.incrementAndGet();
            }

            @Override
            public void finished(ScanSummary summary) {
            }
        };
        Settings settings = Settings.fromEnv(Map.of("ABORT_STALE_UPLOADS", "true", "MAX_CONCURRENCY", "1"));
        long started = System.nanoTime();
        ScanSummary summary = Scans.of(account, settings, Clock.systemUTC())
                .run(ScanStart.whole(false, RunBudget.unlimited()), report);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        UploadInventory inventory = result[0].uploads().orElseThrow();
        long measuredSpan = account.usedAtNineTenths - account.usedAtOneTenth;
        long uploadsBetween = uploads * 8 / 10;
        System.out.printf("max heap                 %,d bytes%n", Runtime.getRuntime().maxMemory());
        System.out.printf("uploads listed           %,d%n", account.listed.get());
        System.out.printf("counted / stale          %,d / %,d%n", inventory.uploads(), inventory.stale());
        System.out.printf("aborted (store / record) %,d / %,d, reported %,d%n", account.aborted.get(), inventory.aborted(), reportedStale.get());
        System.out.printf("heap in use after a full collection: %,d bytes at %,d uploads, %,d bytes at %,d uploads%n",
                account.usedAtOneTenth, uploads / 10, account.usedAtNineTenths, uploads * 9 / 10);
        System.out.printf("retained per upload      %.3f bytes%n", (double) measuredSpan / uploadsBetween);
        System.out.printf("run                      %s, complete %s, %d s%n", result[0].outcome(), summary.complete(), took.toSeconds());
        boolean exact = account.listed.get() == uploads && inventory.uploads() == uploads && inventory.stale() == uploads
                && account.aborted.get() == uploads && inventory.aborted() == uploads && reportedStale.get() == uploads && summary.complete();
        System.out.println(exact ? "exact: every upload counted and aborted once" : "NOT EXACT");
        System.exit(exact ? 0 : 1);
    }

    /** One bucket whose uploads are made up as they are listed, so that only what the run keeps stays on the heap. */
    private static final class ManyStaleUploads extends InMemoryS3Account {
        private final long uploads;
        private final Instant initiated = Instant.now().minus(Duration.ofDays(30));
        private final AtomicLong listed = new AtomicLong();
        private final AtomicLong aborted = new AtomicLong();
        private long usedAtOneTenth;
        private long usedAtNineTenths;

        ManyStaleUploads(long uploads) {
            this.uploads = uploads;
            bucket("many-stale-uploads", "eu-west-1", BucketLifecycle.none());
        }

        @Override
        public void forEachUpload(BucketRef bucket, Consumer<IncompleteUpload> action) {
            String padding = "k".repeat(KEY_BYTES - 12);
            for (long i = 0; i < uploads; i++) {
                if (i == uploads / 10) {
                    usedAtOneTenth = heapAfterFullCollection();
                } else if (i == uploads * 9 / 10) {
                    usedAtNineTenths = heapAfterFullCollection();
                }
                // A new key each time, as a listing page's parser would make it.
                action.accept(new IncompleteUpload(String.format("%s%012d", padding, i), "upload-" + i, initiated, "STANDARD"));
                listed.incrementAndGet();
            }
        }

        @Override
        public PartsSize measureParts(BucketRef bucket, IncompleteUpload upload, int maxCalls) {
            return new PartsSize(PART_BYTES, true, 1);
        }

        @Override
        public void abortUpload(AbortPermit permit) {
            aborted.incrementAndGet();
        }

        private static long heapAfterFullCollection() {
            System.gc();
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
