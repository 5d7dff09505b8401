package dev.mpujanitor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An HTTP proxy on loopback in front of an S3 server, for path-style requests: it forwards every request,
 * except those a planted {@link Fault} matches, and can add latency to all of them. It knows S3's operations
 * by their method and query, so faults and counts are per bucket and operation, as on the wire.
 *
 * <p>Only for servers that do not check signatures (S3Mock): the forwarded Host header differs.
 */
public final class FaultProxy implements AutoCloseable {

    /** What a matched request gets instead of the server's answer. */
    public sealed interface Action {
        /** An S3 error document with this status and code. */
        record Error(int status, String code) implements Action {
        }

        /** The connection is closed without an answer. */
        record Reset() implements Action {
        }

        /** The answer arrives after this long (longer than the client's read timeout, for a timeout). */
        record Delay(Duration delay) implements Action {
        }

        /** 200 with a body cut off in the middle of its XML. */
        record Truncated() implements Action {
        }

        /** The server's own answer, with its body changed, as a newer S3 might answer. */
        record Rewrite(UnaryOperator<String> body) implements Action {
        }

        /** The server's own answer, once {@code change} has been made to it first, as by another writer meanwhile. */
        record Meanwhile(Runnable change) implements Action {
        }

        /** This answer instead of the server's, for what the server does not keep (bucket tags, MFA Delete). */
        record Answer(int status, String xml) implements Action {
        }

        /** GetBucketTagging as S3 answers it: the tag set, or NoSuchTagSet for a bucket without tags. */
        static Action tagSet(Map<String, String> tags) {
            if (tags.isEmpty()) {
                return new Error(404, "NoSuchTagSet");
            }
            return new Answer(200, "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>"
                    + tags.entrySet().stream().map(tag -> "<Tag><Key>" + tag.getKey() + "</Key><Value>" + tag.getValue() + "</Value></Tag>")
                            .collect(Collectors.joining()) + "</TagSet></Tagging>");
        }

        /** GetBucketVersioning of a versioned bucket with MFA Delete enabled. */
        static Action mfaDeleteEnabled() {
            return new Answer(200, "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status>"
                    + "<MfaDelete>Enabled</MfaDelete></VersioningConfiguration>");
        }

        /**
         * A request the bucket's policy denies, in S3's own words, for a page or a screenshot that shows the message: a
         * planted {@link Error} says it was injected.
         */
        static Action policyDenied() {
            return new Answer(403, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                    + "<RequestId>4442587FB7D0A2F9</RequestId></Error>");
        }
    }

    /**
     * A planted fault: requests for {@code bucket} (any when null) and {@code operation}, the first {@code times} of
     * them after the first {@code passing} ones.
     */
    public static final class Fault {
        private final String bucket;
        private final String operation;
        private final Action action;
        private final AtomicInteger passing;
        private final AtomicInteger remaining;

        private Fault(String bucket, String operation, Action action, int passing, int times) {
            this.bucket = bucket;
            this.operation = operation;
            this.action = action;
            this.passing = new AtomicInteger(passing);
            this.remaining = new AtomicInteger(times);
        }

        synchronized boolean takes(String requestBucket, String requestOperation) {
            if (!operation.equals(requestOperation) || (bucket != null && !bucket.equals(requestBucket))) {
                return false;
            }
            if (passing.getAndUpdate(left -> left > 0 ? left - 1 : left) > 0) {
                return false;
            }
            return remaining.getAndUpdate(left -> left > 0 ? left - 1 : left) > 0;
        }
    }

    /** The access key in a SigV4 Authorization header: {@code Credential=AKID/date/region/service/aws4_request}. */
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    /** One bucket of a ListBuckets answer, with its name. */
    private static final Pattern BUCKET_ENTRY = Pattern.compile("<Bucket>.*?</Bucket>", Pattern.DOTALL);
    private static final Pattern BUCKET_NAME = Pattern.compile("<Name>([^<]+)</Name>");

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Set<String> accessKeys = ConcurrentHashMap.newKeySet();
    private volatile Duration latency = Duration.ZERO;
    private volatile int listPageSize;
    private volatile int uploadsPageSize;
    private volatile Function<String, Optional<String>> listingPrefix = accessKey -> Optional.empty();
    private volatile AccountsView accounts;
    private final Map<String, LongAdder> requestsByAccount = new ConcurrentHashMap<>();
    private final LongAdder withoutExpectedOwner = new LongAdder();

    /** Which account owns each bucket, and whose each access key is. */
    private record AccountsView(Map<String, String> ownerOfBucket, Function<String, Optional<String>> accountOfAccessKey) {
    }

    public FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request is answered this much later, as over a network with this round trip. */
    public FaultProxy latency(Duration perRequest) {
        this.latency = perRequest;
        return this;
    }

    /** Plants a fault for the first {@code times} matching requests ({@code Integer.MAX_VALUE} for always). */
    public FaultProxy fault(String bucket, String operation, Action action, int times) {
        return faultAfter(0, bucket, operation, action, times);
    }

    /** Plants a fault for {@code times} matching requests, once {@code passing} of them went through untouched. */
    public FaultProxy faultAfter(int passing, String bucket, String operation, Action action, int times) {
        faults.add(new Fault(bucket, operation, action, passing, times));
        return this;
    }

    /** ListBuckets pages of {@code buckets} each, whatever the client asks for, so that a few buckets make several pages. */
    public FaultProxy listPageSize(int buckets) {
        this.listPageSize = buckets;
        return this;
    }

    /** ListMultipartUploads pages of {@code uploads} each, so that a few uploads make several pages, each with its NextKeyMarker. */
    public FaultProxy uploadsPageSize(int uploads) {
        this.uploadsPageSize = uploads;
        return this;
    }

    /**
     * ListBuckets is forwarded with the prefix that {@code prefixOfAccessKey} gives for the caller's access key (the
     * empty access key for an unsigned request), so that one server holds several accounts, each listing only its own
     * buckets with every page full, as a real account's listing is. A request that sends its own prefix keeps it.
     */
    public FaultProxy listingPrefix(Function<String, Optional<String>> prefixOfAccessKey) {
        this.listingPrefix = prefixOfAccessKey;
        return this;
    }

    /**
     * S3 as each of several accounts sees it: ListBuckets lists only the caller's own buckets, a request for another
     * account's bucket is refused with 403 AccessDenied, and so is one whose {@code x-amz-expected-bucket-owner} is not
     * the bucket's owner, as S3 does.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
     *
     * @param ownerOfBucket      bucket name -> owning account
     * @param accountOfAccessKey whose credentials an access key is
     */
    public FaultProxy accounts(Map<String, String> ownerOfBucket, Function<String, Optional<String>> accountOfAccessKey) {
        this.accounts = new AccountsView(Map.copyOf(ownerOfBucket), accountOfAccessKey);
        return this;
    }

    /** Requests of one operation signed with one account's credentials, with {@link #accounts} set. */
    public long requestsIn(String account, String operation) {
        LongAdder count = requestsByAccount.get(account + " " + operation);
        return count == null ? 0 : count.sum();
    }

    /** Requests for a bucket that carried no {@code x-amz-expected-bucket-owner}. */
    public long requestsWithoutExpectedOwner() {
        return withoutExpectedOwner.sum();
    }

    /** The access keys that signed the requests seen, from their Authorization headers. */
    public Set<String> accessKeys() {
        return Set.copyOf(accessKeys);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Requests seen for one bucket and operation ({@code null} bucket for account-level ones such as ListBuckets). */
    public long requests(String bucket, String operation) {
        LongAdder count = requests.get(bucket + " " + operation);
        return count == null ? 0 : count.sum();
    }

    public long requests(String operation) {
        return requests.entrySet().stream().filter(entry -> entry.getKey().endsWith(" " + operation)).mapToLong(entry -> entry.getValue().sum()).sum();
    }

    /** Every request seen, of any operation. */
    public long requests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void resetCounts() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String[] segments = path.substring(1).split("/", 2);
        String bucket = segments[0].isEmpty() ? null : segments[0];
        boolean objectLevel = segments.length > 1 && !segments[1].isEmpty();
        String operation = S3Operations.of(exchange.getRequestMethod(), bucket != null, objectLevel, query == null ? "" : query);
        requests.computeIfAbsent(bucket + " " + operation, key -> new LongAdder()).increment();
        Optional<String> accessKey = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).map(CREDENTIAL::matcher)
                .filter(Matcher::find).map(credential -> credential.group(1));
        accessKey.ifPresent(accessKeys::add);
        AccountsView view = accounts;
        Optional<Action> asTheAccountSeesIt = view == null ? Optional.empty()
                : asSeenBy(view, accessKey.flatMap(view.accountOfAccessKey()), bucket, operation, exchange.getRequestHeaders().getFirst("x-amz-expected-bucket-owner"));
        URI forwardTo = switch (operation) {
            case "ListBuckets" -> listing(path, query, accessKey.orElse(""));
            case "ListMultipartUploads" -> uploadsPageSize > 0 ? URI.create(path + "?" + query + "&max-uploads=" + uploadsPageSize) : exchange.getRequestURI();
            default -> exchange.getRequestURI();
        };
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            sleep(latency);
            Action action = asTheAccountSeesIt.or(() -> faults.stream().filter(fault -> fault.takes(bucket, operation)).map(fault -> fault.action)
                    .findFirst()).orElse(null);
            switch (action) {
                case Action.Error error -> respond(exchange, error.status(), errorDocument(error.code()).getBytes(StandardCharsets.UTF_8));
                case Action.Reset reset -> {
                    // Closed below without an answer: the client sees the connection drop.
                }
                case Action.Delay delay -> {
                    sleep(delay.delay());
                    forward(exchange, forwardTo, body, Optional.empty());
                }
                case Action.Rewrite rewrite -> forward(exchange, forwardTo, body, Optional.of(rewrite.body()));
                case Action.Meanwhile meanwhile -> {
                    meanwhile.change().run();
                    forward(exchange, forwardTo, body, Optional.empty());
                }
                case Action.Answer answer -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/xml");
                    respond(exchange, answer.status(), answer.xml().getBytes(StandardCharsets.UTF_8));
                }
                case Action.Truncated truncated -> {
                    byte[] cut = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LifecycleConfiguration><Rule><ID>cut".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/xml");
                    respond(exchange, 200, cut);
                }
                case null -> forward(exchange, forwardTo, body, Optional.empty());
            }
        } finally {
            exchange.close();
        }
    }

    /** A ListBuckets request as forwarded: with the page size and the prefix planted, if any. */
    private URI listing(String path, String query, String accessKey) {
        String forwarded = query == null ? "" : query;
        if (listPageSize > 0) {
            forwarded = forwarded.replaceAll("max-buckets=\\d+", "max-buckets=" + listPageSize);
        }
        Optional<String> prefix = listingPrefix.apply(accessKey);
        if (prefix.isPresent() && !forwarded.matches("(^|.*&)prefix=.*")) {
            forwarded += (forwarded.isEmpty() ? "" : "&") + "prefix=" + URLEncoder.encode(prefix.get(), StandardCharsets.UTF_8);
        }
        return URI.create(forwarded.isEmpty() ? path : path + "?" + forwarded);
    }

    /** What an account's request gets: refused, its listing narrowed to its own buckets, or (empty) the server's answer. */
    private Optional<Action> asSeenBy(AccountsView view, Optional<String> caller, String bucket, String operation, String expectedOwner) {
        caller.ifPresent(account -> requestsByAccount.computeIfAbsent(account + " " + operation, key -> new LongAdder()).increment());
        if (bucket == null) {
            return Optional.of(new Action.Rewrite(listing -> BUCKET_ENTRY.matcher(listing).replaceAll(entry -> {
                Matcher name = BUCKET_NAME.matcher(entry.group());
                boolean own = name.find() && caller.isPresent() && caller.get().equals(view.ownerOfBucket().get(name.group(1)));
                return own ? Matcher.quoteReplacement(entry.group()) : "";
            })));
        }
        if (expectedOwner == null) {
            withoutExpectedOwner.increment();
        }
        String owner = view.ownerOfBucket().get(bucket);
        boolean foreign = owner != null && !caller.equals(Optional.of(owner));
        boolean notTheExpectedOwner = expectedOwner != null && owner != null && !expectedOwner.equals(owner);
        return foreign || notTheExpectedOwner ? Optional.of(new Action.Error(403, "AccessDenied")) : Optional.empty();
    }

    private void forward(HttpExchange exchange, URI uri, byte[] body, Optional<UnaryOperator<String>> rewrite) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(uri.toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofMinutes(1));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        byte[] answer = rewrite.map(change -> change.apply(new String(response.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))
                .orElse(response.body());
        respond(exchange, response.statusCode(), answer);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String errorDocument(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>injected " + code
                + "</Message><RequestId>fault-proxy</RequestId></Error>";
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }

    /** S3's operation names, from what identifies them on the wire. */
    static final class S3Operations {
        private S3Operations() {
        }

        static String of(String method, boolean bucketLevel, boolean objectLevel, String query) {
            if (!bucketLevel) {
                return "ListBuckets";
            }
            if (objectLevel) {
                if (query.contains("uploadId=")) {
                    return switch (method) {
                        case "GET" -> "ListParts";
                        case "DELETE" -> "AbortMultipartUpload";
                        case "PUT" -> "UploadPart";
                        default -> "CompleteMultipartUpload";
                    };
                }
                return method + "Object";
            }
            for (String subresource : List.of("lifecycle", "versioning", "location", "uploads", "tagging")) {
                if (query.equals(subresource) || query.startsWith(subresource + "&") || query.contains("&" + subresource)
                        || query.startsWith(subresource + "=")) {
                    return switch (subresource) {
                        case "lifecycle" -> method.equals("PUT") ? "PutBucketLifecycleConfiguration"
                                : method.equals("DELETE") ? "DeleteBucketLifecycle" : "GetBucketLifecycleConfiguration";
                        case "versioning" -> method.equals("PUT") ? "PutBucketVersioning" : "GetBucketVersioning";
                        case "location" -> "GetBucketLocation";
                        case "uploads" -> "ListMultipartUploads";
                        default -> method.equals("GET") ? "GetBucketTagging" : method + "BucketTagging";
                    };
                }
            }
            return method + "Bucket";
        }
    }
}
