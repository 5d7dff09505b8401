package dev.mpujanitor.ports;

/**
 * A call about one bucket failed. Adapters translate every SDK error into this, so the scan sees an
 * operation and an S3 error code (such as {@code AccessDenied}) and never an SDK type.
 */
public final class BucketCallException extends RuntimeException {

    private final String operation;
    private final String errorCode;

    public BucketCallException(String operation, String errorCode, String message, Throwable cause) {
        super(operation + " failed: " + errorCode + (message == null || message.isBlank() ? "" : " (" + message + ")"), cause);
        this.operation = operation;
        this.errorCode = errorCode;
    }

    public String operation() {
        return operation;
    }

    public String errorCode() {
        return errorCode;
    }
}
