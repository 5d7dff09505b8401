package dev.mpujanitor.aws;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A listing read one page ahead: from the moment it is started, a thread of its own fetches the pages, so that the
 * first is already there when the caller comes for it, and while the caller works through a page the next is on its
 * way. Workers waiting for buckets then do not sit through every page's round trip (S3 takes hundreds of
 * milliseconds for a page of 1,000 buckets). At most one fetched page waits in the queue, and one more is held by
 * the fetching thread until there is room: memory stays flat whatever the listing's length.
 *
 * <p>The caller sees the pages in order, and the failure of a page where that page would have been: a listing that
 * fails part-way still ends after the pages before it. A caller that stops early, or never comes, {@link #cancel}s:
 * the page being fetched is abandoned, at most one call the run did not need.
 */
final class PagesAhead<P> {

    /** The end of the listing, or its failure, in the queue after the last page. */
    private record End(Throwable failure) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread fetcher;

    private PagesAhead(Iterable<P> pages, String name) {
        fetcher = Thread.ofPlatform().daemon().name(name).start(() -> {
            Object last;
            try {
                Iterator<P> iterator = pages.iterator();
                while (!stopped.get() && iterator.hasNext()) {
                    if (!offer(iterator.next())) {
                        return;
                    }
                }
                last = new End(null);
            } catch (RuntimeException | Error e) {
                // Whatever ends the fetching thread ends the listing: the caller must never wait for a page that will not come.
                last = new End(e);
            }
            offer(last);
        });
    }

    /** Starts fetching {@code pages} now, on a thread named {@code name}. */
    static <P> PagesAhead<P> start(Iterable<P> pages, String name) {
        return new PagesAhead<>(pages, name);
    }

    /**
     * Hands each page to {@code onPage}, in order, until it answers false or the pages end; rethrows, in the caller's
     * thread, what fetching a page threw. The fetching stops when this returns.
     */
    void forEach(Predicate<P> onPage) {
        try {
            while (true) {
                Object next = take();
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
            cancel();
        }
    }

    /** Stops the fetching: for a caller that has what it needs, or will never come. */
    void cancel() {
        stopped.set(true);
        fetcher.interrupt();
    }

    /** Waits for room, unless the caller has stopped listening; false when it has. */
    private boolean offer(Object item) {
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
    private Object take() {
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
