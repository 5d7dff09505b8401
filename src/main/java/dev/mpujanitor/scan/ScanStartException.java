package dev.mpujanitor.scan;

/** The scan could not enumerate the account's buckets, so no bucket was assessed. */
public final class ScanStartException extends RuntimeException {

    private final String errorCode;

    public ScanStartException(String errorCode, String message, Throwable cause) {
        super("could not list the account's buckets: " + errorCode + (message == null || message.isBlank() ? "" : " (" + message + ")"), cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
