package dev.mpujanitor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.testing.InMemoryS3Account;
import dev.mpujanitor.testing.RecordingReport;
import dev.mpujanitor.testing.Scans;
import dev.mpujanitor.testing.SuppliedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");

    /**
     * Time that S3 calls move forward: every lifecycle read costs one second. Every bucket here is written, so read
     * twice, the second time right before the write: two seconds a bucket.
     */
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new SuppliedClock(now::get);

    private final RecordingReport report = new RecordingReport();
    private final List<BucketResult> reported = report.buckets();

    private static final Settings ONE_WORKER = Settings.fromEnv(Map.of("MAX_CONCURRENCY", "1", "INVENTORY_UPLOADS", "false"));

    private InMemoryS3Account account(int buckets) {
        InMemoryS3Account store = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                now.updateAndGet(instant -> instant.plusSeconds(1));
                return super.readLifecycle(bucket);
            }
        };
        for (int i = 0; i < buckets; i++) {
            store.bucket("bucket-%03d".formatted(i), "us-east-1", BucketLifecycle.none());
        }
        return store;
    }

    private ScanSummary run(InMemoryS3Account store, RunBudget budget, Optional<String> resumeFrom) {
        return Scans.of(store, ONE_WORKER, clock)
                .run(new ScanStart(false, budget, resumeFrom, Optional.empty(), Optional.empty()), report);
    }

    @Test
    void aRunOutOfTimeStopsStartingBucketsAndSaysWhereToResume() {
        InMemoryS3Account store = account(100);

        ScanSummary summary = run(store, new RunBudget(T0.plusSeconds(30), Instant.MAX, Instant.MAX), Optional.empty());

        Reach reach = summary.reach();
        assertThat(reach.complete()).isFalse();
        assertThat(summary.buckets()).isBetween(14L, 16L);
        assertThat(summary.buckets() + reach.notReached()).isEqualTo(100);
        assertThat(reach.countExact()).isTrue();
        String resumeFrom = reach.resumeFrom().orElseThrow();
        assertThat(reported).allSatisfy(result -> assertThat(result.bucket()).isLessThan(resumeFrom));
        assertThat(store.writes).hasSize((int) summary.buckets());
    }

    @Test
    void continuationsReachEveryBucketExactlyOnceInABoundedNumberOfRuns() {
        InMemoryS3Account store = account(100);
        Optional<String> resumeFrom = Optional.empty();
        int runs = 0;
        do {
            runs++;
            Instant start = clock.instant();
            ScanSummary summary = run(store, new RunBudget(start.plusSeconds(30), Instant.MAX, Instant.MAX), resumeFrom);
            resumeFrom = summary.reach().resumeFrom();
        } while (resumeFrom.isPresent() && runs < 10);

        assertThat(resumeFrom).isEmpty();
        assertThat(runs).isBetween(7, 8);
        Set<String> seen = new HashSet<>();
        reported.forEach(result -> assertThat(seen.add(result.bucket())).as(result.bucket() + " once").isTrue());
        assertThat(seen).hasSize(100);
    }

    @Test
    void theListingStopsAtItsOwnLimitAndThenTheCountIsALowerBound() {
        InMemoryS3Account store = account(100);

        ScanSummary summary = run(store, new RunBudget(T0.plusSeconds(10), T0.plusSeconds(10), Instant.MAX), Optional.empty());

        assertThat(summary.reach().countExact()).isFalse();
        assertThat(summary.buckets() + summary.reach().notReached()).isLessThan(100);
        assertThat(summary.reach().resumeFrom()).isPresent();
    }

    @Test
    void aBucketStillInFlightWhenTheRunMustReportIsAbandonedAndNeitherWrittenNorReadAnyMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reading = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        InMemoryS3Account store = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                worker.set(Thread.currentThread());
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.readLifecycle(bucket);
            }
        };
        store.bucket("slow-bucket", "us-east-1", BucketLifecycle.none());
        java.util.concurrent.atomic.AtomicInteger readings = new java.util.concurrent.atomic.AtomicInteger();

        // The listing looks twice (before and after taking a worker slot); the next look is the run waiting for
        // its workers, and by then it is time to report.
        Clock reportingTimeArrives = new SuppliedClock(() -> readings.incrementAndGet() <= 2 ? T0 : T0.plusSeconds(100));
        ScanSummary summary = Scans.of(store, ONE_WORKER, reportingTimeArrives)
                .run(ScanStart.whole(false, new RunBudget(T0.plusSeconds(50), T0.plusSeconds(50), T0.plusSeconds(60))),
                        report);
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        // The pool was shut down when the run reported: its thread ends once the abandoned bucket is done.
        worker.get().join(Duration.ofSeconds(10).toMillis());

        assertThat(worker.get().isAlive()).isFalse();
        assertThat(summary.reach().resumeFrom()).contains("slow-bucket");
        assertThat(summary.reach().notReached()).isEqualTo(1);
        assertThat(summary.buckets()).isZero();
        assertThat(store.callsFor("slow-bucket")).containsExactly("GetBucketLifecycleConfiguration");
        assertThat(store.writes).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void budgetsKeepMarginsForTheWorkInFlightAndScaleThemDownWhenShort() {
        Instant deadline = T0.plus(Duration.ofMinutes(15));
        RunBudget lambda = RunBudget.endingBy(T0, deadline);
        assertThat(lambda.stopStarting()).isEqualTo(deadline.minusSeconds(90));
        assertThat(lambda.stopListing()).isEqualTo(deadline.minusSeconds(30));
        assertThat(lambda.reportBy()).isEqualTo(deadline.minusSeconds(10));

        RunBudget short20s = RunBudget.endingBy(T0, T0.plusSeconds(20));
        assertThat(short20s.stopStarting()).isEqualTo(T0.plusSeconds(14));
        assertThat(short20s.stopListing()).isEqualTo(T0.plusSeconds(17));
        assertThat(short20s.reportBy()).isEqualTo(T0.plusSeconds(19));
    }
}
