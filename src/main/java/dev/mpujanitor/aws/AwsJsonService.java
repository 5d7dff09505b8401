package dev.mpujanitor.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.ports.ApiCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * One AWS service of the JSON 1.1 protocol (a POST of a JSON document, the operation in {@code X-Amz-Target}),
 * called through the SDK's own SigV4 signer and the shared HTTP client. For the services whose SDK module this build
 * does not carry: the Price List and Organizations. Throttling, server errors and dropped connections are retried
 * with jittered backoff, as the SDK's clients do; every request on the wire is counted.
 *
 * <p>The protocol: https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
final class AwsJsonService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final String signingName;
    private final String signingRegion;
    private final String targetPrefix;
    private final ApiCalls apiCalls;
    private final ClientTimeouts timeouts;

    /**
     * @param signingName   the service's name in the signature's credential scope, such as {@code pricing}
     * @param targetPrefix  what precedes the operation in {@code X-Amz-Target}, such as {@code AWSPriceListService}
     */
    AwsJsonService(SdkHttpClient http, AwsCredentialsProvider credentials, URI endpoint, String signingName, String signingRegion,
            String targetPrefix, ApiCalls apiCalls, ClientTimeouts timeouts) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.signingName = signingName;
        this.signingRegion = signingRegion;
        this.targetPrefix = targetPrefix;
        this.apiCalls = apiCalls;
        this.timeouts = timeouts;
    }

    /** The operation's answer; throws {@link AwsJsonException} with AWS's error code, after the retries it deserves. */
    JsonNode call(String operation, ObjectNode request) {
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        AwsJsonException last = null;
        for (int attempt = 1; attempt <= timeouts.maxAttempts(); attempt++) {
            if (attempt > 1) {
                pause(last, attempt);
            }
            try {
                return attempt(operation, body);
            } catch (AwsJsonException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private JsonNode attempt(String operation, byte[] body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .build();
        try {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.resolveCredentials())
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
            apiCalls.record(operation);
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            JsonNode answer = read(response);
            int status = response.httpResponse().statusCode();
            if (status / 100 == 2) {
                return answer;
            }
            String type = answer.path("__type").asText(response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("HTTP" + status));
            // "__type" may carry a namespace (aws.protocoltests#Error) or, in the header, a suffix (Error:http://...).
            String code = type.substring(type.indexOf('#') + 1).split(":")[0];
            String message = answer.has("message") ? answer.get("message").asText() : answer.path("Message").asText("");
            throw new AwsJsonException(operation, code, message, status >= 500 || status == 429 || code.contains("Throttling")
                    || code.equals("TooManyRequestsException"), null);
        } catch (IOException e) {
            throw new AwsJsonException(operation, e.getClass().getSimpleName(), e.getMessage(), true, e);
        } catch (SdkException e) {
            // No credentials, or the signer refused the request: nothing a retry would change.
            throw new AwsJsonException(operation, e.getClass().getSimpleName(), e.getMessage(), false, e);
        }
    }

    private static JsonNode read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return JSON.createObjectNode();
        }
        try (InputStream body = response.responseBody().get()) {
            byte[] bytes = body.readAllBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    /** Full jitter: a random pause up to the exponential backoff's, throttling waiting longer. */
    private void pause(AwsJsonException last, int attempt) {
        boolean throttled = last != null && (last.errorCode().contains("Throttling") || last.errorCode().equals("TooManyRequestsException"));
        Duration base = throttled ? timeouts.throttlingBackoffBase() : timeouts.backoffBase();
        Duration max = throttled ? timeouts.throttlingBackoffMax() : timeouts.backoffMax();
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 2, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsJsonException("(retry)", "Interrupted", "interrupted while waiting to retry", false, e);
        }
    }

    /** A call failed: AWS's error code (such as {@code AccessDeniedException}), or the client's failure's class. */
    static final class AwsJsonException extends RuntimeException {
        private final String errorCode;
        private final boolean retryable;

        AwsJsonException(String operation, String errorCode, String message, boolean retryable, Throwable cause) {
            super(operation + " failed: " + errorCode + (message == null || message.isBlank() ? "" : " (" + message + ")"), cause);
            this.errorCode = errorCode;
            this.retryable = retryable;
        }

        String errorCode() {
            return errorCode;
        }

        boolean retryable() {
            return retryable;
        }
    }
}
