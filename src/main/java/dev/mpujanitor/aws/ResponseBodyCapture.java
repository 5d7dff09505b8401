package dev.mpujanitor.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Keeps the body of a successful response, for the caller that asks for it with {@link #keepOnThisThread}: the very
 * bytes the SDK then parses, so that what its model dropped can be found without a second request. Every other
 * response passes through untouched.
 *
 * <p>A synchronous client runs a request, its interceptors included, on the thread that called it, so the caller
 * marks its thread rather than its request: a per-request setting would cost every lifecycle read a copy of the
 * request's configuration. Only a response of the operation named is kept, so a call made on the way (credentials
 * fetched from STS) is not taken for it. Were a response ever handled on another thread, its body would simply not be
 * kept, and {@link XmlRoundTrip} refuses a write without one: the failure is safe.
 */
final class ResponseBodyCapture implements ExecutionInterceptor {

    private static final ThreadLocal<Kept> WANTED = new ThreadLocal<>();

    /** A response body, once the response has arrived; closing it stops keeping. One call, one thread. */
    static final class Kept implements AutoCloseable {
        private final String operation;
        private byte[] body;

        private Kept(String operation) {
            this.operation = operation;
        }

        Optional<byte[]> body() {
            return Optional.ofNullable(body);
        }

        @Override
        public void close() {
            WANTED.remove();
        }
    }

    /**
     * Keeps the body of this thread's next successful response to {@code operation} (as the SDK names it), until the
     * result is closed.
     */
    static Kept keepOnThisThread(String operation) {
        Kept kept = new Kept(operation);
        WANTED.set(kept);
        return kept;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Kept kept = WANTED.get();
        Optional<InputStream> body = context.responseBody();
        if (kept == null || body.isEmpty() || !context.httpResponse().isSuccessful()
                || !kept.operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
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
