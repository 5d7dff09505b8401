package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.uploads.StaleUpload;
import java.util.Optional;

/** Where results go as they happen; called from many worker threads at once. */
public interface ScanReport {

    /** A bucket the listing handed to the workers: with {@link #bucket}, how far the run is. */
    default void started(BucketRef bucket) {
    }

    void bucket(BucketResult result);

    /** An upload that ABORT_STALE_UPLOADS aborted, or in a dry run would abort. */
    default void staleUpload(StaleUpload upload) {
    }

    /** In a run over more accounts than its own, what became of one account; each comes before {@link #finished}. */
    default void account(AccountResult result) {
    }

    /**
     * A failure nobody expected, with its whole detail; the bucket's result, reported too, keeps a short reason.
     *
     * @param account in a run over several accounts, the bucket's
     */
    default void unexpected(Optional<String> account, BucketRef bucket, String stage, Throwable failure) {
    }

    /**
     * Something that did not cost a bucket but changed what the run could say, such as the Price List refusing and
     * the built-in prices standing in.
     *
     * @param stage what was being done, such as {@code price-list}
     */
    default void warning(String stage, String message) {
    }

    void finished(ScanSummary summary);
}
