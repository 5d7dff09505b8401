package dev.mpujanitor.scan;

import dev.mpujanitor.policy.AbortRulePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline of one run: listing pages feed a bounded pool of workers; each bucket's result is reported
 * as soon as it exists and only counted afterwards, so memory does not grow with the number of buckets.
 */
public final class AccountScan {

    private final BucketStore store;
    private final AbortRulePolicy policy;
    private final Optional<UploadPolicy> uploadPolicy;
    private final int maxConcurrency;
    private final ApiCalls apiCalls;
    private final Clock clock;

    /** @param uploadPolicy how to survey incomplete uploads; empty to leave them alone (INVENTORY_UPLOADS=false) */
    public AccountScan(BucketStore store, AbortRulePolicy policy, Optional<UploadPolicy> uploadPolicy, int maxConcurrency,
            ApiCalls apiCalls, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.uploadPolicy = uploadPolicy;
        this.maxConcurrency = maxConcurrency;
        this.apiCalls = apiCalls;
        this.clock = clock;
    }

    /**
     * Runs the scan to the end. Throws {@link ScanStartException} when the buckets cannot be listed, so the
     * invocation fails visibly instead of reporting an empty account.
     */
    public ScanSummary run(boolean dryRun, ScanReport report) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = apiCalls.snapshot();
        BucketRemediation remediation = new BucketRemediation(store, policy, dryRun);
        Optional<UploadSurvey> survey = uploadPolicy.map(uploads -> new UploadSurvey(store, uploads, dryRun, clock, report::staleUpload));
        ScanTally tally = new ScanTally(survey.isPresent());

        // Twice the workers in flight keeps every worker busy while a listing page is fetched, and bounds
        // how many listed-but-unprocessed buckets can pile up.
        Semaphore inFlight = new Semaphore(maxConcurrency * 2);
        ExecutorService workers = Executors.newFixedThreadPool(maxConcurrency, workerThreads());
        try {
            store.forEachBucket(bucket -> {
                inFlight.acquireUninterruptibly();
                workers.execute(() -> {
                    try {
                        BucketResult result = process(bucket, remediation, survey);
                        report.bucket(result);
                        tally.add(result);
                    } finally {
                        inFlight.release();
                    }
                });
            });
        } finally {
            workers.shutdown();
            awaitQuietly(workers);
        }

        ScanSummary summary = new ScanSummary(tally.outcomes(), tally.failures(), Duration.ofNanos(System.nanoTime() - started),
                apiCalls.since(callsBefore), dryRun, tally.uploads());
        report.finished(summary);
        return summary;
    }

    private BucketResult process(BucketRef listed, BucketRemediation remediation, Optional<UploadSurvey> survey) {
        BucketRef bucket;
        try {
            bucket = store.locate(listed);
        } catch (BucketCallException e) {
            return BucketResult.failed(listed, e.errorCode(), e.getMessage(), -1);
        } catch (RuntimeException e) {
            return BucketResult.failed(listed, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), -1);
        }
        BucketResult result = remediation.apply(bucket);
        return survey.map(uploads -> result.withUploads(uploads.survey(bucket))).orElse(result);
    }

    private static void awaitQuietly(ExecutorService workers) {
        boolean interrupted = false;
        while (true) {
            try {
                if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "bucket-worker-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
