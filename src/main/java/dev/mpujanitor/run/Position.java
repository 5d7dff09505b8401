package dev.mpujanitor.run;

import dev.mpujanitor.ports.AccountRef;
import java.util.Comparator;

/** A bucket's place in the run's order: its account's, then its name's. The account index already names the account. */
record Position(int accountIndex, AccountRef account, String bucket) implements Comparable<Position> {

    private static final Comparator<Position> ORDER = Comparator.comparingInt(Position::accountIndex).thenComparing(Position::bucket);

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    // Written out: each bucket in flight is hashed twice (docs/benchmark.md, "Choices the figures made").
    @Override
    public boolean equals(Object other) {
        return other instanceof Position position && accountIndex == position.accountIndex && bucket.equals(position.bucket);
    }

    @Override
    public int hashCode() {
        return 31 * accountIndex + bucket.hashCode();
    }
}
