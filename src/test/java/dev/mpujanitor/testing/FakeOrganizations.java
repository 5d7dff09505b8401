package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS Organizations on loopback, speaking its wire protocol (AWS JSON 1.1: a signed POST, the operation in
 * {@code X-Amz-Target}, signed for us-east-1): ListAccounts answers a few accounts a page, whatever MaxResults asks,
 * so that paging is exercised, with each account's State and the older Status as AWS documents them.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
public final class FakeOrganizations implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> stateOfAccount;
    private final int pageSize;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean withoutState;

    /** @param stateOfAccount each account and its State: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED... */
    public FakeOrganizations(Map<String, String> stateOfAccount, int pageSize) throws IOException {
        this.stateOfAccount = new LinkedHashMap<>(stateOfAccount);
        this.pageSize = pageSize;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, as outside the management account: AccessDeniedException. */
    public FakeOrganizations refusing() {
        refusing = true;
        return this;
    }

    /** Answers as before State existed: Status alone. */
    public FakeOrganizations withoutState() {
        withoutState = true;
        return this;
    }

    /** ListAccounts requests received, pages included. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!"POST".equals(exchange.getRequestMethod()) || !"AWSOrganizationsV20161128.ListAccounts".equals(target)) {
                error(exchange, 400, "UnknownOperationException", "not a ListAccounts request: " + target);
                return;
            }
            if (!authorization.contains("/us-east-1/organizations/aws4_request")) {
                error(exchange, 403, "InvalidSignatureException", "the request is not signed for organizations in us-east-1");
                return;
            }
            if (refusing) {
                error(exchange, 400, "AccessDeniedException", "You don't have permissions to access this resource.");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            int from = request.path("NextToken").isTextual() ? Integer.parseInt(request.get("NextToken").asText()) : 0;
            List<Map.Entry<String, String>> accounts = List.copyOf(stateOfAccount.entrySet());
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode page = answer.putArray("Accounts");
            for (Map.Entry<String, String> account : accounts.subList(from, Math.min(accounts.size(), from + pageSize))) {
                String id = account.getKey();
                ObjectNode entry = page.addObject()
                        .put("Id", id)
                        .put("Arn", "arn:aws:organizations::111111111111:account/o-exampleorgid/" + id)
                        .put("Email", "aws+" + id + "@example.com")
                        .put("Name", "account " + id)
                        // The older field: SUSPENDED for any account no longer active, as before State existed.
                        .put("Status", account.getValue().equals("ACTIVE") ? "ACTIVE" : "SUSPENDED")
                        .put("JoinedMethod", "CREATED")
                        .put("JoinedTimestamp", 1.7e9);
                if (!withoutState) {
                    entry.put("State", account.getValue());
                }
            }
            if (from + pageSize < accounts.size()) {
                answer.put("NextToken", String.valueOf(from + pageSize));
            }
            respond(exchange, 200, answer);
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, JSON.createObjectNode().put("__type", type).put("Message", message));
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
}
