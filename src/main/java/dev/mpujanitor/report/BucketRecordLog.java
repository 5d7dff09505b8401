package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.trigger.Invocation;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import java.io.Flushable;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON line per bucket, and a summary line at the end. In Lambda each line is one log event, which
 * CloudWatch Logs Insights can query by field ({@code filter outcome = "FAILED"}). The lines are written as a
 * stream and sent whole, a few kilobytes at a time ({@link JsonLineWriter}): a line per bucket costs no document
 * and no system call of its own.
 */
public final class BucketRecordLog implements ScanReport, Flushable {

    private final JsonLineWriter lines;
    private final boolean dryRun;
    private final Optional<Map<String, Object>> trigger;

    /** @param run the run the records are of: whether it writes */
    public BucketRecordLog(PrintStream out, ScanStart run) {
        this(out, run, Optional.empty());
    }

    /** @param trigger the bucket's CloudTrail event, for a run it started: each record says so */
    public BucketRecordLog(PrintStream out, ScanStart run, Optional<Invocation.BucketChanged> trigger) {
        this.lines = new JsonLineWriter(out);
        this.dryRun = run.dryRun();
        this.trigger = trigger.map(SummaryDocument::trigger);
    }

    @Override
    public void bucket(BucketResult result) {
        lines.line(json -> {
            json.writeStartObject();
            BucketRecord.write(BucketRecord.json(json), result, dryRun);
            if (trigger.isPresent()) {
                json.writeObjectField("trigger", trigger.get());
            }
            json.writeEndObject();
        });
    }

    /** One line per upload that ABORT_STALE_UPLOADS aborted or, in a dry run, would abort. */
    @Override
    public void staleUpload(StaleUpload stale) {
        lines.line(json -> {
            json.writeStartObject();
            json.writeStringField("record", "upload");
            if (stale.account().isPresent()) {
                json.writeStringField("account", stale.account().get());
            }
            json.writeStringField("bucket", stale.bucket().name());
            json.writeStringField("region", stale.bucket().regionLabel());
            json.writeStringField("key", stale.upload().key());
            json.writeStringField("uploadId", stale.upload().uploadId());
            json.writeStringField("initiated", stale.upload().initiated().toString());
            json.writeNumberField("bytes", stale.bytes());
            json.writeStringField("action", stale.aborted() ? "ABORTED" : "WOULD_ABORT");
            json.writeEndObject();
        });
    }

    /** One line per account of a run over several, before the summary. */
    @Override
    public void account(AccountResult account) {
        lines.line(json -> json.writeObject(SummaryDocument.account(account, dryRun)));
    }

    @Override
    public void finished(ScanSummary summary) {
        Map<String, Object> document = SummaryDocument.of(summary);
        trigger.ifPresent(event -> document.put("trigger", event));
        lines.line(json -> json.writeObject(document));
        flush();
    }

    /** Sends the lines written so far, whole; the run's end does, and so may whoever must read them now. */
    @Override
    public void flush() {
        lines.flush();
    }
}
