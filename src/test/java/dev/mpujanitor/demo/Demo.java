package dev.mpujanitor.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.app.Janitor;
import dev.mpujanitor.aws.AwsTarget;
import dev.mpujanitor.cli.Main;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.report.EmfMetrics;
import dev.mpujanitor.report.Figures;
import dev.mpujanitor.report.Metric;
import dev.mpujanitor.testing.FakeS3Express;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.MockS3;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code ./mvnw -q -Pdemo}: the product doing its job on an account of 15 buckets, with nothing but a JDK. An embedded
 * S3 (S3Mock) holds the general purpose buckets and an embedded S3 Express One Zone the directory buckets, beside an
 * STS that names the account (a directory bucket's ARN holds it), all in this JVM; the real command line then makes a
 * dry run, which writes the report to share, and a real run, and the next day's run goes through the Lambda
 * function's own entry, which writes nothing and logs its metrics. Each step is told as a heading, a table and a
 * sentence, so the story fits on a screen or two.
 *
 * <p>S3Mock keeps no bucket tags, no MFA Delete, no IAM and no upload ages, so a proxy in front of it answers those as
 * S3 would for this account. Everything else is S3Mock's own answer.
 */
public final class Demo {

    /** What the demo leaves behind: the files a reader opens next. */
    static final Path FILES = Path.of("target", "demo");
    static final Path REPORT = FILES.resolve("report.html");
    static final Path CSV = FILES.resolve("buckets.csv");
    static final Path METRICS = FILES.resolve("metrics-emf.jsonl");

    private static final String ACCESS_KEY = "demo-access-key";
    private static final String SECRET_KEY = "demo-secret-key";
    private static final Pattern UPLOAD = Pattern.compile("<Upload>.*?</Upload>", Pattern.DOTALL);
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>(.*?)</UploadId>");
    private static final Pattern INITIATED = Pattern.compile("<Initiated>.*?</Initiated>");
    private static final Pattern REMEDIATED = Pattern.compile("^ +REMEDIATED +(\\d+)$", Pattern.MULTILINE);
    private static final String RULES_ROW = "  %-30s %-38s %s%n";

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
        String refused = buckets.stream().filter(bucket -> bucket.quirk() == DemoAccount.Quirk.LIFECYCLE_READ_DENIED).map(DemoAccount.Bucket::name)
                .findFirst().orElseThrow();
        String shutOut = buckets.stream().filter(bucket -> bucket.quirk() == DemoAccount.Quirk.LIFECYCLE_NOT_LET_IN).map(DemoAccount.Bucket::name)
                .findFirst().orElseThrow();
        Files.createDirectories(FILES);
        int problems = 0;
        try (MockS3 s3Mock = MockS3.started(); FaultProxy s3 = new FaultProxy(s3Mock.endpoint()); FakeS3Express express = new FakeS3Express(ACCESS_KEY);
                FakeSts sts = FakeSts.naming("arn:aws:iam::" + DemoAccount.ID + ":user/demo"); Seeder seeder = new Seeder(s3Mock.endpoint(), express)) {
            seeder.seed(buckets, s3);
            String endpoint = s3.endpoint().toString();
            // Where the command line and the function find the directory buckets, and STS, which names their account.
            Map<String, String> env = new LinkedHashMap<>();
            env.put(Settings.S3_EXPRESS_ENDPOINT_URL, express.endpoint().toString());
            env.put(Settings.AWS_ENDPOINT_URL_STS, sts.endpoint().toString());
            out.printf("%n== mpu-janitor demo: %d buckets in %d regions, %d of them directory buckets, on an embedded S3 ==%n", buckets.size(),
                    buckets.stream().map(DemoAccount.Bucket::region).distinct().count(), buckets.stream().filter(DemoAccount.Bucket::directory).count());
            buckets.forEach(bucket -> out.printf("  %-30s %-15s %s%n", bucket.name(), bucket.region().id(), bucket.story()));
            out.printf("A real account's mix: buckets to fix, buckets already covered, and some a human must look at.%n");

            out.printf("%n== 1. A dry run: what would change, and what the incomplete uploads cost ==%n");
            String[] dryRun = {"--endpoint", endpoint, "--path-style", "--dry-run", "--report", REPORT.toString(), "--csv", CSV.toString()};
            out.println("$ export " + env.entrySet().stream().map(variable -> variable.getKey() + "=" + variable.getValue()).collect(Collectors.joining(" ")));
            out.println("$ mpu-janitor " + String.join(" ", dryRun));
            problems += expect(out, cli(out, env, dryRun), "the dry run");
            out.printf("Nothing was written; the page and the CSV above are what to share, %s among the buckets that need a human.%n", refused);
            out.printf("No run writes %s's policy: the statement above is what a human adds to it.%n", shutOut);
            Map<String, List<LifecycleRule>> before = seeder.rules(buckets);

            out.printf("%n== 2. The real run: the rule added, every other rule kept ==%n");
            out.println("$ mpu-janitor --endpoint " + endpoint + " --path-style");
            ByteArrayOutputStream realRun = new ByteArrayOutputStream();
            int exit = cli(new PrintStream(realRun, true, StandardCharsets.UTF_8), env, "--endpoint", endpoint, "--path-style");
            int realRunProblems = expect(out, exit, "the real run") + showRules(out, before, seeder.rules(buckets), realRun.toString(StandardCharsets.UTF_8));
            if (realRunProblems > 0) {
                out.print(realRun.toString(StandardCharsets.UTF_8));
            }
            problems += realRunProblems;

            out.printf("%n== 3. The next day's run, as the Lambda function runs it on its schedule: nothing left to write ==%n");
            problems += nextDay(out, endpoint, env, refused, buckets.stream().flatMap(bucket -> bucket.uploads().stream()).mapToLong(DemoAccount.Upload::bytes).sum());
        } finally {
            sdkProperties.keySet().forEach(name -> {
                if (previous.containsKey(name)) {
                    System.setProperty(name, previous.get(name));
                } else {
                    System.clearProperty(name);
                }
            });
        }
        out.printf("%n== Next ==%n");
        out.printf("  %-20s %s (open it in a browser), and %s%n", "the report", REPORT, CSV);
        out.printf("  %-20s %s%n", "every test", "./mvnw verify");
        out.printf("  %-20s %s%n", "your own account", "java -jar target/mpu-janitor.jar --dry-run (verify builds it), then README's \"Rolling out safely\"");
        out.printf("Done in %s; the embedded S3 is gone, the files above stay.%n", Figures.duration(Duration.ofNanos(System.nanoTime() - started)));
        if (problems > 0) {
            out.printf("%d thing(s) did not go as the demo says: see above.%n", problems);
        }
        return problems == 0 ? 0 : 1;
    }

    /** The command line, as {@code java -jar mpu-janitor.jar} runs it, with no terminal: it does not ask before writing. */
    private static int cli(PrintStream out, Map<String, String> env, String... args) {
        return Main.run(args, env, out, out, new BufferedReader(new StringReader("")), false);
    }

    /** Every run meets the bucket that refuses its read, so each ends as a run where some bucket failed. */
    private static int expect(PrintStream out, int exitCode, String step) {
        if (exitCode == Main.SOME_BUCKETS_FAILED) {
            return 0;
        }
        out.printf("UNEXPECTED: %s exited %d%n", step, exitCode);
        return 1;
    }

    /**
     * Each bucket the run changed, its rules before, all kept, and the one added; the run's own table is step 1's with
     * REMEDIATED for WOULD_REMEDIATE, so it is checked rather than shown again.
     */
    private static int showRules(PrintStream out, Map<String, List<LifecycleRule>> before, Map<String, List<LifecycleRule>> after, String runOutput) {
        out.printf(RULES_ROW, "BUCKET", "ITS RULES, KEPT UNCHANGED", "ADDED LAST");
        int problems = 0;
        int changed = 0;
        for (Map.Entry<String, List<LifecycleRule>> bucket : after.entrySet()) {
            List<LifecycleRule> was = before.get(bucket.getKey());
            List<LifecycleRule> now = bucket.getValue();
            if (now.equals(was)) {
                continue;
            }
            changed++;
            boolean kept = now.size() == was.size() + 1 && now.subList(0, was.size()).equals(was);
            out.printf(RULES_ROW, bucket.getKey(), kept ? ids(was) : "UNEXPECTED: a rule it had changed", kept ? now.getLast().id() : ids(now));
            problems += kept && AbortRulePolicy.RULE_ID.equals(now.getLast().id()) ? 0 : 1;
        }
        Matcher remediated = REMEDIATED.matcher(runOutput);
        String reported = remediated.find() ? remediated.group(1) : "none";
        if (!reported.equals(Integer.toString(changed))) {
            out.printf("UNEXPECTED: the run reported %s remediated, the buckets show %d changed%n", reported, changed);
            problems++;
        }
        out.printf("%d buckets now abort incomplete uploads; the run's own table is step 1's, REMEDIATED where it said WOULD_REMEDIATE.%n", changed);
        return problems;
    }

    private static String ids(List<LifecycleRule> rules) {
        return rules.isEmpty() ? "(no rules)" : rules.stream().map(LifecycleRule::id).collect(Collectors.joining(", "));
    }

    /**
     * A scheduled invocation of the function, on the same account: its metrics as a table, each figure that differs from
     * the runs above explained in its own line and the plain zeros in one, and the EMF documents it logs written whole to
     * {@link #METRICS}.
     *
     * @param uploadBytes what the account's incomplete uploads hold, as steps 1 and 2 counted it
     */
    private static int nextDay(PrintStream out, String endpoint, Map<String, String> env, String refused, long uploadBytes) throws Exception {
        Map<String, String> functionEnv = new HashMap<>(env);
        functionEnv.putAll(Map.of(Settings.AWS_ENDPOINT_URL_S3, endpoint, Settings.S3_FORCE_PATH_STYLE, "true"));
        Settings settings = Settings.fromEnv(functionEnv);
        AwsTarget target = new AwsTarget(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), Region.US_EAST_1,
                Optional.empty());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream lines = new PrintStream(log, true, StandardCharsets.UTF_8); Janitor janitor = Janitor.start(settings, target, lines)) {
            janitor.runInvocation(Map.of("source", "aws.events", "detail-type", "Scheduled Event", "detail", Map.of()),
                    "arn:aws:lambda:us-east-1:" + DemoAccount.ID + ":function:mpu-janitor-janitor", Duration.ofMinutes(15));
        }
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        List<String> emf = log.toString(StandardCharsets.UTF_8).lines().filter(line -> read(json, line).has("_aws")).toList();
        Files.write(METRICS, emf, StandardCharsets.UTF_8);
        JsonNode metrics = emf.stream().map(line -> read(json, line)).filter(document -> !document.has(EmfMetrics.ERROR_CODE)).findFirst().orElseThrow();
        out.println(metricRow("METRIC", "VALUE", "UNIT", ""));
        List<String> zeros = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            JsonNode value = metrics.path(metric.metricName());
            if (value.isMissingNode()) {
                continue;
            }
            String note = note(metric, metrics, refused, uploadBytes);
            if (note.isEmpty() && value.isNumber() && value.decimalValue().signum() == 0) {
                zeros.add(metric.metricName());
            } else {
                out.println(metricRow(metric.metricName(), value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText(), metric.unit(), note));
            }
        }
        if (!zeros.isEmpty()) {
            out.printf("  and 0 for %s%n", String.join(", ", zeros));
        }
        out.printf("The function logs these as CloudWatch Embedded Metric Format (with one more document per error code): %s.%n", METRICS);
        long writes = metrics.path(Metric.BUCKETS_REMEDIATED.metricName()).asLong(-1);
        if (writes != 0) {
            out.println("UNEXPECTED: the next day's run remediated " + writes + " buckets");
            return 1;
        }
        return 0;
    }

    private static String metricRow(String name, String value, String unit, String note) {
        return String.format(Locale.ROOT, "  %-27s %12s  %-12s %s", name, value, unit, note).stripTrailing();
    }

    /** What a metric means in the figures of the runs above, where it needs saying: nothing for the plain counts. */
    private static String note(Metric metric, JsonNode metrics, String refused, long uploadBytes) {
        JsonNode value = metrics.path(metric.metricName());
        long heldNow = metrics.path(Metric.INCOMPLETE_UPLOAD_BYTES.metricName()).asLong();
        return switch (metric) {
            case BUCKETS_REMEDIATED -> "nothing left to write";
            case BUCKETS_FAILED -> refused + ", its read refused as in steps 1 and 2";
            case API_CALLS -> "this run's own; each run above counted its own";
            case SCAN_DURATION -> Figures.duration(Duration.ofMillis(value.asLong()));
            case INCOMPLETE_UPLOAD_BYTES -> Figures.bytes(heldNow) + ", not " + Figures.bytes(uploadBytes)
                    + ": S3Mock drops parts when a rule is written; S3 keeps them till the rule aborts them";
            case OLDEST_INCOMPLETE_UPLOAD_AGE -> "began " + Figures.ago(Duration.ofSeconds(value.asLong()));
            case ESTIMATED_MONTHLY_WASTE -> Figures.usd(value.decimalValue()) + " a month, for the " + Figures.bytes(heldNow) + " above";
            default -> "";
        };
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException("not a JSON line: " + line, e);
        }
    }

    /**
     * Creates the account with plain SDK clients: its general purpose buckets on S3Mock, with the proxy answering what
     * S3Mock does not keep, and its directory buckets on the embedded S3 Express One Zone.
     */
    private static final class Seeder implements AutoCloseable {
        private final URI endpoint;
        private final FakeS3Express express;
        private final Map<String, S3Client> clients = new HashMap<>();

        Seeder(URI endpoint, FakeS3Express express) {
            this.endpoint = endpoint;
            this.express = express;
        }

        void seed(List<DemoAccount.Bucket> buckets, FaultProxy s3) {
            for (DemoAccount.Bucket bucket : buckets) {
                if (bucket.directory()) {
                    seedDirectory(bucket);
                    continue;
                }
                S3Client client = client(bucket);
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
                switch (bucket.quirk()) {
                    case MFA_DELETE -> s3.fault(bucket.name(), "GetBucketVersioning", FaultProxy.Action.mfaDeleteEnabled(), Integer.MAX_VALUE);
                    case LIFECYCLE_READ_DENIED -> s3.fault(bucket.name(), "GetBucketLifecycleConfiguration", FaultProxy.Action.policyDenied(), Integer.MAX_VALUE);
                    case NONE -> {
                    }
                    case LIFECYCLE_NOT_LET_IN -> throw new IllegalArgumentException("only a directory bucket has S3 Lifecycle let in or not: " + bucket.name());
                }
            }
        }

        /** A directory bucket as its story says: its policy, tags, rules, and uploads with their real ages, which the fake keeps. */
        private void seedDirectory(DemoAccount.Bucket bucket) {
            if (bucket.quirk() != DemoAccount.Quirk.NONE && bucket.quirk() != DemoAccount.Quirk.LIFECYCLE_NOT_LET_IN) {
                throw new IllegalArgumentException("no " + bucket.quirk() + " on a directory bucket: " + bucket.name());
            }
            express.bucket(bucket.name(), bucket.region().id());
            bucket.policy().ifPresent(policy -> express.policy(bucket.name(), policy));
            bucket.tags().forEach((key, value) -> express.tagged(bucket.name(), key, value));
            if (!bucket.rules().isEmpty()) {
                client(bucket).putBucketLifecycleConfiguration(r -> r.bucket(bucket.name()).lifecycleConfiguration(c -> c.rules(bucket.rules())));
            }
            for (DemoAccount.Upload upload : bucket.uploads()) {
                express.upload(bucket.name(), upload.key(), Instant.now().minus(Duration.ofDays(upload.ageDays())), upload.partSizes().toArray(Long[]::new));
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
                    rules.put(bucket.name(), new ArrayList<>(client(bucket).getBucketLifecycleConfiguration(r -> r.bucket(bucket.name())).rules()));
                } catch (S3Exception noConfiguration) {
                    rules.put(bucket.name(), List.of());
                }
            }
            return rules;
        }

        /**
         * A client for the bucket's Region and kind: a directory bucket's lifecycle configuration is on the Regional
         * endpoint, signed with the account's own credentials rather than a session's.
         */
        private S3Client client(DemoAccount.Bucket bucket) {
            return clients.computeIfAbsent(bucket.region().id() + (bucket.directory() ? " directory" : ""), kind -> {
                S3ClientBuilder builder = S3Client.builder().region(bucket.region())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
                return (bucket.directory() ? builder.endpointOverride(express.endpoint()).disableS3ExpressSessionAuth(true)
                        : builder.endpointOverride(endpoint).forcePathStyle(true)).build();
            });
        }

        @Override
        public void close() {
            clients.values().forEach(S3Client::close);
        }
    }
}
