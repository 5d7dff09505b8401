package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import java.io.PrintStream;

/**
 * One JSON line per bucket, and a summary line at the end. In Lambda each line is one log event, which
 * CloudWatch Logs Insights can query by field ({@code filter outcome = "FAILED"}).
 */
public final class BucketRecordLog implements ScanReport {

    private final PrintStream out;
    private final boolean dryRun;

    public BucketRecordLog(PrintStream out, boolean dryRun) {
        this.out = out;
        this.dryRun = dryRun;
    }

    @Override
    public void bucket(BucketResult result) {
        // println on a PrintStream is synchronized, so lines from concurrent workers never interleave.
        out.println(Json.line(BucketRecord.of(result, dryRun)));
    }

    /** One line per upload that ABORT_STALE_UPLOADS aborted or, in a dry run, would abort. */
    @Override
    public void staleUpload(StaleUpload stale) {
        out.println(Json.line(Json.object()
                .put("record", "upload")
                .put("bucket", stale.bucket().name())
                .put("region", stale.bucket().regionLabel())
                .put("key", stale.upload().key())
                .put("uploadId", stale.upload().uploadId())
                .put("initiated", stale.upload().initiated().toString())
                .put("bytes", stale.bytes())
                .put("action", stale.aborted() ? "ABORTED" : "WOULD_ABORT")));
    }

    @Override
    public void finished(ScanSummary summary) {
        out.println(Json.line(SummaryDocument.of(summary)));
        out.flush();
    }
}
