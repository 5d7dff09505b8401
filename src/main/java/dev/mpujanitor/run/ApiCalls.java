package dev.mpujanitor.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests sent on the wire, by operation, retries included. One counter lives as long as the clients do
 * (a Lambda container's life), so each run reports the difference between two snapshots.
 */
public final class ApiCalls {

    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();

    public void record(String operation) {
        byOperation.computeIfAbsent(operation, key -> new LongAdder()).increment();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        byOperation.forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }

    /** Calls made since {@code earlier}, a snapshot of this counter; operations with none are left out. */
    public Map<String, Long> since(Map<String, Long> earlier) {
        Map<String, Long> counts = new TreeMap<>();
        snapshot().forEach((operation, count) -> {
            long made = count - earlier.getOrDefault(operation, 0L);
            if (made > 0) {
                counts.put(operation, made);
            }
        });
        return counts;
    }
}
