package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StaleUpload;
import java.util.List;
import java.util.Optional;

/** Several reports fed the same events, in order. */
public final class ScanReports implements ScanReport {

    private final List<ScanReport> reports;

    private ScanReports(List<ScanReport> reports) {
        this.reports = List.copyOf(reports);
    }

    public static ScanReport of(ScanReport... reports) {
        return new ScanReports(List.of(reports));
    }

    @Override
    public void bucket(BucketResult result) {
        reports.forEach(report -> report.bucket(result));
    }

    @Override
    public void staleUpload(StaleUpload upload) {
        reports.forEach(report -> report.staleUpload(upload));
    }

    @Override
    public void account(AccountResult result) {
        reports.forEach(report -> report.account(result));
    }

    @Override
    public void unexpected(Optional<String> account, BucketRef bucket, String stage, Throwable failure) {
        reports.forEach(report -> report.unexpected(account, bucket, stage, failure));
    }

    @Override
    public void warning(String stage, String message) {
        reports.forEach(report -> report.warning(stage, message));
    }

    @Override
    public void finished(ScanSummary summary) {
        reports.forEach(report -> report.finished(summary));
    }
}
