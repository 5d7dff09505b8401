package dev.mpujanitor.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * An asynchronous Invoke ("Event"): Lambda queues it and returns at once. With one reserved execution, the
 * queued run starts only when the current one has ended, so the two never overlap.
 */
final class LambdaFunctionInvoker implements FunctionInvoker {

    private final LambdaClient lambda;

    LambdaFunctionInvoker(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public void invokeAsync(String functionArn, String payloadJson) {
        try {
            lambda.invoke(r -> r.functionName(functionArn).invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(payloadJson)));
        } catch (SdkException e) {
            throw new InvokeFailedException(SdkErrors.code(e), SdkErrors.message(e), e);
        }
    }
}
