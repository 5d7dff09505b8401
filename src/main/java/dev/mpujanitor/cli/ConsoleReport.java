package dev.mpujanitor.cli;

import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadTotals;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a person at a terminal sees: one line per bucket that needs attention or was changed, a summary table at
 * the end and, on a terminal only, a progress line on stderr that rewrites itself.
 */
final class ConsoleReport implements ScanReport {

    private static final String ROW = "%-40s %-16s %-16s %s%n";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean progress;
    private final boolean verbose;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile long lastProgressNanos;
    private boolean headerPrinted;

    /**
     * @param progress show the progress line (only on a terminal: a log file would get a line per bucket)
     * @param verbose  list compliant buckets too
     */
    ConsoleReport(PrintStream out, PrintStream err, boolean progress, boolean verbose) {
        this.out = out;
        this.err = err;
        this.progress = progress;
        this.verbose = verbose;
    }

    @Override
    public void started(BucketRef bucket) {
        started.incrementAndGet();
    }

    @Override
    public synchronized void bucket(BucketResult result) {
        done.incrementAndGet();
        if (verbose || result.outcome() != Outcome.COMPLIANT) {
            if (!headerPrinted) {
                clearProgress();
                out.printf(ROW, "BUCKET", "REGION", "OUTCOME", "REASON");
                headerPrinted = true;
            }
            clearProgress();
            out.printf(ROW, result.bucket(), result.region(), result.outcome(), result.reason()
                    + result.uploads().filter(uploads -> uploads.uploads() > 0)
                            .map(uploads -> "  (" + uploads.uploads() + " incomplete uploads, " + bytes(uploads.bytes()) + ")").orElse(""));
        }
        showProgress();
    }

    @Override
    public synchronized void staleUpload(StaleUpload stale) {
        clearProgress();
        out.printf("  %s s3://%s/%s  %s, started %s%n", stale.aborted() ? "aborted" : "would abort", stale.bucket().name(),
                stale.upload().key(), bytes(stale.bytes()), stale.upload().initiated());
    }

    @Override
    public synchronized void finished(ScanSummary summary) {
        clearProgress();
        out.println();
        out.println("Summary" + (summary.dryRun() ? " (dry run: nothing was written)" : ""));
        line("buckets", Long.toString(summary.buckets()));
        for (Outcome outcome : Outcome.values()) {
            if (summary.count(outcome) > 0) {
                line("  " + outcome, Long.toString(summary.count(outcome)));
            }
        }
        summary.failures().forEach((code, count) -> line("  failed with " + code, Long.toString(count)));
        UploadTotals uploads = summary.uploads();
        if (uploads.surveyed()) {
            line("incomplete uploads", uploads.uploads() + " in " + uploads.bucketsWithUploads() + " buckets");
            line("bytes held", bytes(uploads.bytes()) + (uploads.bytesExact() ? "" : " at least"));
            line("monthly cost", String.format(Locale.ROOT, "about USD %.2f", uploads.monthlyCostUsd()));
            uploads.oldestAge().ifPresent(age -> line("oldest upload", age.toDays() + " days"));
            if (uploads.stale() > 0) {
                line(summary.dryRun() ? "would abort" : "aborted", (summary.dryRun() ? uploads.stale() : uploads.aborted()) + " uploads"
                        + (summary.dryRun() ? "" : ", " + bytes(uploads.bytesFreed()) + " freed"));
            }
        }
        if (!summary.reach().notFound().isEmpty()) {
            line("not in the account", String.join(", ", summary.reach().notFound()));
        }
        line("S3 calls", Long.toString(summary.totalApiCalls()));
        line("duration", summary.duration().toMillis() + " ms");
        out.flush();
    }

    private void line(String label, String value) {
        out.printf("  %-22s %s%n", label, value);
    }

    private void showProgress() {
        if (!progress) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastProgressNanos < 200_000_000L) {
            return;
        }
        lastProgressNanos = now;
        long finished = done.get();
        long listed = started.get();
        double seconds = Math.max(0.001, (now - startedNanos) / 1e9);
        double rate = finished / seconds;
        String eta = rate > 0 ? Duration.ofSeconds((long) ((listed - finished) / rate)).toString().substring(2).toLowerCase(Locale.ROOT) : "?";
        err.printf(Locale.ROOT, "\r%d/%d buckets, %.0f/s, ETA %s (of the buckets listed so far)   ", finished, listed, rate, eta);
        err.flush();
    }

    private void clearProgress() {
        if (progress) {
            err.print("\r\033[2K");
            err.flush();
        }
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
