package dev.mpujanitor.report;

import static dev.mpujanitor.config.Untrusted.escaped;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadTotals;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a person at a terminal sees: while the scan runs, a progress line on stderr (on a terminal only) that rewrites
 * itself; at the end, a table of the buckets that were changed or need attention, sorted by name so that two runs
 * read alike, the stale uploads acted on, and a summary. Every name, key, reason and code in it came from a server, and
 * is shown with its control characters escaped.
 */
public final class ConsoleReport implements ScanReport {

    private static final String ROW = "%-40s %-16s %-16s %s%n";
    private static final String ACCOUNT_COLUMN = "%-14s ";
    private static final String ACCOUNT_ROW = "%-14s %-12s %8s %8s %8s %14s  %s%n";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean progress;
    private final boolean verbose;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final List<BucketResult> rows = new ArrayList<>();
    /** The first stale uploads of each bucket, by bucket: a bucket may hold millions, the table shows a few. */
    private final Map<String, StaleShown> stale = new TreeMap<>();
    private long lastProgressNanos;

    /**
     * @param progress show the progress line (only on a terminal: a log file would get a line per bucket)
     * @param verbose  list compliant buckets too
     */
    public ConsoleReport(PrintStream out, PrintStream err, boolean progress, boolean verbose) {
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
            rows.add(result);
        }
        showProgress();
    }

    @Override
    public synchronized void staleUpload(StaleUpload upload) {
        stale.computeIfAbsent(upload.bucket().name() + '\0' + upload.account().orElse(""), bucket -> new StaleShown()).add(upload);
    }

    @Override
    public synchronized void finished(ScanSummary summary) {
        clearProgress();
        // Several accounts: each bucket row says whose it is, and the rows come account by account.
        boolean byAccount = summary.organization().filter(organization -> organization.accounts().size() > 1).isPresent();
        if (!rows.isEmpty()) {
            out.print(byAccount ? String.format(ACCOUNT_COLUMN, "ACCOUNT") : "");
            out.printf(ROW, "BUCKET", "REGION", "OUTCOME", "REASON");
            rows.stream().sorted(Comparator.comparing((BucketResult result) -> result.account().orElse("")).thenComparing(BucketResult::bucket)).forEach(result -> {
                out.print(byAccount ? String.format(ACCOUNT_COLUMN, escaped(result.account().orElse("-"))) : "");
                out.printf(ROW, escaped(result.bucket()), escaped(result.region()), result.outcome(), escaped(result.reason()) + result.uploads().filter(uploads -> uploads.uploads() > 0)
                        .map(uploads -> "  (" + Figures.count(uploads.uploads(), "incomplete upload")
                                + (uploads.bytesMeasured() ? ", " + Figures.bytes(uploads.bytes()) : "") + ")").orElse(""));
            });
        } else if (summary.buckets() > 0 && summary.count(Outcome.COMPLIANT) == summary.buckets()) {
            out.println(summary.buckets() == 1 ? "The bucket is covered: nothing to change."
                    : "All " + summary.buckets() + " buckets are covered: nothing to change.");
        }
        rows.stream().filter(result -> result.lifecycleShutOut().isPresent()).sorted(Comparator.comparing(BucketResult::bucket)).forEach(this::statementToAdd);
        stale.values().forEach(this::staleUploads);
        summary.organization().filter(organization -> byAccount).ifPresent(this::accounts);
        summaryLines(summary);
        out.flush();
    }

    /** What a directory bucket's policy needs for S3 Lifecycle to act on it, to copy as it is. */
    private void statementToAdd(BucketResult result) {
        LifecycleAccess access = result.lifecycleShutOut().orElseThrow();
        out.println();
        out.println("S3 Lifecycle cannot act on " + escaped(result.bucket()) + ": " + escaped(access.shutOut().orElse(""))
                + ". Add this statement to its bucket policy:");
        out.println("  " + escaped(access.statementToAdd()));
    }

    /** The run's figures, a line each, after the table. */
    private void summaryLines(ScanSummary summary) {
        out.println();
        out.println("Summary" + (summary.dryRun() ? " (dry run: nothing was written)" : ""));
        summary.organization().ifPresent(organization -> {
            line("accounts", organization.scanned() + " scanned" + (organization.failed() > 0 ? ", " + organization.failed() + " failed" : "")
                    + (organization.excluded() > 0 ? ", " + organization.excluded() + " excluded" : "")
                    + (organization.inactive() > 0 ? ", " + organization.inactive() + " suspended or closed" : ""));
            if (organization.scanned() < organization.accounts().size()) {
                line("  not reached", Long.toString(organization.accounts().size() - organization.scanned()));
            }
        });
        line("buckets", Long.toString(summary.buckets()));
        for (Outcome outcome : Outcome.values()) {
            if (summary.count(outcome) > 0) {
                line("  " + outcome, Long.toString(summary.count(outcome)));
            }
        }
        summary.failures().forEach((code, count) -> line("  failed with " + escaped(code), Long.toString(count)));
        UploadTotals uploads = summary.uploads();
        if (uploads.surveyed()) {
            line("incomplete uploads", uploads.uploads() + " in " + Figures.count(uploads.bucketsWithUploads(), "bucket"));
            if (uploads.bytesMeasured()) {
                line("bytes held", Figures.bytes(uploads.bytes()) + (uploads.bytesExact() ? "" : " at least"));
                line("monthly cost", "about " + Figures.usd(uploads.monthlyCostUsd()));
            }
            uploads.oldestAge().ifPresent(age -> line("oldest upload", Figures.count(age.toDays(), "day") + " old"));
            if (uploads.stale() > 0) {
                line(summary.dryRun() ? "would abort" : "aborted", Figures.count(summary.dryRun() ? uploads.stale() : uploads.aborted(), "upload")
                        + (summary.dryRun() || !uploads.bytesMeasured() ? "" : ", " + Figures.bytes(uploads.bytesFreed()) + " freed"));
            }
        }
        if (!summary.reach().notFound().isEmpty()) {
            line("not in the account", escaped(String.join(", ", summary.reach().notFound())));
        }
        line("AWS calls", Long.toString(summary.totalApiCalls()));
        line("duration", summary.duration().toMillis() + " ms");
    }

    /** One row per account, in the order covered: what became of it, and what its incomplete uploads cost. */
    private void accounts(OrganizationSummary organization) {
        out.println();
        out.printf(ACCOUNT_ROW, "ACCOUNT", "STATUS", "BUCKETS", "FAILED", "UPLOADS", "MONTHLY COST", "ERROR");
        for (AccountResult account : organization.accounts()) {
            UploadTotals uploads = account.uploads();
            out.printf(ACCOUNT_ROW, escaped(account.account().label()), account.status(), account.buckets(), account.outcomes().get(Outcome.FAILED),
                    uploads.surveyed() ? Long.toString(uploads.uploads()) : "-", uploads.bytesMeasured() ? Figures.usd(uploads.monthlyCostUsd()) : "-",
                    escaped(account.errorCode().orElse("")));
        }
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

    private void staleUploads(StaleShown bucket) {
        bucket.first.forEach(upload -> out.printf("  %s s3://%s/%s  %s, started %s%n", upload.aborted() ? "aborted" : "would abort",
                escaped(upload.bucket().name()), escaped(upload.upload().key()), Figures.bytes(upload.bytes()), upload.upload().initiated()));
        if (bucket.more > 0) {
            StaleUpload last = bucket.first.get(bucket.first.size() - 1);
            out.printf("  and %,d more in s3://%s%n", bucket.more, escaped(last.bucket().name()));
        }
    }

    /** One bucket's stale uploads as the table shows them: the first few in the order listed, and how many more. */
    private static final class StaleShown {
        /** Enough to show what kind of uploads they are; the figures count them all. */
        private static final int SHOWN = 5;
        private final List<StaleUpload> first = new ArrayList<>(SHOWN);
        private long more;

        void add(StaleUpload upload) {
            if (first.size() < SHOWN) {
                first.add(upload);
            } else {
                more++;
            }
        }
    }
}
