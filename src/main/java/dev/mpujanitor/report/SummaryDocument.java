package dev.mpujanitor.report;

import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.scan.ScanSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/** The summary as a plain document: the Lambda response, and the last line of the log and of the jar's output. */
public final class SummaryDocument {

    private SummaryDocument() {
    }

    public static Map<String, Object> of(ScanSummary summary) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.name(), summary.count(outcome));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("record", "summary");
        document.put("dryRun", summary.dryRun());
        document.put("buckets", summary.buckets());
        document.put("outcomes", outcomes);
        document.put("durationMs", summary.duration().toMillis());
        document.put("apiCalls", summary.totalApiCalls());
        document.put("apiCallsByOperation", summary.apiCalls());
        return document;
    }
}
