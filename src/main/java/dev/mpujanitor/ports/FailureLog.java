package dev.mpujanitor.ports;

/**
 * Where a failure that nobody expected goes with its whole detail, its causes and stack trace: the bucket's record
 * keeps a short reason, and an operator needs the rest to find the defect. A refusal or an error code from S3 is
 * expected, and stays in the record alone.
 */
@FunctionalInterface
public interface FailureLog {

    /**
     * @param stage what was being done: {@code bucket} for the bucket's pipeline, {@code upload-survey} for its
     *              incomplete uploads, {@code worker} for what escaped both
     */
    void unexpected(BucketRef bucket, String stage, Throwable failure);
}
