package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;

/**
 * Which response bodies are kept: only the one the calling thread asked for, of the operation it named, while it
 * asks; every response, kept or not, reaches the SDK's parser whole.
 */
class ResponseBodyCaptureTest {

    private static final String LIFECYCLE = "GetBucketLifecycleConfiguration";
    private static final String BODY = "<LifecycleConfiguration><Rule><ID>logs</ID></Rule></LifecycleConfiguration>";

    private final ResponseBodyCapture capture = new ResponseBodyCapture();

    @Test
    void theBodyOfTheOperationAskedForIsKeptAndStillReachesTheSdk() throws IOException {
        try (ResponseBodyCapture.Kept kept = ResponseBodyCapture.keepOnThisThread(LIFECYCLE)) {
            Optional<InputStream> passedOn = respond(LIFECYCLE, 200);

            assertThat(kept.body()).map(bytes -> new String(bytes, StandardCharsets.UTF_8)).contains(BODY);
            assertThat(text(passedOn)).isEqualTo(BODY);
        }
    }

    @Test
    void aResponseToAnotherOperationOnTheWayIsNotTakenForIt() throws IOException {
        try (ResponseBodyCapture.Kept kept = ResponseBodyCapture.keepOnThisThread(LIFECYCLE)) {
            // As the credentials of a member account, fetched from STS within the lifecycle call.
            Optional<InputStream> passedOn = respond("AssumeRole", 200);

            assertThat(kept.body()).isEmpty();
            assertThat(text(passedOn)).isEqualTo(BODY);
        }
    }

    @Test
    void anErrorResponseIsNotKept() throws IOException {
        try (ResponseBodyCapture.Kept kept = ResponseBodyCapture.keepOnThisThread(LIFECYCLE)) {
            respond(LIFECYCLE, 404);

            assertThat(kept.body()).isEmpty();
        }
    }

    @Test
    void nothingIsKeptOnceTheCallerHasClosedWhatItAskedFor() throws IOException {
        ResponseBodyCapture.Kept kept = ResponseBodyCapture.keepOnThisThread(LIFECYCLE);
        kept.close();

        respond(LIFECYCLE, 200);

        assertThat(kept.body()).isEmpty();
    }

    @Test
    void aResponseHandledOnAnotherThreadIsNotKept() throws Exception {
        try (ResponseBodyCapture.Kept kept = ResponseBodyCapture.keepOnThisThread(LIFECYCLE)) {
            CompletableFuture.runAsync(() -> {
                try {
                    respond(LIFECYCLE, 200);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).get();

            assertThat(kept.body()).as("so the round-trip check then refuses the write").isEmpty();
        }
    }

    private Optional<InputStream> respond(String operation, int status) throws IOException {
        InterceptorContext context = InterceptorContext.builder()
                .request(GetBucketLifecycleConfigurationRequest.builder().bucket("logs").build())
                .httpRequest(SdkHttpRequest.builder().protocol("https").host("s3.amazonaws.com").method(SdkHttpMethod.GET).build())
                .httpResponse(SdkHttpFullResponse.builder().statusCode(status).build())
                .responseBody(new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)))
                .build();
        ExecutionAttributes attributes = ExecutionAttributes.builder().put(SdkExecutionAttribute.OPERATION_NAME, operation).build();
        return capture.modifyHttpResponseContent(context, attributes);
    }

    private static String text(Optional<InputStream> body) throws IOException {
        try (InputStream stream = body.orElseThrow()) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
