package dev.mpujanitor.report;

import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.UploadTotals;
import java.util.function.Function;

/**
 * Every metric the function emits, once per run, with its CloudWatch unit. The README's metric table and the
 * template's dashboard name the same metrics.
 */
public enum Metric {
    BUCKETS_SCANNED("BucketsScanned", "Count", summary -> summary.buckets()),
    BUCKETS_COMPLIANT("BucketsCompliant", "Count", summary -> summary.count(Outcome.COMPLIANT)),
    BUCKETS_REMEDIATED("BucketsRemediated", "Count", summary -> summary.count(Outcome.REMEDIATED)),
    BUCKETS_WOULD_REMEDIATE("BucketsWouldRemediate", "Count", summary -> summary.count(Outcome.WOULD_REMEDIATE)),
    BUCKETS_UNFIXABLE("BucketsUnfixable", "Count", summary -> summary.count(Outcome.UNFIXABLE)),
    BUCKETS_FAILED("BucketsFailed", "Count", summary -> summary.count(Outcome.FAILED)),
    BUCKETS_EXCLUDED("BucketsExcluded", "Count", summary -> summary.count(Outcome.EXCLUDED)),
    BUCKETS_MANAGED_BY_IAC("BucketsManagedByIac", "Count", summary -> summary.count(Outcome.MANAGED_BY_IAC)),
    /**
     * Accounts the run could not cover completely because of an error: a role that could not be assumed, or a
     * listing that failed.
     */
    ACCOUNTS_FAILED("AccountsFailed", "Count", ScanSummary::accountsFailed),
    /** Only when ACCOUNTS is not self: accounts entered or tried. Not a dimension: one metric, whatever the accounts. */
    ACCOUNTS_SCANNED("AccountsScanned", "Count", organization(OrganizationSummary::scanned)),
    /** Only when ACCOUNTS is not self: accounts whose incomplete uploads cost something. */
    WASTEFUL_ACCOUNTS("WastefulAccounts", "Count", organization(OrganizationSummary::wasteful)),
    API_CALLS("ApiCalls", "Count", summary -> summary.totalApiCalls()),
    SCAN_DURATION("ScanDuration", "Milliseconds", summary -> summary.duration().toMillis()),
    INCOMPLETE_UPLOADS("IncompleteUploads", "Count", uploads(UploadTotals::uploads)),
    INCOMPLETE_UPLOAD_BYTES("IncompleteUploadBytes", "Bytes", measured(UploadTotals::bytes)),
    OLDEST_INCOMPLETE_UPLOAD_AGE("OldestIncompleteUploadAge", "Seconds",
            uploads(totals -> totals.oldestAge().map(age -> age.toSeconds()).orElse(0L))),
    /** USD; CloudWatch has no currency unit. */
    ESTIMATED_MONTHLY_WASTE("EstimatedMonthlyWaste", "None", measured(UploadTotals::monthlyCostUsd)),
    UPLOADS_ABORTED("UploadsAborted", "Count", uploads(UploadTotals::aborted)),
    BYTES_FREED("BytesFreed", "Bytes", measured(UploadTotals::bytesFreed)),
    BUCKETS_INVENTORY_FAILED("BucketsInventoryFailed", "Count", uploads(UploadTotals::inventoryFailures)),
    /**
     * Only from a run a bucket's CloudTrail event started: 1. Such a run emits the other metrics too, without a
     * dimension, so the alarm sees its failures; a Trigger dimension would instead double every metric's cost.
     */
    BUCKET_EVENTS("BucketEvents", "Count", (summary, bucketEvent) -> bucketEvent ? 1 : null);

    private final String metricName;
    private final String unit;
    /** The value for a run, or null when the run did not measure it (no upload survey). */
    private final Figure value;

    /** A run's figure, knowing whether a bucket's event started it. */
    private interface Figure {
        Number of(ScanSummary summary, boolean bucketEvent);
    }

    Metric(String metricName, String unit, Function<ScanSummary, Number> value) {
        this(metricName, unit, (summary, bucketEvent) -> value.apply(summary));
    }

    Metric(String metricName, String unit, Figure value) {
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

    Number valueOf(ScanSummary summary, boolean bucketEvent) {
        return value.of(summary, bucketEvent);
    }

    /** Account counts exist only for a run over more accounts than its own. */
    private static Function<ScanSummary, Number> organization(Function<OrganizationSummary, Number> figure) {
        return summary -> summary.organization().map(figure).orElse(null);
    }

    /** Upload figures exist only when uploads were listed: a zero would claim there are none. */
    private static Function<ScanSummary, Number> uploads(Function<UploadTotals, Number> figure) {
        return summary -> summary.uploads().surveyed() ? figure.apply(summary.uploads()) : null;
    }

    /** Byte and cost figures exist only when the parts were measured (INVENTORY_UPLOADS). */
    private static Function<ScanSummary, Number> measured(Function<UploadTotals, Number> figure) {
        return summary -> summary.uploads().bytesMeasured() ? figure.apply(summary.uploads()) : null;
    }
}
