package dev.mpujanitor.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What an SDK failure is called in our records: AWS's error code, or for a failure of the client, its type. */
final class SdkErrors {

    private SdkErrors() {
    }

    /**
     * The service's error code ({@code AccessDenied}, {@code SlowDown}), {@code HTTP<status>} when the answer had none,
     * or for a timeout or a broken connection, after the retries, the exception's type: the most precise name it has.
     */
    static String code(SdkException failure) {
        if (failure instanceof AwsServiceException service) {
            return service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                    ? service.awsErrorDetails().errorCode() : "HTTP" + service.statusCode();
        }
        return failure.getClass().getSimpleName();
    }

    /** The service's own message when it sent one, else the exception's. */
    static String message(SdkException failure) {
        return failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorMessage() : failure.getMessage();
    }
}
