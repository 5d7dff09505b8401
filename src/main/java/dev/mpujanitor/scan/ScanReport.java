package dev.mpujanitor.scan;

/** Where results go as they happen; called from many worker threads at once. */
public interface ScanReport {

    void bucket(BucketResult result);

    void finished(ScanSummary summary);
}
