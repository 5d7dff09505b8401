package dev.mpujanitor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import java.io.PrintStream;
import java.time.Clock;

/**
 * The run's metrics as one CloudWatch Embedded Metric Format document, printed to the function's log, where
 * CloudWatch turns it into metrics without a PutMetricData call or its permission.
 *
 * <p>No dimensions at all: each distinct dimension value is a separately billed custom metric, so a bucket
 * dimension would cost per bucket. Per-bucket detail lives in the bucket records instead.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class EmfMetrics implements ScanReport {

    private final PrintStream out;
    private final String namespace;
    private final Clock clock;
    private final boolean bucketEvent;

    /** @param bucketEvent whether a bucket's CloudTrail event started the run */
    public EmfMetrics(PrintStream out, String namespace, Clock clock, boolean bucketEvent) {
        this.out = out;
        this.namespace = namespace;
        this.clock = clock;
        this.bucketEvent = bucketEvent;
    }

    @Override
    public void bucket(BucketResult result) {
        // Metrics are aggregated once per run; a document per bucket would be a log line per bucket twice over.
    }

    @Override
    public void finished(ScanSummary summary) {
        ObjectNode document = Json.object();
        ObjectNode aws = document.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray();
        ArrayNode definitions = directive.putArray("Metrics");
        for (Metric metric : Metric.values()) {
            Number value = metric.valueOf(summary, bucketEvent);
            if (value == null) {
                continue;
            }
            definitions.addObject().put("Name", metric.metricName()).put("Unit", metric.unit());
            document.set(metric.metricName(), Json.MAPPER.valueToTree(value));
        }
        document.put("dryRun", summary.dryRun());
        out.println(Json.line(document));
        // One document per error code: a dimension's value is a root member, so each value needs its own line.
        // Error codes are few (S3 has a few dozen), so this dimension stays cheap, unlike a bucket dimension.
        summary.failures().forEach((code, count) -> {
            ObjectNode failures = Json.object();
            ObjectNode meta = failures.putObject("_aws");
            meta.put("Timestamp", clock.millis());
            ObjectNode byCode = meta.putArray("CloudWatchMetrics").addObject();
            byCode.put("Namespace", namespace);
            byCode.putArray("Dimensions").addArray().add(ERROR_CODE);
            byCode.putArray("Metrics").addObject().put("Name", Metric.BUCKETS_FAILED.metricName()).put("Unit", Metric.BUCKETS_FAILED.unit());
            failures.put(ERROR_CODE, code);
            failures.put(Metric.BUCKETS_FAILED.metricName(), count);
            out.println(Json.line(failures));
        });
        out.flush();
    }

    /** The dimension of the per-error-code failure counts. */
    public static final String ERROR_CODE = "ErrorCode";
}
