package dev.mpujanitor.scan;

import dev.mpujanitor.policy.AbortRulePolicy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline of one run: listing pages feed a bounded pool of workers, each bucket's result is reported
 * as soon as it exists and only counted afterwards, so memory does not grow with the number of buckets.
 */
public final class AccountScan {

    private final BucketStore store;
    private final AbortRulePolicy policy;
    private final int maxConcurrency;
    private final ApiCalls apiCalls;

    public AccountScan(BucketStore store, AbortRulePolicy policy, int maxConcurrency, ApiCalls apiCalls) {
        this.store = store;
        this.policy = policy;
        this.maxConcurrency = maxConcurrency;
        this.apiCalls = apiCalls;
    }

    /**
     * Runs the scan to the end. Throws {@link ScanStartException} when the buckets cannot be listed, so the
     * invocation fails visibly instead of reporting an empty account.
     */
    public ScanSummary run(boolean dryRun, ScanReport report) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = apiCalls.snapshot();
        BucketRemediation remediation = new BucketRemediation(store, policy, dryRun);
        Map<Outcome, LongAdder> tally = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            tally.put(outcome, new LongAdder());
        }

        // Twice the workers in flight keeps every worker busy while a listing page is fetched, and bounds
        // how many listed-but-unprocessed buckets can pile up.
        Semaphore inFlight = new Semaphore(maxConcurrency * 2);
        ExecutorService workers = Executors.newFixedThreadPool(maxConcurrency, workerThreads());
        try {
            store.forEachBucket(bucket -> {
                inFlight.acquireUninterruptibly();
                workers.execute(() -> {
                    try {
                        BucketResult result = remediation.apply(bucket);
                        report.bucket(result);
                        tally.get(result.outcome()).increment();
                    } finally {
                        inFlight.release();
                    }
                });
            });
        } finally {
            workers.shutdown();
            awaitQuietly(workers);
        }

        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        tally.forEach((outcome, count) -> outcomes.put(outcome, count.sum()));
        ScanSummary summary = new ScanSummary(outcomes, Duration.ofNanos(System.nanoTime() - started), apiCalls.since(callsBefore), dryRun);
        report.finished(summary);
        return summary;
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
