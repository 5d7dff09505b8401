package dev.mpujanitor.run;

/** The listing stopped on an error, after the retries, part-way through the account: the buckets after it were never seen. */
public record ListingFailure(String errorCode, String message) {
}
