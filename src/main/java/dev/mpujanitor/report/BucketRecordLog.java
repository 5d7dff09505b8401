package dev.mpujanitor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.config.Invocation;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON line per bucket, and a summary line at the end. In Lambda each line is one log event, which
 * CloudWatch Logs Insights can query by field ({@code filter outcome = "FAILED"}).
 */
public final class BucketRecordLog implements ScanReport {

    private final PrintStream out;
    private final boolean dryRun;
    private final Optional<Invocation.BucketChanged> trigger;

    public BucketRecordLog(PrintStream out, boolean dryRun) {
        this(out, dryRun, Optional.empty());
    }

    /** @param trigger the bucket's CloudTrail event, for a run it started: each record says so */
    public BucketRecordLog(PrintStream out, boolean dryRun, Optional<Invocation.BucketChanged> trigger) {
        this.out = out;
        this.dryRun = dryRun;
        this.trigger = trigger;
    }

    @Override
    public void bucket(BucketResult result) {
        ObjectNode record = BucketRecord.of(result, dryRun);
        trigger.ifPresent(event -> record.set("trigger", Json.MAPPER.valueToTree(SummaryDocument.trigger(event))));
        // println on a PrintStream is synchronized, so lines from concurrent workers never interleave.
        out.println(Json.line(record));
    }

    /** One line per upload that ABORT_STALE_UPLOADS aborted or, in a dry run, would abort. */
    @Override
    public void staleUpload(StaleUpload stale) {
        ObjectNode record = Json.object().put("record", "upload");
        stale.account().ifPresent(account -> record.put("account", account));
        out.println(Json.line(record
                .put("bucket", stale.bucket().name())
                .put("region", stale.bucket().regionLabel())
                .put("key", stale.upload().key())
                .put("uploadId", stale.upload().uploadId())
                .put("initiated", stale.upload().initiated().toString())
                .put("bytes", stale.bytes())
                .put("action", stale.aborted() ? "ABORTED" : "WOULD_ABORT")));
    }

    /** One line per account of a run over several, before the summary. */
    @Override
    public void account(AccountResult account) {
        out.println(Json.line(SummaryDocument.account(account, dryRun)));
    }

    @Override
    public void finished(ScanSummary summary) {
        Map<String, Object> document = SummaryDocument.of(summary);
        trigger.ifPresent(event -> document.put("trigger", SummaryDocument.trigger(event)));
        out.println(Json.line(document));
        out.flush();
    }
}
