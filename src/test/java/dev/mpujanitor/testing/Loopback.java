package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The HTTP servers on loopback that stand in for AWS APIs in the tests, and how they answer. */
public final class Loopback {

    private Loopback() {
    }

    /** A server on a free loopback port, started, with {@code handler} for every path under {@code path}. */
    public static HttpServer serve(String path, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(path, handler);
        server.start();
        return server;
    }

    public static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An answer of the AWS JSON 1.1 protocol, as the Price List and Organizations give them. */
    public static void awsJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        respond(exchange, status, "application/x-amz-json-1.1", body.toString());
    }
}
