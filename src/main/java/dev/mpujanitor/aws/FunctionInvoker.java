package dev.mpujanitor.aws;

/** Starts another run of this function, asynchronously, with a JSON payload. */
@FunctionalInterface
public interface FunctionInvoker {

    /** The IAM action this needs, on the function itself; declared here, next to the call, like {@link S3Operation}. */
    String IAM_ACTION = "lambda:InvokeFunction";

    /** Throws {@link InvokeFailedException} when Lambda refuses or cannot be reached. */
    void invokeAsync(String functionArn, String payloadJson);

    /** Lambda did not take the invocation: its error code, such as {@code AccessDeniedException}, after the retries. */
    final class InvokeFailedException extends RuntimeException {
        private final String errorCode;

        public InvokeFailedException(String errorCode, String message, Throwable cause) {
            super(message, cause);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }
}
