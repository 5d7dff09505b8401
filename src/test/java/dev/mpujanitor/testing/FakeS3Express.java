package dev.mpujanitor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 Express One Zone on loopback, speaking the S3 REST protocol for directory buckets ({@code <base>--<zone-id>--x-s3}).
 * It keeps both planes apart the way AWS does: the Regional endpoint calls (ListDirectoryBuckets, the lifecycle
 * configuration, the bucket policy) and CreateSession must be signed with the account's own credentials for the
 * {@code s3express} service; the Zonal endpoint calls (ListMultipartUploads, ListParts, AbortMultipartUpload) must
 * carry an {@code x-amz-s3session-token} that CreateSession handed out for that bucket and be signed with that
 * session's access key, else 403, as the service refuses them.
 * <p>
 * With an endpoint override that is an IP address, the SDK sends both planes to it in path style
 * ({@code /bucket/key}), so one server answers both and tells them apart by the operation and its authentication.
 * It also answers S3 Control's ListTagsForResource for a directory bucket's ARN, which AWS serves on the same
 * Regional endpoint. ListDirectoryBuckets lists the buckets of the Region the request was signed for, as each
 * Regional endpoint lists its own. The lifecycle calls and GetBucketPolicy refuse the expected-owner header, and a
 * lifecycle configuration with what directory buckets do not support (transitions, tag filters, noncurrent
 * versions, expiration dates, delete markers) or with TransitionDefaultMinimumObjectSize, as the API reference says.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateSession.html
 */
public final class FakeS3Express implements AutoCloseable {

    /** Which endpoint an operation belongs to on AWS, and so how it must be authenticated. */
    public enum Plane { REGIONAL, ZONAL }

    /** One request as received: the operation it was taken for, the bucket, and the access key that signed it. */
    public record Call(String operation, Plane plane, String bucket, String accessKey) {
    }

    /** An incomplete multipart upload and the sizes of its parts, in part number order. */
    public record Upload(String key, String uploadId, Instant initiated, List<Long> partSizes) {
    }

    private record Session(String bucket, String accessKey, String secretKey, String token) {
    }

    private record Bucket(String name, String region, List<Upload> uploads) {
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern DIRECTORY_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]*--[a-z0-9]+-az[0-9]+--x-s3");
    private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String SESSION_TOKEN = "x-amz-s3session-token";
    private static final String CONTROL_TAGS = "/v20180820/tags/";
    private static final String BODY = "lifecycle-body";
    private static final List<String> DIRECTORY_UNSUPPORTED = List.of("Transition", "Tag", "NoncurrentVersionTransition",
            "NoncurrentVersionExpiration", "Date", "ExpiredObjectDeleteMarker");

    private final HttpServer server;
    private final String accessKey;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, String> lifecycles = new ConcurrentHashMap<>();
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final java.util.Set<String> refusingListingIn = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private volatile int pageSize = 1000;

    /** @param accessKey the access key of the account's own credentials, the only one trusted on the Regional endpoint */
    public FakeS3Express(String accessKey) throws IOException {
        this.accessKey = accessKey;
        server = Loopback.serve("/", this::handle);
    }

    public URI endpoint() {
        return Loopback.endpoint(server);
    }

    /** A directory bucket; its name must end in {@code --<zone-id>--x-s3}, as CreateBucket requires. */
    public FakeS3Express bucket(String name, String region) {
        if (!DIRECTORY_BUCKET.matcher(name).matches()) {
            throw new IllegalArgumentException("not a directory bucket name: " + name);
        }
        buckets.put(name, new Bucket(name, region, new CopyOnWriteArrayList<>()));
        return this;
    }

    /** This operation answers AccessDenied, as to a role without its action; CreateSession's refusal fails every Zonal call. */
    public FakeS3Express denying(String operation) {
        denied.add(operation);
        return this;
    }

    /** ListDirectoryBuckets in this Region answers AccessDenied, as under an SCP that denies it there. */
    public FakeS3Express refusingListingIn(String region) {
        refusingListingIn.add(region);
        return this;
    }

    /** The bucket's lifecycle configuration, as PutBucketLifecycleConfiguration would have stored it. */
    public FakeS3Express lifecycle(String bucket, String xml) {
        lifecycles.put(bucket, xml);
        return this;
    }

    public FakeS3Express tagged(String bucket, String key, String value) {
        tags.computeIfAbsent(bucket, b -> new TreeMap<>()).put(key, value);
        return this;
    }

    public FakeS3Express policy(String bucket, String json) {
        policies.put(bucket, json);
        return this;
    }

    /** An incomplete upload in {@code bucket} with parts of these sizes; its upload ID is returned. */
    public String upload(String bucket, String key, Instant initiated, Long... partSizes) {
        String uploadId = UUID.randomUUID().toString();
        buckets.get(bucket).uploads().add(new Upload(key, uploadId, initiated, List.of(partSizes)));
        return uploadId;
    }

    /**
     * The S3 User Guide's example statement that lets S3 Lifecycle open ReadWrite sessions on the bucket of this ARN,
     * as the guide writes it.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-buckets-objects-lifecycle.html
     */
    public static String lifecycleStatement(String bucketArn) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lifecycle.s3.amazonaws.com\"},\"Action\":\"s3express:CreateSession\","
                + "\"Condition\":{\"StringEquals\":{\"s3express:SessionMode\":\"ReadWrite\"}},\"Resource\":\"" + bucketArn + "\"}";
    }

    /** A bucket policy of {@link #lifecycleStatement} alone, with the guide's Version. */
    public static String lifecyclePolicy(String bucketArn) {
        return "{\"Version\":\"2008-10-17\",\"Statement\":[" + lifecycleStatement(bucketArn) + "]}";
    }

    /** ListDirectoryBuckets answers at most this many buckets a page, whatever the caller asks for. */
    public FakeS3Express pagingBy(int buckets) {
        pageSize = buckets;
        return this;
    }

    /** The lifecycle configuration of {@code bucket} exactly as the last PutBucketLifecycleConfiguration sent it. */
    public Optional<String> lifecycleXml(String bucket) {
        return Optional.ofNullable(lifecycles.get(bucket));
    }

    public List<Upload> uploads(String bucket) {
        return List.copyOf(buckets.get(bucket).uploads());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            boolean control = path.startsWith(CONTROL_TAGS);
            String resource = control ? URLDecoder.decode(path.substring(CONTROL_TAGS.length()), StandardCharsets.UTF_8) : path.substring(1);
            int slash = control ? resource.lastIndexOf('/') : resource.indexOf('/');
            String bucket = control ? resource.substring(slash + 1)
                    : URLDecoder.decode(slash < 0 ? resource : resource.substring(0, slash), StandardCharsets.UTF_8);
            String key = control || slash < 0 ? "" : URLDecoder.decode(resource.substring(slash + 1), StandardCharsets.UTF_8);
            String operation = control ? (method.equals("GET") ? "ListTagsForResource" : "") : operation(method, bucket, key, query);
            Plane plane = switch (operation) {
                case "ListMultipartUploads", "ListParts", "AbortMultipartUpload" -> Plane.ZONAL;
                default -> Plane.REGIONAL;
            };
            Matcher credential = CREDENTIAL.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String signer = credential.find() ? credential.group(1) : "";
            calls.add(new Call(operation, plane, bucket, signer));
            if (operation.isEmpty()) {
                error(exchange, 405, "MethodNotAllowed", "not an operation of this fake: " + method + " " + exchange.getRequestURI(), bucket);
                return;
            }
            if (!signer.isEmpty() && !"s3express".equals(credential.group(3))) {
                // Directory buckets answer only requests signed for s3express, never for s3.
                error(exchange, 403, "SignatureDoesNotMatch", "signed for " + credential.group(3) + ", not s3express", bucket);
                return;
            }
            Optional<String> refusal = denied.contains(operation) ? Optional.of("the caller may not " + operation)
                    : plane == Plane.ZONAL ? zonalRefusal(exchange, bucket, signer) : regionalRefusal(exchange, signer);
            if (refusal.isPresent()) {
                if (control) {
                    // S3 Control wraps its errors in an ErrorResponse, unlike S3.
                    respond(exchange, 403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>" + escape(refusal.get())
                            + "</Message></Error><RequestId>0000000000000000</RequestId></ErrorResponse>");
                } else {
                    error(exchange, 403, "AccessDenied", refusal.get(), bucket);
                }
                return;
            }
            if (!operation.equals("ListDirectoryBuckets") && !buckets.containsKey(bucket)) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist", bucket);
                return;
            }
            Optional<String> unsupported = unsupported(exchange, operation);
            if (unsupported.isPresent()) {
                error(exchange, 501, "NotImplemented", unsupported.get(), bucket);
                return;
            }
            switch (operation) {
                case "ListDirectoryBuckets" -> {
                    if (refusingListingIn.contains(credential.group(2))) {
                        error(exchange, 403, "AccessDenied", "denied by a service control policy", "");
                    } else {
                        listDirectoryBuckets(exchange, query, credential.group(2));
                    }
                }
                case "ListTagsForResource" -> listTags(exchange, bucket);
                case "CreateSession" -> createSession(exchange, bucket);
                case "GetBucketLifecycleConfiguration" -> getLifecycle(exchange, bucket);
                case "PutBucketLifecycleConfiguration" -> putLifecycle(exchange, bucket);
                case "GetBucketPolicy" -> getPolicy(exchange, bucket);
                case "ListMultipartUploads" -> listUploads(exchange, bucket, query);
                case "ListParts" -> listParts(exchange, bucket, key, query.get("uploadId"));
                case "AbortMultipartUpload" -> abort(exchange, bucket, key, query.get("uploadId"));
                default -> throw new IllegalStateException(operation);
            }
        }
    }

    private static String operation(String method, String bucket, String key, Map<String, String> query) {
        if (bucket.isEmpty()) {
            return method.equals("GET") ? "ListDirectoryBuckets" : "";
        }
        if (!key.isEmpty()) {
            if (!query.containsKey("uploadId")) {
                return "";
            }
            return switch (method) {
                case "GET" -> "ListParts";
                case "DELETE" -> "AbortMultipartUpload";
                default -> "";
            };
        }
        if (method.equals("PUT") && query.containsKey("lifecycle")) {
            return "PutBucketLifecycleConfiguration";
        }
        if (!method.equals("GET")) {
            return "";
        }
        if (query.containsKey("session")) {
            return "CreateSession";
        }
        if (query.containsKey("lifecycle")) {
            return "GetBucketLifecycleConfiguration";
        }
        if (query.containsKey("policy")) {
            return "GetBucketPolicy";
        }
        return query.containsKey("uploads") ? "ListMultipartUploads" : "";
    }

    /** The Regional endpoint and CreateSession take IAM credentials only: a session token there is a client's mistake. */
    private Optional<String> regionalRefusal(HttpExchange exchange, String signer) {
        if (exchange.getRequestHeaders().containsKey(SESSION_TOKEN)) {
            return Optional.of("a session token is not accepted on the Regional endpoint");
        }
        return signer.equals(accessKey) ? Optional.empty() : Optional.of("not signed by the account's credentials but by '" + signer + "'");
    }

    /** A Zonal endpoint call must name, and be signed with, a session of this very bucket. */
    private Optional<String> zonalRefusal(HttpExchange exchange, String bucket, String signer) {
        String token = exchange.getRequestHeaders().getFirst(SESSION_TOKEN);
        Session session = token == null ? null : sessions.get(token);
        if (session == null) {
            return Optional.of("no session token of this service in " + SESSION_TOKEN);
        }
        if (!session.bucket().equals(bucket)) {
            return Optional.of("the session is for " + session.bucket() + ", not " + bucket);
        }
        return signer.equals(session.accessKey()) ? Optional.empty() : Optional.of("not signed with the session's credentials but by '" + signer + "'");
    }

    /** What the API reference says a directory bucket does not take on this operation. */
    private static Optional<String> unsupported(HttpExchange exchange, String operation) throws IOException {
        boolean configuration = switch (operation) {
            case "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "GetBucketPolicy" -> true;
            default -> false;
        };
        if (configuration && exchange.getRequestHeaders().containsKey("x-amz-expected-bucket-owner")) {
            return Optional.of("x-amz-expected-bucket-owner is not supported for directory buckets in " + operation);
        }
        if (!operation.equals("PutBucketLifecycleConfiguration")) {
            return Optional.empty();
        }
        if (exchange.getRequestHeaders().containsKey("x-amz-transition-default-minimum-object-size")) {
            return Optional.of("TransitionDefaultMinimumObjectSize is not supported for directory buckets");
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        exchange.setAttribute(BODY, body);
        return DIRECTORY_UNSUPPORTED.stream().filter(element -> body.contains("<" + element + ">"))
                .map(element -> element + " is not supported for directory bucket lifecycle configurations").findFirst();
    }

    private void listTags(HttpExchange exchange, String bucket) throws IOException {
        if (exchange.getRequestHeaders().getFirst("x-amz-account-id") == null) {
            error(exchange, 400, "InvalidRequest", "x-amz-account-id is required", bucket);
            return;
        }
        StringBuilder xml = new StringBuilder("<ListTagsForResourceResult xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"><Tags>");
        tags.getOrDefault(bucket, Map.of()).forEach((key, value) ->
                xml.append("<Tag><Key>").append(escape(key)).append("</Key><Value>").append(escape(value)).append("</Value></Tag>"));
        respond(exchange, 200, xml.append("</Tags></ListTagsForResourceResult>").toString());
    }

    private void listDirectoryBuckets(HttpExchange exchange, Map<String, String> query, String signingRegion) throws IOException {
        int max = Math.min(pageSize, Integer.parseInt(query.getOrDefault("max-directory-buckets", "1000")));
        // The token is opaque to callers; here it is the first name of the next page.
        String from = query.getOrDefault("continuation-token", "");
        List<Bucket> sorted = new TreeMap<>(buckets).tailMap(from).values().stream().filter(bucket -> bucket.region().equals(signingRegion)).toList();
        StringBuilder xml = new StringBuilder("<ListAllMyDirectoryBucketsResult xmlns=\"" + NAMESPACE + "\"><Buckets>");
        for (Bucket bucket : sorted.subList(0, Math.min(max, sorted.size()))) {
            xml.append("<Bucket><Name>").append(bucket.name()).append("</Name><BucketRegion>").append(bucket.region())
                    .append("</BucketRegion><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>");
        }
        xml.append("</Buckets>");
        if (sorted.size() > max) {
            xml.append("<ContinuationToken>").append(sorted.get(max).name()).append("</ContinuationToken>");
        }
        respond(exchange, 200, xml.append("</ListAllMyDirectoryBucketsResult>").toString());
    }

    private void createSession(HttpExchange exchange, String bucket) throws IOException {
        int number = sessionCount.incrementAndGet();
        Session session = new Session(bucket, "ASIAEXPRESSSESSION" + String.format("%02d", number % 100), "session-secret-" + number,
                "session-token-" + number + "-" + UUID.randomUUID());
        sessions.put(session.token(), session);
        // AWS's sessions last five minutes; the SDK refreshes them on its own before they run out.
        respond(exchange, 200, "<CreateSessionResult xmlns=\"" + NAMESPACE + "\"><Credentials><SessionToken>" + session.token()
                + "</SessionToken><SecretAccessKey>" + session.secretKey() + "</SecretAccessKey><AccessKeyId>" + session.accessKey()
                + "</AccessKeyId><Expiration>" + Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)
                + "</Expiration></Credentials></CreateSessionResult>");
    }

    private void getLifecycle(HttpExchange exchange, String bucket) throws IOException {
        String xml = lifecycles.get(bucket);
        if (xml == null) {
            error(exchange, 404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", bucket);
            return;
        }
        // As sent, declaration included: the fake hands back the bytes it stored.
        Loopback.respond(exchange, 200, "application/xml", xml);
    }

    private void putLifecycle(HttpExchange exchange, String bucket) throws IOException {
        lifecycles.put(bucket, (String) exchange.getAttribute(BODY));
        Loopback.respond(exchange, 200, null, "");
    }

    private void getPolicy(HttpExchange exchange, String bucket) throws IOException {
        String json = policies.get(bucket);
        if (json == null) {
            error(exchange, 404, "NoSuchBucketPolicy", "The bucket policy does not exist", bucket);
            return;
        }
        Loopback.respond(exchange, 200, "application/json", json);
    }

    private void listUploads(HttpExchange exchange, String bucket, Map<String, String> query) throws IOException {
        boolean urlEncoded = "url".equals(query.get("encoding-type"));
        String prefix = query.getOrDefault("prefix", "");
        // Directory buckets do not sort uploads and take no markers, so one page holds every upload here.
        StringBuilder xml = new StringBuilder("<ListMultipartUploadsResult xmlns=\"" + NAMESPACE + "\"><Bucket>" + bucket
                + "</Bucket><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>");
        if (urlEncoded) {
            xml.append("<EncodingType>url</EncodingType>");
        }
        for (Upload upload : buckets.get(bucket).uploads()) {
            if (upload.key().startsWith(prefix)) {
                xml.append("<Upload><Key>").append(urlEncoded ? urlEncode(upload.key()) : escape(upload.key())).append("</Key><UploadId>")
                        .append(upload.uploadId()).append("</UploadId><StorageClass>EXPRESS_ONEZONE</StorageClass><Initiated>")
                        .append(upload.initiated()).append("</Initiated></Upload>");
            }
        }
        respond(exchange, 200, xml.append("</ListMultipartUploadsResult>").toString());
    }

    private void listParts(HttpExchange exchange, String bucket, String key, String uploadId) throws IOException {
        Optional<Upload> found = find(bucket, key, uploadId);
        if (found.isEmpty()) {
            noSuchUpload(exchange, bucket);
            return;
        }
        StringBuilder xml = new StringBuilder("<ListPartsResult xmlns=\"" + NAMESPACE + "\"><Bucket>" + bucket + "</Bucket><Key>" + escape(key)
                + "</Key><UploadId>" + uploadId + "</UploadId><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>"
                + "<StorageClass>EXPRESS_ONEZONE</StorageClass>");
        List<Long> sizes = found.get().partSizes();
        for (int part = 1; part <= sizes.size(); part++) {
            xml.append("<Part><PartNumber>").append(part).append("</PartNumber><LastModified>").append(found.get().initiated())
                    .append("</LastModified><ETag>\"etag-").append(part).append("\"</ETag><Size>").append(sizes.get(part - 1)).append("</Size></Part>");
        }
        respond(exchange, 200, xml.append("</ListPartsResult>").toString());
    }

    private void abort(HttpExchange exchange, String bucket, String key, String uploadId) throws IOException {
        Optional<Upload> found = find(bucket, key, uploadId);
        if (found.isEmpty()) {
            noSuchUpload(exchange, bucket);
            return;
        }
        buckets.get(bucket).uploads().remove(found.get());
        exchange.sendResponseHeaders(204, -1);
    }

    private Optional<Upload> find(String bucket, String key, String uploadId) {
        return buckets.get(bucket).uploads().stream().filter(u -> u.key().equals(key) && u.uploadId().equals(uploadId)).findFirst();
    }

    private static void noSuchUpload(HttpExchange exchange, String bucket) throws IOException {
        error(exchange, 404, "NoSuchUpload", "The specified multipart upload does not exist.", bucket);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String urlEncode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String bucket) throws IOException {
        respond(exchange, status, "<Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message><BucketName>" + bucket
                + "</BucketName><RequestId>0000000000000000</RequestId></Error>");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        Loopback.respond(exchange, status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
