package dev.mpujanitor.report;

import dev.mpujanitor.scan.Outcome;
import dev.mpujanitor.scan.ScanSummary;
import java.util.function.ToLongFunction;

/** Every metric the function emits, per run, with its CloudWatch unit. The README's metric table lists the same. */
public enum Metric {
    BUCKETS_SCANNED("BucketsScanned", "Count", ScanSummary::buckets),
    BUCKETS_COMPLIANT("BucketsCompliant", "Count", summary -> summary.count(Outcome.COMPLIANT)),
    BUCKETS_REMEDIATED("BucketsRemediated", "Count", summary -> summary.count(Outcome.REMEDIATED)),
    BUCKETS_WOULD_REMEDIATE("BucketsWouldRemediate", "Count", summary -> summary.count(Outcome.WOULD_REMEDIATE)),
    BUCKETS_UNFIXABLE("BucketsUnfixable", "Count", summary -> summary.count(Outcome.UNFIXABLE)),
    BUCKETS_FAILED("BucketsFailed", "Count", summary -> summary.count(Outcome.FAILED)),
    API_CALLS("ApiCalls", "Count", ScanSummary::totalApiCalls),
    SCAN_DURATION("ScanDuration", "Milliseconds", summary -> summary.duration().toMillis());

    private final String metricName;
    private final String unit;
    private final ToLongFunction<ScanSummary> value;

    Metric(String metricName, String unit, ToLongFunction<ScanSummary> value) {
        this.metricName = metricName;
        this.unit = unit;
        this.value = value;
    }

    public String metricName() {
        return metricName;
    }

    public String unit() {
        return unit;
    }

    long valueOf(ScanSummary summary) {
        return value.applyAsLong(summary);
    }
}
