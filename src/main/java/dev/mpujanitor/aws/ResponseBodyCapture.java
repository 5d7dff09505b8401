package dev.mpujanitor.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps the body of a successful response, for the requests that ask for it with {@link #KEEP_INTO}: the very
 * bytes the SDK then parses, so that what its model dropped can be found without a second request. Every other
 * request passes through untouched.
 */
final class ResponseBodyCapture implements ExecutionInterceptor {

    /** Where one request wants its response body kept. */
    static final ExecutionAttribute<Kept> KEEP_INTO = new ExecutionAttribute<>("mpu-janitor.keep-response-body");

    /** A response body, once the response has arrived. One request, one thread. */
    static final class Kept {
        private byte[] body;

        Optional<byte[]> body() {
            return Optional.ofNullable(body);
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Kept kept = attributes.getAttribute(KEEP_INTO);
        Optional<InputStream> body = context.responseBody();
        if (kept == null || body.isEmpty() || !context.httpResponse().isSuccessful()) {
            return body;
        }
        try (InputStream stream = body.get()) {
            kept.body = stream.readAllBytes();
        } catch (IOException e) {
            // As the SDK reports a body it could not read itself.
            throw SdkClientException.create("could not read the response body: " + e.getMessage(), e);
        }
        return Optional.of(new ByteArrayInputStream(kept.body));
    }
}
