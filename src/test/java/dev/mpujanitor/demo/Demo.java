package dev.mpujanitor.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AwsTarget;
import dev.mpujanitor.cli.Main;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.MockS3;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code ./mvnw -q -Pdemo}: the product doing its job on an account of a dozen buckets, with nothing but a JDK. An
 * embedded S3 (S3Mock) runs in this JVM; the real command line then makes a dry run and a real run, and the next
 * day's run goes through the Lambda function's own entry, which writes nothing and logs its metrics.
 *
 * <p>S3Mock keeps no bucket tags, no MFA Delete and no upload ages, so a proxy in front of it answers those as S3
 * would for this account. Everything else is S3Mock's own answer.
 */
public final class Demo {

    private static final String ACCESS_KEY = "demo-access-key";
    private static final String SECRET_KEY = "demo-secret-key";
    private static final Pattern UPLOAD = Pattern.compile("<Upload>.*?</Upload>", Pattern.DOTALL);
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>(.*?)</UploadId>");
    private static final Pattern INITIATED = Pattern.compile("<Initiated>.*?</Initiated>");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out));
    }

    /** The whole demo, told on {@code out}; 0 when every run did what the demo says it does. */
    static int run(PrintStream out) throws Exception {
        long started = System.nanoTime();
        // The SDK's own settings, for the demo only: never the credentials or profiles of whoever runs it.
        Map<String, String> sdkProperties = Map.of("aws.accessKeyId", ACCESS_KEY, "aws.secretAccessKey", SECRET_KEY, "aws.region", Region.US_EAST_1.id());
        Map<String, String> previous = new HashMap<>();
        sdkProperties.forEach((name, value) -> Optional.ofNullable(System.setProperty(name, value)).ifPresent(old -> previous.put(name, old)));
        List<DemoAccount.Bucket> buckets = DemoAccount.buckets();
        int problems = 0;
        try (MockS3 s3Mock = MockS3.started(); FaultProxy s3 = new FaultProxy(s3Mock.endpoint()); Seeder seeder = new Seeder(s3Mock.endpoint())) {
            seeder.seed(buckets, s3);
            String endpoint = s3.endpoint().toString();
            out.printf("%n== mpu-janitor demo: %d buckets in %d regions, on an embedded S3 at %s ==%n%n", buckets.size(),
                    buckets.stream().map(DemoAccount.Bucket::region).distinct().count(), endpoint);
            buckets.forEach(bucket -> out.printf("  %-27s %-15s %s%n", bucket.name(), bucket.region().id(), bucket.story()));

            out.printf("%n== 1. A dry run: what would change, and what the incomplete uploads cost ==%n%n");
            out.println("$ mpu-janitor --endpoint " + endpoint + " --path-style --dry-run");
            problems += expect(out, cli(out, "--endpoint", endpoint, "--path-style", "--dry-run"), "the dry run");
            Map<String, List<LifecycleRule>> before = seeder.rules(buckets);

            out.printf("%n== 2. The real run ==%n%n");
            out.println("$ mpu-janitor --endpoint " + endpoint + " --path-style");
            problems += expect(out, cli(out, "--endpoint", endpoint, "--path-style"), "the real run");
            problems += showRules(out, before, seeder.rules(buckets));

            out.printf("%n== 3. The next day's run, as the Lambda function runs it on its schedule: nothing left to write ==%n%n");
            problems += nextDay(out, endpoint);
        } finally {
            sdkProperties.keySet().forEach(name -> {
                if (previous.containsKey(name)) {
                    System.setProperty(name, previous.get(name));
                } else {
                    System.clearProperty(name);
                }
            });
        }
        out.printf("%n== Done in %.1f s; the embedded S3 and its files are gone. ==%n", (System.nanoTime() - started) / 1e9);
        if (problems > 0) {
            out.printf("%d thing(s) did not go as the demo says: see above.%n", problems);
        }
        return problems == 0 ? 0 : 1;
    }

    /** The command line, as {@code java -jar mpu-janitor.jar} runs it, with no terminal: it does not ask before writing. */
    private static int cli(PrintStream out, String... args) {
        return Main.run(args, Map.of(), out, out, new BufferedReader(new StringReader("")), false);
    }

    private static int expect(PrintStream out, int exitCode, String step) {
        if (exitCode == 0) {
            return 0;
        }
        out.printf("UNEXPECTED: %s exited %d%n", step, exitCode);
        return 1;
    }

    /** Each bucket the run changed, its rules before and after: every rule it had is still there, unchanged. */
    private static int showRules(PrintStream out, Map<String, List<LifecycleRule>> before, Map<String, List<LifecycleRule>> after) {
        out.printf("%nThe rules of each bucket the run changed, before -> after:%n");
        int problems = 0;
        for (Map.Entry<String, List<LifecycleRule>> bucket : after.entrySet()) {
            List<LifecycleRule> was = before.get(bucket.getKey());
            List<LifecycleRule> now = bucket.getValue();
            if (now.equals(was)) {
                continue;
            }
            boolean kept = now.size() == was.size() + 1 && now.subList(0, was.size()).equals(was)
                    && AbortRulePolicy.RULE_ID.equals(now.getLast().id());
            out.printf("  %-27s %s -> %s%n", bucket.getKey(), ids(was), ids(now));
            out.printf("  %-27s %s%n", "", kept ? "every rule it had is kept, unchanged (" + was.size() + " of " + was.size() + "); ours is added last"
                    : "UNEXPECTED: a rule it had changed");
            problems += kept ? 0 : 1;
        }
        return problems;
    }

    private static String ids(List<LifecycleRule> rules) {
        return rules.isEmpty() ? "(no rules)" : rules.stream().map(LifecycleRule::id).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A scheduled invocation of the function, on the same account, and the metrics document it logs. */
    private static int nextDay(PrintStream out, String endpoint) throws Exception {
        Settings settings = Settings.fromEnv(Map.of(Settings.AWS_ENDPOINT_URL_S3, endpoint, Settings.S3_FORCE_PATH_STYLE, "true"));
        AwsTarget target = new AwsTarget(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), Region.US_EAST_1,
                Optional.empty());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, Object> summary;
        try (PrintStream lines = new PrintStream(log, true, StandardCharsets.UTF_8); Janitor janitor = Janitor.start(settings, target, lines)) {
            summary = janitor.runInvocation(Map.of("source", "aws.events", "detail-type", "Scheduled Event", "detail", Map.of()),
                    "arn:aws:lambda:us-east-1:123456789012:function:mpu-janitor-janitor", Duration.ofMinutes(15));
        }
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        Map<?, ?> calls = (Map<?, ?>) summary.get("apiCallsByOperation");
        Object writes = calls.containsKey("PutBucketLifecycleConfiguration") ? calls.get("PutBucketLifecycleConfiguration") : 0;
        out.printf("%s buckets, outcomes %s, lifecycle writes: %s%n", summary.get("buckets"), summary.get("outcomes"), writes);
        out.println("(S3Mock forgets the parts of a bucket once its lifecycle configuration is written, so the upload figures below are");
        out.println(" S3Mock's; S3 keeps the parts until the rule aborts them, a day or two after ABORT_AFTER_DAYS.)");
        JsonNode metrics = log.toString(StandardCharsets.UTF_8).lines().map(line -> read(json, line))
                .filter(line -> line.has("_aws") && !line.has("ErrorCode")).findFirst().orElseThrow();
        out.printf("%nThe run's metrics, as the function logs them (CloudWatch Embedded Metric Format):%n%s%n",
                json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
        if (!Integer.valueOf(0).equals(writes)) {
            out.println("UNEXPECTED: the next day's run wrote " + writes + " configurations");
            return 1;
        }
        return 0;
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException("not a JSON line: " + line, e);
        }
    }

    /** Creates the account on S3Mock with a plain SDK client, and has the proxy answer what S3Mock does not keep. */
    private static final class Seeder implements AutoCloseable {
        private final URI endpoint;
        private final Map<Region, S3Client> clients = new HashMap<>();

        Seeder(URI endpoint) {
            this.endpoint = endpoint;
        }

        void seed(List<DemoAccount.Bucket> buckets, FaultProxy s3) {
            for (DemoAccount.Bucket bucket : buckets) {
                S3Client client = client(bucket.region());
                client.createBucket(b -> b.bucket(bucket.name()).createBucketConfiguration(c -> {
                    if (bucket.region() != Region.US_EAST_1) {
                        c.locationConstraint(bucket.region().id());
                    }
                }));
                if (!bucket.rules().isEmpty()) {
                    client.putBucketLifecycleConfiguration(r -> r.bucket(bucket.name()).lifecycleConfiguration(c -> c.rules(bucket.rules())));
                }
                Map<String, Instant> initiated = new HashMap<>();
                for (DemoAccount.Upload upload : bucket.uploads()) {
                    initiated.put(start(client, bucket.name(), upload), Instant.now().minus(Duration.ofDays(upload.ageDays())));
                }
                s3.fault(bucket.name(), "ListMultipartUploads", new FaultProxy.Action.Rewrite(body -> backdated(body, initiated)), Integer.MAX_VALUE);
                s3.fault(bucket.name(), "GetBucketTagging", FaultProxy.Action.tagSet(bucket.tags()), Integer.MAX_VALUE);
                if (bucket.mfaDelete()) {
                    s3.fault(bucket.name(), "GetBucketVersioning", FaultProxy.Action.mfaDeleteEnabled(), Integer.MAX_VALUE);
                }
            }
        }

        private static String start(S3Client client, String bucket, DemoAccount.Upload upload) {
            String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(upload.key())).uploadId();
            for (int part = 0; part < upload.partSizes().size(); part++) {
                int number = part + 1;
                client.uploadPart(r -> r.bucket(bucket).key(upload.key()).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(new byte[Math.toIntExact(upload.partSizes().get(part))]));
            }
            return uploadId;
        }

        /** ListMultipartUploads as S3 would answer for this account: each upload started as long ago as the story says. */
        private static String backdated(String body, Map<String, Instant> initiated) {
            Matcher upload = UPLOAD.matcher(body);
            StringBuilder answer = new StringBuilder();
            while (upload.find()) {
                Matcher id = UPLOAD_ID.matcher(upload.group());
                String element = id.find() && initiated.containsKey(id.group(1))
                        ? INITIATED.matcher(upload.group()).replaceFirst("<Initiated>" + initiated.get(id.group(1)) + "</Initiated>")
                        : upload.group();
                upload.appendReplacement(answer, Matcher.quoteReplacement(element));
            }
            upload.appendTail(answer);
            return answer.toString();
        }

        Map<String, List<LifecycleRule>> rules(List<DemoAccount.Bucket> buckets) {
            Map<String, List<LifecycleRule>> rules = new LinkedHashMap<>();
            for (DemoAccount.Bucket bucket : buckets) {
                try {
                    rules.put(bucket.name(), new ArrayList<>(client(bucket.region()).getBucketLifecycleConfiguration(r -> r.bucket(bucket.name())).rules()));
                } catch (S3Exception noConfiguration) {
                    rules.put(bucket.name(), List.of());
                }
            }
            return rules;
        }

        private S3Client client(Region region) {
            return clients.computeIfAbsent(region, r -> S3Client.builder().region(r).endpointOverride(endpoint).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build());
        }

        @Override
        public void close() {
            clients.values().forEach(S3Client::close);
        }
    }
}
