package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PagesAheadTest {

    /** Pages 1..count, counting how many were asked for; page {@code failing} throws instead. */
    private static final class Listing implements Iterable<Integer> {
        private final int count;
        private final int failing;
        final AtomicInteger fetched = new AtomicInteger();
        final CountDownLatch secondAskedFor = new CountDownLatch(1);

        Listing(int count, int failing) {
            this.count = count;
            this.failing = failing;
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return fetched.get() < count;
                }

                @Override
                public Integer next() {
                    int page = fetched.incrementAndGet();
                    if (page == 2) {
                        secondAskedFor.countDown();
                    }
                    if (page == failing) {
                        throw new IllegalStateException("page " + page + " refused");
                    }
                    return page;
                }
            };
        }
    }

    @Test
    void everyPageIsHandedOverInOrder() {
        List<Integer> seen = new ArrayList<>();

        PagesAhead.start(new Listing(5, -1), "test-listing").forEach(seen::add);

        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void theNextPageIsFetchedWhileTheCallerWorksAndNoMoreThanOneWaits() throws Exception {
        Listing listing = new Listing(10, -1);
        List<Integer> fetchedDuringFirst = new ArrayList<>();

        PagesAhead.start(listing, "test-listing").forEach(page -> {
            if (page == 1) {
                try {
                    assertThat(listing.secondAskedFor.await(10, TimeUnit.SECONDS)).as("page 2 asked for during page 1").isTrue();
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                fetchedDuringFirst.add(listing.fetched.get());
            }
            return true;
        });

        // Page 2 in the queue, page 3 held by the fetching thread until there is room: never page 4.
        assertThat(fetchedDuringFirst).singleElement().satisfies(fetched -> assertThat(fetched).isBetween(2, 3));
    }

    @Test
    void aPageThatFailsEndsTheListingAfterThePagesBeforeIt() {
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> PagesAhead.start(new Listing(5, 3), "test-listing").forEach(seen::add))
                .isInstanceOf(IllegalStateException.class).hasMessage("page 3 refused");
        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void aCallerThatStopsEarlyStopsTheFetching() throws Exception {
        Listing listing = new Listing(1_000, -1);

        PagesAhead.start(listing, "test-listing").forEach(page -> page < 2);
        Thread.sleep(300);
        int fetched = listing.fetched.get();
        Thread.sleep(300);

        assertThat(listing.fetched.get()).as("no page asked for once the caller stopped").isEqualTo(fetched).isLessThanOrEqualTo(4);
    }

    @Test
    void anErrorInTheFetchingThreadReachesTheCaller() {
        Iterable<Integer> broken = () -> {
            throw new OutOfMemoryError("no room for the page");
        };

        assertThatThrownBy(() -> PagesAhead.start(broken, "test-listing").forEach(page -> true))
                .isInstanceOf(OutOfMemoryError.class).hasMessage("no room for the page");
    }
}
