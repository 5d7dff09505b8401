package dev.mpujanitor.aws;

/** Starts another run of this function, asynchronously, with a JSON payload. */
@FunctionalInterface
public interface FunctionInvoker {

    /** The IAM action this needs, on the function itself; declared here, next to the call, like {@link S3Operation}. */
    String IAM_ACTION = "lambda:InvokeFunction";

    void invokeAsync(String functionArn, String payloadJson);
}
