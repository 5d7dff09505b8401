package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketPipeline;
import dev.mpujanitor.ports.FailureLog;
import dev.mpujanitor.uploads.StaleUpload;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Each account's bucket pipeline, for a run: the run says whose and how, the application wires what the settings say. */
@FunctionalInterface
public interface BucketPipelines {

    /**
     * @param run          what the run covers and whether it writes
     * @param hasReported  true once the run has reported: the gate then lets nothing more through
     * @param staleUploads told of each stale upload aborted, or in a dry run that would be
     * @param failures     told of each failure nobody expected, with its detail
     */
    BucketPipeline forAccount(S3Account account, ScanStart run, BooleanSupplier hasReported, Consumer<StaleUpload> staleUploads, FailureLog failures);
}
