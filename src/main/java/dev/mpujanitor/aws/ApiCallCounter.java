package dev.mpujanitor.aws;

import dev.mpujanitor.run.ApiCalls;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts each request as it goes on the wire, so retries count too: that is what S3 bills and throttles. */
final class ApiCallCounter implements ExecutionInterceptor {

    private final ApiCalls calls;

    ApiCallCounter(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        calls.record(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
