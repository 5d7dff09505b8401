package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketPipeline;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.ExcludedNames;
import dev.mpujanitor.bucket.Gate;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.ports.ApiCalls;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.S3Account;
import dev.mpujanitor.ports.StoragePrices;
import dev.mpujanitor.uploads.UploadSurvey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * One run over an account: listing pages feed a bounded pool of workers, each of which takes one bucket through
 * the {@link BucketPipeline}; each bucket's result is reported as soon as it exists and only counted afterwards, so
 * memory does not grow with the number of buckets.
 *
 * <p>The run keeps to its {@link RunBudget}: it stops starting buckets in time for the ones in flight to
 * finish, and reports where a continuation must resume. ListBuckets returns buckets in name order, so "every
 * bucket from this name on" is a complete description of what is left. A listing that fails part-way ends the run
 * early but whole: the buckets in flight finish and everything is reported, with the failure.
 */
public final class AccountScan {

    private final S3Account account;
    private final Settings settings;
    private final StoragePrices prices;
    private final ApiCalls apiCalls;
    private final Clock clock;

    /** @param prices what a GB-month of each region and storage class costs, for the waste figures */
    public AccountScan(S3Account account, Settings settings, StoragePrices prices, ApiCalls apiCalls, Clock clock) {
        this.account = account;
        this.settings = settings;
        this.prices = prices;
        this.apiCalls = apiCalls;
        this.clock = clock;
    }

    /**
     * Runs the scan until it is done or its budget says stop. Throws {@link ListingException} when not even the
     * first bucket could be listed, so that the invocation fails visibly instead of reporting an empty account.
     */
    public ScanSummary run(ScanStart start, ScanReport report) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = apiCalls.snapshot();
        // Set once the run has reported: a worker still in flight then must not write any more.
        AtomicBoolean reported = new AtomicBoolean();
        BucketPipeline pipeline = pipeline(start.dryRun(), reported, report);
        ScanTally tally = new ScanTally(settings.uploads());
        Listing listing = new Listing(start);

        // Twice the workers in flight keeps every worker busy while a listing page is fetched, and bounds
        // how many listed-but-unprocessed buckets can pile up.
        int concurrency = settings.maxConcurrency();
        Semaphore slots = new Semaphore(concurrency * 2);
        ConcurrentSkipListSet<String> inFlight = new ConcurrentSkipListSet<>();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, workerThreads());
        try {
            account.forEachBucket(bucket -> {
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
                        BucketResult result = pipeline.process(bucket);
                        if (!reported.get()) {
                            tally.add(result);
                            report(report, result, tally);
                        }
                    } finally {
                        inFlight.remove(bucket.name());
                        slots.release();
                    }
                });
                return true;
            });
        } catch (ListingException e) {
            if (!listing.listedAny()) {
                throw e;
            }
            listing.failed(new ListingFailure(e.errorCode(), e.getMessage()));
        } finally {
            workers.shutdown();
            if (!awaitUntil(workers, start.budget().reportBy())) {
                reported.set(true);
            }
        }

        Reach reach = listing.reach(reported.get() ? inFlight : new ConcurrentSkipListSet<>());
        ScanSummary summary = new ScanSummary(tally.outcomes(), tally.failures(), Duration.ofNanos(System.nanoTime() - started),
                apiCalls.since(callsBefore), start.dryRun(), tally.uploads(), reach, tally.reportFailures());
        report.finished(summary);
        return summary;
    }

    private BucketPipeline pipeline(boolean dryRun, AtomicBoolean reported, ScanReport report) {
        Gate gate = new Gate(new ExcludedNames(settings.excludeBuckets()), settings.iacManagedBuckets(), dryRun, reported::get);
        Optional<UploadSurvey> survey = settings.uploads().listsUploads()
                ? Optional.of(new UploadSurvey(account, settings.uploads(), prices, settings.abortAfterDays(), clock))
                : Optional.empty();
        return new BucketPipeline(account, account, survey, new AbortRulePolicy(settings.abortAfterDays()), gate, report::staleUpload);
    }

    /** A report that fails is counted: it must not vanish in the thread pool, nor take the worker down. */
    private static void report(ScanReport report, BucketResult result, ScanTally tally) {
        try {
            report.bucket(result);
        } catch (RuntimeException e) {
            tally.reportFailed();
        }
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
        private boolean listedAny;
        private ListingFailure failure;

        Listing(ScanStart start) {
            this.start = start;
        }

        /** True when the bucket is to be processed now; otherwise records why not. */
        boolean admits(BucketRef bucket, Instant now) {
            listedAny = true;
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

        boolean listedAny() {
            return listedAny;
        }

        void failed(ListingFailure listingFailure) {
            failure = listingFailure;
            countExact = false;
        }

        Reach reach(ConcurrentSkipListSet<String> abandonedInFlight) {
            Optional<String> resumeFrom = Stream.concat(Stream.ofNullable(firstNotStarted), abandonedInFlight.stream()).min(String::compareTo);
            Set<String> notFound = new TreeSet<>(start.onlyBuckets().orElse(Set.of()));
            notFound.removeAll(seen);
            if (!countExact) {
                // The listing did not get to the end: what it did not see may still exist.
                notFound.clear();
            }
            return new Reach(notStarted + abandonedInFlight.size(), countExact, failure == null ? resumeFrom : Optional.empty(), skipped,
                    notFound, Optional.ofNullable(failure));
        }
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
