package dev.mpujanitor.aws;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A listing read one page ahead: while the caller works through a page, a thread of its own already fetches the
 * next, so that workers waiting for buckets do not sit through every page's round trip (S3 takes hundreds of
 * milliseconds for a page of 1,000 buckets). At most one fetched page waits in the queue, and one more is held by
 * the fetching thread until there is room: memory stays flat whatever the listing's length.
 *
 * <p>The caller sees the pages in order, and the failure of a page where that page would have been: a listing that
 * fails part-way still ends after the pages before it. When the caller stops early, the page being fetched is
 * abandoned; it is at most one call the run did not need.
 */
final class PagesAhead {

    /** The end of the listing, or its failure, in the queue after the last page. */
    private record End(Throwable failure) {
    }

    private PagesAhead() {
    }

    /**
     * Hands each page of {@code pages} to {@code onPage}, in order, until it answers false or the pages end; rethrows,
     * in the caller's thread, what fetching a page threw.
     */
    static <P> void forEach(Iterable<P> pages, String name, Predicate<P> onPage) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
        AtomicBoolean stopped = new AtomicBoolean();
        Thread fetcher = Thread.ofPlatform().daemon().name(name).start(() -> {
            Object last;
            try {
                Iterator<P> iterator = pages.iterator();
                while (!stopped.get() && iterator.hasNext()) {
                    if (!offer(queue, iterator.next(), stopped)) {
                        return;
                    }
                }
                last = new End(null);
            } catch (RuntimeException | Error e) {
                // Whatever ends the fetching thread ends the listing: the caller must never wait for a page that will not come.
                last = new End(e);
            }
            offer(queue, last, stopped);
        });
        try {
            while (true) {
                Object next = take(queue);
                if (next instanceof End end) {
                    switch (end.failure()) {
                        case null -> {
                            return;
                        }
                        case RuntimeException failure -> throw failure;
                        case Error failure -> throw failure;
                        default -> throw new IllegalStateException(end.failure());
                    }
                }
                @SuppressWarnings("unchecked")
                P page = (P) next;
                if (!onPage.test(page)) {
                    return;
                }
            }
        } finally {
            stopped.set(true);
            fetcher.interrupt();
        }
    }

    /** Waits for room, unless the caller has stopped listening; false when it has. */
    private static boolean offer(BlockingQueue<Object> queue, Object item, AtomicBoolean stopped) {
        try {
            while (!stopped.get()) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The next page: the listing's own thread is what moves it on, so waiting for it is never forever. */
    private static Object take(BlockingQueue<Object> queue) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
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
