package dev.mpujanitor.scan;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketExclusions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The pipeline of one run: listing pages feed a bounded pool of workers; each bucket's result is reported
 * as soon as it exists and only counted afterwards, so memory does not grow with the number of buckets.
 *
 * <p>The run keeps to its {@link RunBudget}: it stops starting buckets in time for the ones in flight to
 * finish, and reports where a continuation must resume. ListBuckets returns buckets in name order, so "every
 * bucket from this name on" is a complete description of what is left.
 */
public final class AccountScan {

    private final BucketStore store;
    private final AbortRulePolicy policy;
    private final BucketExclusions exclusions;
    private final Optional<UploadPolicy> uploadPolicy;
    private final int maxConcurrency;
    private final ApiCalls apiCalls;
    private final Clock clock;

    /** @param uploadPolicy how to survey incomplete uploads; empty to leave them alone (INVENTORY_UPLOADS=false) */
    public AccountScan(BucketStore store, AbortRulePolicy policy, BucketExclusions exclusions, Optional<UploadPolicy> uploadPolicy,
            int maxConcurrency, ApiCalls apiCalls, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.exclusions = exclusions;
        this.uploadPolicy = uploadPolicy;
        this.maxConcurrency = maxConcurrency;
        this.apiCalls = apiCalls;
        this.clock = clock;
    }

    /**
     * Runs the scan until it is done or its budget says stop. Throws {@link ScanStartException} when the buckets
     * cannot be listed, so the invocation fails visibly instead of reporting an empty account.
     */
    public ScanSummary run(ScanStart start, ScanReport report) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = apiCalls.snapshot();
        // Set once the run has reported: a worker still in flight then must not write any more.
        AtomicBoolean abandoned = new AtomicBoolean();
        BucketRemediation remediation = new BucketRemediation(store, policy, exclusions, start.dryRun(), abandoned::get);
        Optional<UploadSurvey> survey = uploadPolicy.map(uploads -> new UploadSurvey(store, uploads, start.dryRun(), clock, report::staleUpload, abandoned::get));
        ScanTally tally = new ScanTally(survey.isPresent());
        Listing listing = new Listing(start);

        // Twice the workers in flight keeps every worker busy while a listing page is fetched, and bounds
        // how many listed-but-unprocessed buckets can pile up.
        Semaphore slots = new Semaphore(maxConcurrency * 2);
        ConcurrentSkipListSet<String> inFlight = new ConcurrentSkipListSet<>();
        ExecutorService workers = Executors.newFixedThreadPool(maxConcurrency, workerThreads());
        try {
            store.forEachBucket(bucket -> {
                if (!listing.admits(bucket, clock.instant())) {
                    return listing.goesOn();
                }
                slots.acquireUninterruptibly();
                if (!listing.admits(bucket, clock.instant())) {
                    slots.release();
                    return listing.goesOn();
                }
                inFlight.add(bucket.name());
                report.started(bucket);
                workers.execute(() -> {
                    try {
                        BucketResult result = process(bucket, remediation, survey);
                        if (!abandoned.get()) {
                            report.bucket(result);
                            tally.add(result);
                        }
                    } finally {
                        inFlight.remove(bucket.name());
                        slots.release();
                    }
                });
                return true;
            });
        } finally {
            workers.shutdown();
            if (!awaitUntil(workers, start.budget().reportBy())) {
                abandoned.set(true);
            }
        }

        Reach reach = listing.reach(abandoned.get() ? inFlight : new ConcurrentSkipListSet<>());
        ScanSummary summary = new ScanSummary(tally.outcomes(), tally.failures(), Duration.ofNanos(System.nanoTime() - started),
                apiCalls.since(callsBefore), start.dryRun(), tally.uploads(), reach);
        report.finished(summary);
        return summary;
    }

    /** What the listing let through, and what it left; only the listing thread touches it. */
    private static final class Listing {
        private final ScanStart start;
        private long skipped;
        private final Set<String> seen = new HashSet<>();
        private long notStarted;
        private String firstNotStarted;
        private boolean countExact = true;
        private boolean stopped;

        Listing(ScanStart start) {
            this.start = start;
        }

        /** True when the bucket is to be processed now; otherwise records why not. */
        boolean admits(BucketRef bucket, Instant now) {
            if (!now.isBefore(start.budget().stopListing())) {
                countExact = false;
                stopped = true;
                notStarted++;
                firstNotStarted = firstNotStarted == null ? bucket.name() : firstNotStarted;
                return false;
            }
            if (start.onlyBuckets().filter(only -> !only.contains(bucket.name())).isPresent()) {
                return false;
            }
            if (start.resumeFrom().filter(from -> bucket.name().compareTo(from) < 0).isPresent()) {
                skipped++;
                return false;
            }
            if (start.onlyBuckets().isPresent()) {
                seen.add(bucket.name());
            }
            if (!now.isBefore(start.budget().stopStarting())) {
                notStarted++;
                firstNotStarted = firstNotStarted == null ? bucket.name() : firstNotStarted;
                return false;
            }
            return true;
        }

        boolean goesOn() {
            return !stopped;
        }

        Reach reach(ConcurrentSkipListSet<String> abandonedInFlight) {
            Optional<String> resumeFrom = Stream.concat(Stream.ofNullable(firstNotStarted), abandonedInFlight.stream()).min(String::compareTo);
            Set<String> notFound = new TreeSet<>(start.onlyBuckets().orElse(Set.of()));
            notFound.removeAll(seen);
            if (firstNotStarted != null || !countExact) {
                notFound.clear();
            }
            return new Reach(notStarted + abandonedInFlight.size(), countExact, resumeFrom, skipped, notFound);
        }
    }

    private BucketResult process(BucketRef listed, BucketRemediation remediation, Optional<UploadSurvey> survey) {
        Optional<String> pattern = exclusions.patternMatching(listed.name());
        if (pattern.isPresent()) {
            // Not one call for a bucket the operator keeps out.
            return BucketResult.of(listed, Outcome.EXCLUDED, "name-pattern:" + pattern.get(), -1, -1);
        }
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

    /** False when the workers were still busy at {@code deadline}. */
    private boolean awaitUntil(ExecutorService workers, Instant deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return workers.isTerminated();
                }
                try {
                    Duration wait = left.compareTo(Duration.ofMinutes(1)) < 0 ? left : Duration.ofMinutes(1);
                    if (workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
