package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One operation of an AWS API of the JSON 1.1 protocol, on loopback, as the service checks and answers it: a POST of
 * {@code application/x-amz-json-1.1}, the operation in {@code X-Amz-Target}, signed with SigV4 for the service's
 * region and name; errors as {@code {"__type": ..., "message": ...}}. It can be told to refuse every request, as AWS
 * refuses a caller without the IAM permission, or to throttle the next few.
 */
abstract class AwsJsonFake implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The request cannot be answered: the error AWS would send instead. */
    static final class Refused extends Exception {
        final int status;
        final String type;

        Refused(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    private final HttpServer server;
    private final String target;
    private final String credentialScope;
    private final String refusal;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger toThrottle = new AtomicInteger();
    private volatile String throttlingError;
    private volatile boolean refusing;

    /**
     * @param target          {@code <service prefix>.<operation>}, as the SDK puts in X-Amz-Target
     * @param credentialScope the tail of the SigV4 credential, {@code /<region>/<signing name>/aws4_request}
     * @param refusal         the message of the AccessDeniedException sent when refusing
     */
    AwsJsonFake(String target, String credentialScope, String refusal) throws IOException {
        this.target = target;
        this.credentialScope = credentialScope;
        this.refusal = refusal;
        this.server = Loopback.serve("/", this::handle);
    }

    public URI endpoint() {
        return Loopback.endpoint(server);
    }

    /** Requests received, pages included. */
    public int requests() {
        return requests.get();
    }

    /** From now on, every request is refused with AccessDeniedException. */
    void refuseAll() {
        refusing = true;
    }

    /** The next {@code count} requests are answered with {@code error}, the service's throttling error, in HTTP 400. */
    void throttleNext(int count, String error) {
        throttlingError = error;
        toThrottle.set(count);
    }

    /** The answer to one well-formed, signed request. */
    abstract JsonNode answer(JsonNode request) throws Refused;

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || !target.equals(operation)
                        || !"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    throw new Refused(400, "UnknownOperationException", "not a " + target + " request: " + operation);
                }
                if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=") || !authorization.contains(credentialScope)) {
                    throw new Refused(403, "InvalidSignatureException", "the request is not signed for " + credentialScope + ": " + authorization);
                }
                if (toThrottle.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new Refused(400, throttlingError, "Rate exceeded");
                }
                if (refusing) {
                    throw new Refused(400, "AccessDeniedException", refusal);
                }
                Loopback.awsJson(exchange, 200, answer(JSON.readTree(exchange.getRequestBody())));
            } catch (Refused refused) {
                Loopback.awsJson(exchange, refused.status, JSON.createObjectNode().put("__type", refused.type).put("message", refused.getMessage()));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
