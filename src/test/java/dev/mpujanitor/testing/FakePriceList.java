package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS Price List Query API on loopback, speaking its wire protocol (AWS JSON 1.1: a signed POST, the operation in
 * {@code X-Amz-Target}): GetProducts answers from {@code src/test/resources/pricing}, one product a page so that paging
 * is exercised, filtered by {@code regionCode} and {@code volumeType} as the real service filters. It can be told to
 * refuse every request, as AWS refuses a caller without {@code pricing:GetProducts}.
 */
public final class FakePriceList implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final JsonNode products;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean refusing;

    public FakePriceList() throws IOException {
        products = recorded();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, every request is refused with AccessDeniedException. */
    public FakePriceList refusing() {
        refusing = true;
        return this;
    }

    /** GetProducts requests received, pages included. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!"POST".equals(exchange.getRequestMethod()) || !"AWSPriceListService.GetProducts".equals(target)
                    || !"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                error(exchange, 400, "UnknownOperationException", "not a GetProducts request: " + target);
                return;
            }
            if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=") || !authorization.contains("/us-east-1/pricing/aws4_request")) {
                error(exchange, 403, "InvalidSignatureException", "the request is not signed for pricing in us-east-1: " + authorization);
                return;
            }
            if (refusing) {
                error(exchange, 400, "AccessDeniedException", "User is not authorized to perform: pricing:GetProducts");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String region = filter(request, "regionCode");
            String volumeType = filter(request, "volumeType");
            if (!"AmazonS3".equals(request.path("ServiceCode").asText()) || region == null || volumeType == null) {
                error(exchange, 400, "InvalidParameterException", "expected ServiceCode AmazonS3 and TERM_MATCH filters on regionCode and volumeType");
                return;
            }
            List<JsonNode> matching = products.path(region + "|" + volumeType).isArray()
                    ? JSON.convertValue(products.get(region + "|" + volumeType), JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class))
                    : List.of();
            int page = request.path("NextToken").isTextual() ? Integer.parseInt(request.get("NextToken").asText()) : 0;
            ObjectNode answer = JSON.createObjectNode().put("FormatVersion", "aws_v1");
            ArrayNode priceList = answer.putArray("PriceList");
            if (page < matching.size()) {
                priceList.add(matching.get(page).toString());
            }
            if (page + 1 < matching.size()) {
                answer.put("NextToken", String.valueOf(page + 1));
            }
            respond(exchange, 200, answer);
        }
    }

    private static String filter(JsonNode request, String field) {
        for (JsonNode filter : request.path("Filters")) {
            if ("TERM_MATCH".equals(filter.path("Type").asText()) && field.equals(filter.path("Field").asText())) {
                return filter.path("Value").asText();
            }
        }
        return null;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, JSON.createObjectNode().put("__type", type).put("message", message));
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The recorded products, for a test of their parsing. */
    public static JsonNode recorded() {
        try (InputStream recorded = FakePriceList.class.getResourceAsStream("/pricing/amazon-s3-storage-products.json")) {
            return JSON.readTree(recorded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
