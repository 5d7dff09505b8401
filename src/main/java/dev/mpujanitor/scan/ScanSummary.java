package dev.mpujanitor.scan;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The whole run in figures: what the handler returns, the jar prints and the metrics carry.
 *
 * @param failures FAILED buckets by error code, such as {@code AccessDenied} or {@code SlowDown}
 * @param reach    how far the run got, and where a continuation must resume
 */
public record ScanSummary(Map<Outcome, Long> outcomes, Map<String, Long> failures, Duration duration, Map<String, Long> apiCalls,
        boolean dryRun, UploadTotals uploads, Reach reach) {

    public ScanSummary {
        EnumMap<Outcome, Long> all = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            all.put(outcome, outcomes.getOrDefault(outcome, 0L));
        }
        outcomes = Map.copyOf(all);
        failures = Map.copyOf(failures);
        apiCalls = Map.copyOf(apiCalls);
    }

    public long buckets() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Outcome outcome) {
        return outcomes.get(outcome);
    }

    public long totalApiCalls() {
        return apiCalls.values().stream().mapToLong(Long::longValue).sum();
    }
}
