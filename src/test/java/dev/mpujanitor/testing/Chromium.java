package dev.mpujanitor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, driven over the Chrome DevTools Protocol with the JDK's own WebSocket client, so that a
 * page is checked by what a browser shows rather than by its source. Each one runs with a fresh profile in a temporary
 * directory; {@link #close()} ends the browser and deletes that directory. Every wait has a deadline.
 *
 * <p>Without {@code chromium} on the PATH a test that needs it is skipped with a plain notice, except under CI, where
 * it must run.
 */
public final class Chromium implements AutoCloseable {

    static final String NOT_RUN = "browser tests NOT run: no chromium on the PATH (Debian: apt-get install chromium)";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path home;
    private final HttpClient http;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();

    private Chromium(Process process, Path home, HttpClient http, URI page) {
        this.process = process;
        this.home = home;
        this.http = http;
        this.socket = http.newWebSocketBuilder().buildAsync(page, new Listener()).orTimeout(ANSWER.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** A browser for this test; skips it without one, or fails it under CI. */
    public static Chromium require() {
        Optional<Path> executable = onPath("chromium");
        if (executable.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(NOT_RUN + "; CI must run them");
            }
            System.err.println("WARNING: " + NOT_RUN);
            Assumptions.abort(NOT_RUN);
        }
        return start(executable.get());
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Chromium start(Path executable) {
        Path home = null;
        Process process = null;
        HttpClient http = null;
        try {
            home = Files.createTempDirectory("mpu-janitor-chromium");
            Path profile = Files.createDirectory(home.resolve("profile"));
            Path log = home.resolve("chromium.log");
            ProcessBuilder command = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // Its own temporary files too go where close() deletes them.
            command.environment().put("TMPDIR", home.toString());
            process = command.start();
            Process browser = process;
            Instant deadline = Instant.now().plus(STARTUP);
            int port = until(deadline, () -> {
                if (!browser.isAlive()) {
                    throw new IllegalStateException("chromium ended at startup; its log:\n" + read(log));
                }
                return devToolsPort(profile);
            }, "DevToolsActivePort", log);
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpClient client = http;
            URI page = until(deadline, () -> pageTarget(client, port), "a page target", log);
            return new Chromium(process, home, http, page);
        } catch (IOException e) {
            end(process, home, http);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            end(process, home, http);
            throw e;
        }
    }

    /** Polls until {@code probe} answers, or fails at the deadline saying what it waited for. */
    private static <T> T until(Instant deadline, Supplier<Optional<T>> probe, String what, Path log) {
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("chromium gave no " + what + " in " + STARTUP.toSeconds() + " s; its log:\n" + read(log));
            }
            pause();
        }
    }

    /** The port chromium chose, from the first line of the file it writes once it listens. */
    private static Optional<Integer> devToolsPort(Path profile) {
        try {
            List<String> lines = Files.readAllLines(profile.resolve("DevToolsActivePort"));
            return lines.size() >= 2 && lines.getFirst().matches("\\d+") ? Optional.of(Integer.parseInt(lines.getFirst())) : Optional.empty();
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }

    private static Optional<URI> pageTarget(HttpClient http, int port) {
        try {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText()) && target.hasNonNull("webSocketDebuggerUrl")) {
                    return Optional.of(URI.create(target.get("webSocketDebuggerUrl").asText()));
                }
            }
            return Optional.empty();
        } catch (IOException notYet) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code page} and returns once it has loaded. */
    public void open(URI page) {
        send("Page.enable", JSON.createObjectNode());
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        awaited.put("Page.loadEventFired", loaded);
        JsonNode navigated = send("Page.navigate", JSON.createObjectNode().put("url", page.toString()));
        if (navigated.hasNonNull("errorText")) {
            throw new IllegalStateException("could not open " + page + ": " + navigated.get("errorText").asText());
        }
        await(loaded, "Page.loadEventFired for " + page);
    }

    /** The value of a JavaScript expression in the page, as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode evaluated = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (evaluated.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw: " + evaluated.get("exceptionDetails"));
        }
        return evaluated.path("result").path("value");
    }

    /** The text the page shows, as a reader sees it: what is hidden is not in it. */
    public String text() {
        return evaluate("document.body.innerText").asText();
    }

    /** Lays the page out as a screen this wide and high, in CSS pixels; {@code mobile} as a phone does. */
    public void viewport(int width, int height, boolean mobile) {
        send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", mobile));
    }

    /** Applies the stylesheets of this media ({@code print}, {@code screen}). */
    public void media(String media) {
        send("Emulation.setEmulatedMedia", JSON.createObjectNode().put("media", media));
    }

    /** The whole page as a PNG, as laid out now. */
    public byte[] screenshot() {
        JsonNode size = send("Page.getLayoutMetrics", JSON.createObjectNode()).get("cssContentSize");
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("width", size.get("width").asDouble())
                .put("height", size.get("height").asDouble()).put("scale", 1);
        JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true)
                .set("clip", clip));
        return Base64.getDecoder().decode(shot.get("data").asText());
    }

    private JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).orTimeout(ANSWER.toSeconds(), TimeUnit.SECONDS).join();
        return await(answer, method);
    }

    private static JsonNode await(CompletableFuture<JsonNode> answer, String what) {
        try {
            return answer.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer to " + what + " in " + ANSWER.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Answers go to the command that asked; events to whoever awaits them; a message may come in several frames. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                dispatch(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IllegalStateException("the browser closed the connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(error);
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            failAll(e);
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = answers.remove(message.get("id").asInt());
            if (answer != null && message.has("error")) {
                answer.completeExceptionally(new IllegalStateException(message.get("error").toString()));
            } else if (answer != null) {
                answer.complete(message.path("result"));
            }
        } else {
            Optional.ofNullable(awaited.remove(message.path("method").asText())).ifPresent(event -> event.complete(message.path("params")));
        }
    }

    private void failAll(Throwable error) {
        answers.values().forEach(answer -> answer.completeExceptionally(error));
        awaited.values().forEach(event -> event.completeExceptionally(error));
    }

    /** Ends the browser, and deletes its profile. */
    @Override
    public void close() {
        try {
            send("Browser.close", JSON.createObjectNode());
            // Let it tidy up after itself; it is ended below either way.
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (RuntimeException alreadyGone) {
            // Ended below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.abort();
            end(process, home, http);
        }
    }

    private static void end(Process process, Path home, HttpClient http) {
        if (http != null) {
            http.close();
        }
        if (process != null) {
            // Its renderers and helpers are its own children: they go with it, by their ids.
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
