package dev.mpujanitor.ports;

/** ListBuckets failed, after the retries: the account's buckets could not be (fully) listed. */
public final class ListingException extends RuntimeException {

    private final String errorCode;

    public ListingException(String errorCode, String message, Throwable cause) {
        super("could not list the account's buckets: " + errorCode + (message == null || message.isBlank() ? "" : " (" + message + ")"), cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
