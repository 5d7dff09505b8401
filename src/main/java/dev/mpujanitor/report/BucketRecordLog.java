package dev.mpujanitor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.scan.BucketResult;
import dev.mpujanitor.scan.ScanReport;
import dev.mpujanitor.scan.ScanSummary;
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
        ObjectNode record = Json.object()
                .put("record", "bucket")
                .put("bucket", result.bucket())
                .put("region", result.region())
                .put("outcome", result.outcome().name())
                .put("reason", result.reason())
                .put("rulesBefore", result.rulesBefore())
                .put("rulesAfter", result.rulesAfter())
                .put("dryRun", dryRun);
        result.error().ifPresent(error -> record.put("error", error));
        String line = Json.line(record);
        // println on a PrintStream is synchronized, so lines from concurrent workers never interleave.
        out.println(line);
    }

    @Override
    public void finished(ScanSummary summary) {
        out.println(Json.line(SummaryDocument.of(summary)));
        out.flush();
    }
}
