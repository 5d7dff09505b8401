package dev.mpujanitor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.ports.AccountRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A bucket in flight when the run reports is in its figures or among those abandoned, never both, never neither. */
class BucketWorkersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);
    /** A deadline already past: the run reports with whatever is still in flight. */
    private static final Instant PAST = CLOCK.instant().minusSeconds(1);
    private static final Position POSITION = new Position(0, AccountRef.own(Optional.empty()), "logs");

    private final BucketWorkers workers = new BucketWorkers(1, CLOCK);
    private final List<String> recorded = new ArrayList<>();

    @Test
    void aBucketRecordedBeforeTheRunReportsIsNotAbandonedThoughItsWorkerIsStillBusy() throws InterruptedException {
        CountDownLatch wasRecorded = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        workers.awaitSlot();
        workers.start(POSITION, () -> {
            workers.record(POSITION, () -> recorded.add("logs"));
            wasRecorded.countDown();
            // The worker goes on after recording (it closes the account, say) while the run reports.
            await(finish);
        });
        wasRecorded.await();

        var abandoned = workers.finishBy(PAST);
        finish.countDown();

        assertThat(recorded).containsExactly("logs");
        assertThat(abandoned).isEmpty();
    }

    @Test
    void aBucketStillInFlightWhenTheRunReportsIsAbandonedAndNotRecordedAfterwards() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        workers.awaitSlot();
        workers.start(POSITION, () -> {
            started.countDown();
            await(reported);
            workers.record(POSITION, () -> recorded.add("logs"));
            done.countDown();
        });
        started.await();

        var abandoned = workers.finishBy(PAST);
        reported.countDown();
        done.await();

        assertThat(abandoned).containsExactly(POSITION);
        assertThat(recorded).isEmpty();
        assertThat(workers.hasReported()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
