package dev.mpujanitor.report;

import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.trigger.Invocation;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.UploadTotals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary as a plain document: the Lambda response, and the last line of the log and of the jar's output. */
public final class SummaryDocument {

    private SummaryDocument() {
    }

    public static Map<String, Object> of(ScanSummary summary) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("record", "summary");
        document.put("dryRun", summary.dryRun());
        summary.organization().ifPresent(organization -> document.put("accounts", accounts(organization)));
        document.put("buckets", summary.buckets());
        document.put("outcomes", outcomes(summary.outcomes()));
        document.put("failuresByErrorCode", summary.failures());
        document.put("durationMs", summary.duration().toMillis());
        document.put("apiCalls", summary.totalApiCalls());
        document.put("apiCallsByOperation", summary.apiCalls());
        document.put("complete", summary.complete());
        summary.reach().listingFailure().ifPresent(failure -> document.put("listingError",
                Map.of("errorCode", failure.errorCode(), "message", failure.message())));
        if (!summary.reach().complete()) {
            document.put("bucketsNotReached", summary.reach().notReached());
            document.put("notReachedIsLowerBound", !summary.reach().countExact());
        }
        if (!summary.reach().notFound().isEmpty()) {
            document.put("bucketsNotFound", List.copyOf(summary.reach().notFound()));
        }
        if (summary.reach().skipped() > 0) {
            document.put("bucketsLeftToEarlierRun", summary.reach().skipped());
        }
        if (summary.uploads().surveyed()) {
            document.put("uploads", uploads(summary.uploads()));
        }
        if (summary.reportFailures() > 0) {
            document.put("reportFailures", summary.reportFailures());
        }
        return document;
    }

    /**
     * One account of a run over several: what became of it, its buckets' outcomes and failures, and its waste. The
     * run's summary totals are the sums of these records.
     */
    public static Map<String, Object> account(AccountResult account, boolean dryRun) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("record", "account");
        document.put("account", account.account().label());
        document.put("status", account.status().name());
        account.errorCode().ifPresent(code -> document.put("errorCode", code));
        account.error().ifPresent(error -> document.put("error", error));
        document.put("dryRun", dryRun);
        document.put("buckets", account.buckets());
        document.put("outcomes", outcomes(account.outcomes()));
        document.put("failuresByErrorCode", account.failures());
        if (account.uploads().surveyed()) {
            document.put("uploads", uploads(account.uploads()));
        }
        return document;
    }

    private static Map<String, Object> accounts(OrganizationSummary organization) {
        Map<String, Object> accounts = new LinkedHashMap<>();
        accounts.put("selected", organization.accounts().size());
        accounts.put("scanned", organization.scanned());
        accounts.put("failed", organization.failed());
        accounts.put("notReached", organization.accounts().size() - organization.scanned());
        accounts.put("wasteful", organization.wasteful());
        accounts.put("excluded", organization.excluded());
        accounts.put("suspendedOrClosed", organization.inactive());
        return accounts;
    }

    private static Map<String, Long> outcomes(Map<Outcome, Long> counts) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.name(), counts.getOrDefault(outcome, 0L));
        }
        return outcomes;
    }

    private static Map<String, Object> uploads(UploadTotals totals) {
        Map<String, Object> uploads = new LinkedHashMap<>();
        uploads.put("incompleteUploads", totals.uploads());
        uploads.put("bucketsWithUploads", totals.bucketsWithUploads());
        totals.oldestAge().ifPresent(age -> uploads.put("oldestUploadAgeDays", Figures.days(age)));
        uploads.put("staleUploads", totals.stale());
        uploads.put("uploadsAborted", totals.aborted());
        if (totals.bytesMeasured()) {
            uploads.put("incompleteUploadBytes", totals.bytes());
            uploads.put("bytesAreLowerBound", !totals.bytesExact());
            uploads.put("estimatedMonthlyWasteUsd", totals.monthlyCostUsd());
            uploads.put("priceSources", totals.priceSources().stream().map(PriceSource::label).sorted().toList());
            uploads.put("bytesFreed", totals.bytesFreed());
        }
        List<Map<String, Object>> byAge = new ArrayList<>();
        for (int band = 0; band < AgeBands.LABELS.size(); band++) {
            byAge.add(Map.of("age", AgeBands.LABELS.get(band), "uploads", totals.ages().uploads().get(band), "bytes", totals.ages().bytes().get(band)));
        }
        uploads.put("byAge", byAge);
        uploads.put("inventoryFailures", totals.inventoryFailures());
        return uploads;
    }

    /** What started a run: a bucket's CloudTrail event, with who made the call, when and where. */
    public static Map<String, Object> trigger(Invocation.BucketChanged event) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("eventName", event.eventName());
        event.principalArn().ifPresent(arn -> trigger.put("principalArn", arn));
        trigger.put("eventTime", event.eventTime().toString());
        trigger.put("awsRegion", event.awsRegion());
        return trigger;
    }

    /** The answer to a bucket event the function leaves alone, and why: nothing was called. */
    public static Map<String, Object> ignoredEvent(Invocation.BucketChanged event, String reason) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("record", "event");
        document.put("bucket", event.bucket());
        document.put("trigger", trigger(event));
        document.put("ignored", reason);
        return document;
    }

    /** A document as one line of JSON. */
    public static String json(Map<String, ?> document) {
        return Json.line(document);
    }
}
