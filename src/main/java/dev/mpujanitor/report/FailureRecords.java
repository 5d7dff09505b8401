package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON line for each failure nobody expected, written as it happens, so that CloudWatch Logs Insights finds it
 * ({@code filter record = "error"}): the bucket, its account, what was being done, each exception of the chain with its
 * message, and the whole stack trace. The bucket's own record keeps its short reason. A warning, such as the Price List
 * refusing, is one line too ({@code "record":"warning"}).
 */
public final class FailureRecords implements ScanReport {

    private final PrintStream out;

    public FailureRecords(PrintStream out) {
        this.out = out;
    }

    @Override
    public void unexpected(Optional<String> account, BucketRef bucket, String stage, Throwable failure) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record", "error");
        account.ifPresent(id -> record.put("account", id));
        record.put("bucket", bucket.name());
        record.put("region", bucket.regionLabel());
        record.put("stage", stage);
        record.put("exceptions", chain(failure));
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        record.put("stackTrace", trace.toString());
        out.println(Json.line(record));
    }

    /** One line, {@code {"record":"warning","stage":...,"message":...}}. */
    @Override
    public void warning(String stage, String message) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record", "warning");
        record.put("stage", stage);
        record.put("message", message);
        out.println(Json.line(record));
    }

    /** The failure and its causes, outermost first; a cause seen twice ends the chain. */
    private static List<Map<String, String>> chain(Throwable failure) {
        List<Map<String, String>> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable link = failure; link != null && seen.add(link); link = link.getCause()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("type", link.getClass().getName());
            entry.put("message", String.valueOf(link.getMessage()));
            chain.add(entry);
        }
        return chain;
    }

    @Override
    public void bucket(BucketResult result) {
    }

    @Override
    public void finished(ScanSummary summary) {
    }
}
