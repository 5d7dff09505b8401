package dev.mpujanitor.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A bounded pool of bucket workers. Twice the workers may be in flight, which keeps every worker busy while a listing
 * page is fetched and bounds how many listed buckets wait; the listing waits for a slot. The run reports once every
 * worker is done, or at its deadline: from then on {@link #hasReported} is true, and the buckets still in flight are
 * abandoned, to be covered by a continuation.
 */
final class BucketWorkers {

    private final ExecutorService workers;
    private final Semaphore slots;
    private final Clock clock;
    /** Unordered: the order is needed only to find where a continuation resumes, if the run reports with some left. */
    private final Set<Position> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reported = new AtomicBoolean();
    /** Workers record under its read lock; the run reports under its write lock, so that it waits for a recording. */
    private final ReadWriteLock reporting = new ReentrantReadWriteLock();

    BucketWorkers(int concurrency, Clock clock) {
        AtomicInteger named = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "bucket-worker-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.slots = new Semaphore(concurrency * 2);
        this.clock = clock;
    }

    /** Waits until a bucket may be started. */
    void awaitSlot() {
        slots.acquireUninterruptibly();
    }

    /** The bucket the slot was taken for is not started after all. */
    void releaseSlot() {
        slots.release();
    }

    /** Starts a bucket in the slot taken for it; {@code work} runs on a worker, which then frees the slot. */
    void start(Position position, Runnable work) {
        inFlight.add(position);
        workers.execute(() -> {
            try {
                work.run();
            } finally {
                inFlight.remove(position);
                slots.release();
            }
        });
    }

    /** True once the run has reported: a worker still in flight then must not write, nor report, any more. */
    boolean hasReported() {
        return reported.get();
    }

    /**
     * Counts and reports a bucket's result with {@code recording}, unless the run has reported: then it does nothing.
     * The run cannot report between the check and the recording, and the bucket stops being in
     * flight once recorded, so a bucket is either in the run's figures or among those abandoned, never both.
     */
    void record(Position position, Runnable recording) {
        reporting.readLock().lock();
        try {
            if (!reported.get()) {
                recording.run();
                inFlight.remove(position);
            }
        } finally {
            reporting.readLock().unlock();
        }
    }

    /**
     * Starts no more, and waits for the buckets in flight until {@code deadline}; returns those abandoned then, in no
     * order, and none when every worker finished.
     */
    Set<Position> finishBy(Instant deadline) {
        workers.shutdown();
        if (awaitUntil(deadline)) {
            return Set.of();
        }
        reporting.writeLock().lock();
        try {
            reported.set(true);
            return Set.copyOf(inFlight);
        } finally {
            reporting.writeLock().unlock();
        }
    }

    /** False when the workers were still busy at {@code deadline}. */
    private boolean awaitUntil(Instant deadline) {
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
}
