package dev.mpujanitor.bench;

import dev.mpujanitor.bench.JarScan.Config;
import dev.mpujanitor.bench.JarScan.Measurement;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.MockS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How fast and at what cost the jar scans an account, on a wire with a realistic round trip: S3Mock in this JVM,
 * a {@link FaultProxy} in front of it that answers every request 30 ms late, and the jar in a child process
 * against the proxy, as an operator runs it. A benchmark, not a test: {@code ./mvnw verify} never runs it.
 *
 * <pre>
 * ./mvnw -Pbenchmark -DskipTests package
 * ./mvnw -Pbenchmark -DskipTests package -Dbench.sizes=1000 -Dbench.repeats=1   # a quick look
 * </pre>
 *
 * <p>For each account size (1,000 and 10,000 buckets: 70% compliant, 25% needing the rule, 5% other), dry runs
 * (every run sees the same state) with INVENTORY_UPLOADS=false at each MAX_CONCURRENCY; on the smallest account
 * also MAX_CONCURRENCY=1 (the baseline of the speed-up), a dry run with INVENTORY_UPLOADS=true, a real run and a
 * second run. Prints Markdown tables and writes them to target/benchmark/results.md, every run to runs.csv.
 *
 * <p>Settings, as system properties: {@code bench.sizes} (1000,10000), {@code bench.concurrencies} (1,8,16,32,64;
 * 1 only on the smallest account), {@code bench.repeats} (3; the median is reported), {@code bench.latencyMs} (30),
 * {@code bench.defaultConcurrency} (32), {@code bench.childJvmArgs} (none; for example -XX:TieredStopAtLevel=1),
 * {@code bench.seedThreads} (16), {@code bench.warmUp} (true: one unreported run first, for S3Mock's JIT).
 */
public final class ScanBenchmark {

    record Options(List<Integer> sizes, List<Integer> concurrencies, int repeats, Duration latency, int defaultConcurrency,
            List<String> childJvmArgs, List<String> lambdaJvmArgs, int seedThreads, boolean warmUp, Duration singleRunAbove, double maxOtherCores,
            Duration retryBudget, Path out) {

        /** A run expected to take longer than {@link #singleRunAbove} is made once: the ideal time of 1.3 calls per bucket. */
        int repeatsFor(int buckets, int concurrency) {
            double idealSeconds = buckets * 1.3 * latency.toNanos() / 1e9 / concurrency;
            return idealSeconds > singleRunAbove.toSeconds() ? 1 : repeats;
        }

        static Options fromSystemProperties() {
            return new Options(
                    integers(System.getProperty("bench.sizes", "1000,10000")),
                    integers(System.getProperty("bench.concurrencies", "1,8,16,32,64")),
                    Integer.parseInt(System.getProperty("bench.repeats", "3")),
                    Duration.ofMillis(Long.parseLong(System.getProperty("bench.latencyMs", "30"))),
                    Integer.parseInt(System.getProperty("bench.defaultConcurrency", "32")),
                    words(System.getProperty("bench.childJvmArgs", "")),
                    // template.yaml's JAVA_TOOL_OPTIONS for the function
                    words(System.getProperty("bench.lambdaJvmArgs", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")),
                    Integer.parseInt(System.getProperty("bench.seedThreads", "16")),
                    Boolean.parseBoolean(System.getProperty("bench.warmUp", "true")),
                    Duration.ofSeconds(Long.parseLong(System.getProperty("bench.singleRunAboveSeconds", "30"))),
                    Double.parseDouble(System.getProperty("bench.maxOtherCores", "0.3")),
                    Duration.ofMinutes(Long.parseLong(System.getProperty("bench.retryBudgetMinutes", "11"))),
                    Path.of(System.getProperty("bench.out", "target/benchmark")));
        }

        private static List<String> words(String text) {
            return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
        }

        private static List<Integer> integers(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).filter(value -> !value.isEmpty()).map(Integer::valueOf).toList();
        }
    }

    /** The kinds of run, as the tables name them. */
    enum RunKind {
        DRY("dry run"),
        DRY_LAMBDA_JVM("dry run, the function's JVM flags (C1 only)"),
        DRY_INVENTORY("dry run, INVENTORY_UPLOADS=true"),
        REAL("real run"),
        SECOND("second run (after the real run)");

        final String label;

        RunKind(String label) {
            this.label = label;
        }
    }

    /** One run with what the wire saw: the proxy's counts by operation and per bucket. */
    record Observed(RunKind kind, Measurement measurement, Map<String, Long> wireCalls, long compliantBuckets, long compliantCallsMin,
            long compliantCallsMax, long bucketCallsMin, long bucketCallsMax, long outcomeMismatches) {

        boolean wireMatchesSummary() {
            return wireCalls.equals(measurement.sdkCalls());
        }
    }

    /** Every operation name {@link FaultProxy} can count, so that per-bucket sums miss nothing. */
    static final List<String> WIRE_OPERATIONS = wireOperations();

    private static final long STARTED = System.nanoTime();

    private ScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The test classpath holds two SLF4J providers; S3Mock's Spring Boot needs Logback.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
        }
        Locale.setDefault(Locale.ROOT);
        long started = STARTED;
        Options options = Options.fromSystemProperties();
        if (!Files.exists(JarScan.JAR)) {
            throw new IllegalStateException(JarScan.JAR + " is missing: build it first (./mvnw -DskipTests package)");
        }
        // The jar and this benchmark's classes as they are now: a build during the run must not swap them.
        Path jar = Files.createTempFile("mpu-janitor-bench", ".jar");
        Files.copy(JarScan.JAR, jar, StandardCopyOption.REPLACE_EXISTING);
        jar.toFile().deleteOnExit();
        preloadClasses();
        Files.createDirectories(options.out());
        int smallest = options.sizes().stream().mapToInt(Integer::intValue).min().orElseThrow();
        List<Observed> all = new ArrayList<>();
        Map<Integer, Duration> setups = new LinkedHashMap<>();
        for (int size : options.sizes()) {
            all.addAll(scenario(options, jar, size, size == smallest, setups));
        }
        Duration total = Duration.ofNanos(System.nanoTime() - started);
        String report = Report.markdown(options, all, setups, total);
        System.out.println(report);
        Files.writeString(options.out().resolve("results.md"), report, StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve("runs.csv"), Report.csv(all), StandardCharsets.UTF_8);
        progress("wrote %s and %s; total %d s", options.out().resolve("results.md"), options.out().resolve("runs.csv"), total.toSeconds());
        System.exit(0);
    }

    private static List<Observed> scenario(Options options, Path jarFile, int size, boolean smallest, Map<Integer, Duration> setups)
            throws Exception {
        List<Observed> observed = new ArrayList<>();
        progress("%,d buckets: starting S3Mock and seeding", size);
        try (MockS3 mock = MockS3.started();
                FaultProxy proxy = new FaultProxy(mock.endpoint());
                BenchAccount account = BenchAccount.seed(mock.endpoint(), size, options.seedThreads())) {
            setups.put(size, account.setup());
            progress("%,d buckets seeded in %.1f s (%s; %d with an incomplete upload)", account.size(), account.setup().toMillis() / 1000.0,
                    account.countsByKind(), account.uploads());
            proxy.latency(options.latency());
            JarScan jar = new JarScan(jarFile, proxy.endpoint(), options.childJvmArgs());
            if (options.warmUp()) {
                Measurement warmUp = jar.run(new Config(options.defaultConcurrency(), true, false));
                progress("%,d buckets: warm-up run %.1f s", size, warmUp.durationMs() / 1000.0);
                proxy.resetCounts();
            }
            List<Integer> concurrencies = options.concurrencies().stream().filter(c -> c > 1 || smallest).toList();
            int defaultConcurrency = options.defaultConcurrency();
            // Round robin over the settings, so that a slow spell of the machine spreads over all of them.
            for (int repeat = 0; repeat < options.repeats(); repeat++) {
                for (int concurrency : concurrencies) {
                    if (repeat < options.repeatsFor(size, concurrency)) {
                        observed.add(observe(options, RunKind.DRY, jar, new Config(concurrency, true, false), proxy, account));
                    }
                }
                if (!options.lambdaJvmArgs().isEmpty() && repeat < options.repeatsFor(size, defaultConcurrency)) {
                    observed.add(observe(options, RunKind.DRY_LAMBDA_JVM, jar, new Config(defaultConcurrency, true, false, options.lambdaJvmArgs()),
                            proxy, account));
                }
                if (smallest && repeat < options.repeatsFor(size, defaultConcurrency)) {
                    observed.add(observe(options, RunKind.DRY_INVENTORY, jar, new Config(defaultConcurrency, true, true), proxy, account));
                }
            }
            if (smallest) {
                // Last: they change the account.
                observed.add(observe(options, RunKind.REAL, jar, new Config(defaultConcurrency, false, false), proxy, account));
                observed.add(observe(options, RunKind.SECOND, jar, new Config(defaultConcurrency, false, false), proxy, account));
            }
        }
        return observed;
    }

    /**
     * One run; a dry run that shared the machine with more than {@code maxOtherCores} of other work is made again, up to
     * twice while the retry budget lasts, and the least disturbed kept. A real run is never repeated: it changes the account.
     */
    private static Observed observe(Options options, RunKind kind, JarScan jar, Config config, FaultProxy proxy, BenchAccount account)
            throws IOException, InterruptedException {
        Observed observed = observeOnce(kind, jar, config, proxy, account);
        boolean repeatable = config.dryRun();
        for (int retry = 0; repeatable && retry < 2 && observed.measurement().otherCores() > options.maxOtherCores()
                && System.nanoTime() - STARTED < options.retryBudget().toNanos(); retry++) {
            progress("  %.2f cores of other work on the machine during that run: once more", observed.measurement().otherCores());
            Observed again = observeOnce(kind, jar, config, proxy, account);
            if (again.measurement().otherCores() < observed.measurement().otherCores()) {
                observed = again;
            }
        }
        return observed;
    }

    private static Observed observeOnce(RunKind kind, JarScan jar, Config config, FaultProxy proxy, BenchAccount account)
            throws IOException, InterruptedException {
        proxy.resetCounts();
        Measurement run = jar.run(config);
        if (run.exitCode() != 0) {
            progress("WARNING: exit code %d: %s", run.exitCode(), run.stderrTail());
        }
        Map<String, Long> wire = new TreeMap<>();
        for (String operation : WIRE_OPERATIONS) {
            long count = proxy.requests(operation);
            if (count > 0) {
                wire.put(operation, count);
            }
        }
        long compliant = 0;
        long compliantMin = Long.MAX_VALUE;
        long compliantMax = 0;
        long bucketMin = Long.MAX_VALUE;
        long bucketMax = 0;
        for (String bucket : account.kinds().keySet()) {
            long calls = 0;
            for (String operation : WIRE_OPERATIONS) {
                calls += proxy.requests(bucket, operation);
            }
            bucketMin = Math.min(bucketMin, calls);
            bucketMax = Math.max(bucketMax, calls);
            if ("COMPLIANT".equals(run.bucketOutcomes().get(bucket))) {
                compliant++;
                compliantMin = Math.min(compliantMin, calls);
                compliantMax = Math.max(compliantMax, calls);
            }
        }
        long mismatches = config.dryRun()
                ? account.kinds().entrySet().stream().filter(entry -> !entry.getValue().dryRunOutcome.equals(run.bucketOutcomes().get(entry.getKey()))).count()
                : 0;
        Observed result = new Observed(kind, run, wire, compliant, compliant == 0 ? 0 : compliantMin, compliantMax, bucketMin, bucketMax, mismatches);
        progress("%,d buckets, %s, c=%d: scan %.2f s, %.0f buckets/s, %d calls (wire %s summary), compliant %d..%d calls, heap %.0f/%.0f MiB, RSS %.0f MiB, CPU cores jar %.2f, S3Mock+proxy %.2f, other %.2f%s",
                run.buckets(), kind.label, config.concurrency(), run.durationMs() / 1000.0, run.bucketsPerSecond(), run.totalCalls(),
                result.wireMatchesSummary() ? "=" : "!=", result.compliantCallsMin(), result.compliantCallsMax(), run.peakHeapMiB(), run.liveHeapMiB(),
                run.peakRssMiB(), run.jarCores(), run.serverCores(), run.otherCores(), mismatches > 0 ? ", " + mismatches + " UNEXPECTED OUTCOMES" : "");
        return result;
    }

    /** Loads every class of this package and of the proxy now, from the class files as they are at the start. */
    private static void preloadClasses() throws IOException, ClassNotFoundException {
        Path root;
        try {
            root = Path.of(ScanBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return;
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (Path directory : List.of(root.resolve("dev/mpujanitor/bench"), root.resolve("dev/mpujanitor/testing"))) {
            try (Stream<Path> files = Files.list(directory)) {
                files.map(file -> root.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
                        .filter(name -> name.endsWith(".class") && (name.contains("/bench/") || name.contains("/FaultProxy")))
                        .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                        .forEach(names::add);
            }
        }
        for (String name : names) {
            Class.forName(name, false, ScanBenchmark.class.getClassLoader());
        }
    }

    private static List<String> wireOperations() {
        List<String> operations = new ArrayList<>(List.of("ListBuckets", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration",
                "DeleteBucketLifecycle", "GetBucketVersioning", "PutBucketVersioning", "GetBucketLocation", "ListMultipartUploads", "ListParts",
                "AbortMultipartUpload", "UploadPart", "CompleteMultipartUpload", "GetBucketTagging"));
        for (String method : List.of("GET", "HEAD", "PUT", "POST", "DELETE")) {
            operations.add(method + "Object");
            operations.add(method + "Bucket");
            if (!method.equals("GET")) {
                operations.add(method + "BucketTagging");
            }
        }
        return List.copyOf(operations);
    }

    static void progress(String format, Object... args) {
        System.err.println("[benchmark] " + format.formatted(args));
    }
}
