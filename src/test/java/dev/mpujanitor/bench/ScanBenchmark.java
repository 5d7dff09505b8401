package dev.mpujanitor.bench;

import dev.mpujanitor.bench.BenchAccount.Kind;
import dev.mpujanitor.bench.BenchAccount.Mix;
import dev.mpujanitor.bench.ScanProcess.Config;
import dev.mpujanitor.bench.ScanProcess.Measurement;
import dev.mpujanitor.bench.ScanProcess.Program;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.MockS3;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the product costs against a bare SDK loop that does the same wire work ({@link BareSdkLoop}), in the same run,
 * on the same S3Mock, each run in a fresh JVM: a benchmark, not a test; {@code ./mvnw verify} never runs it.
 *
 * <pre>
 * ./mvnw -Pbenchmark -DskipTests package
 * ./mvnw -Pbenchmark -DskipTests package -Dbench.sizes=1000 -Dbench.pairs=1   # a quick look
 * </pre>
 *
 * <p>S3Mock runs in this JVM and holds every account, each shown by a {@link FaultProxy} in front of it that lists only
 * that account's name prefix: a large account of compliant buckets (10,000), the small account of its first tenth
 * (1,000), an account of the small size with a real account's mix, and the large account's buckets dealt out to an
 * organization of accounts of 100 buckets. The runs come in pairs, product and bare loop one after the other, the
 * order swapped every round, so that a slow spell of the machine weighs on both sides of a ratio; the report gives
 * medians of the paired ratios:
 * <ul>
 * <li>with no added latency, each program's marginal CPU per bucket, with the function's JVM flags (C1 only) and with
 *     the default JIT: (CPU of the large run - CPU of the small run) / (large - small), whole processes;
 * <li>with 30 ms added to every request and the function's JVM flags, as the function runs on Lambda: buckets/s, JVM
 *     start included, over the large account, and with the inventory on over the small one; and the product over the
 *     organization against the product over the same buckets in one account;
 * <li>with 30 ms and the default JIT, as {@code java -jar} runs the command line: buckets/s over the large account;
 * <li>once, the product over the real account's mix: a dry run, a real run and a second run, for the calls per bucket.
 * </ul>
 * Prints Markdown tables and writes them to target/benchmark/results.md, every run to runs.csv.
 *
 * <p>Settings, as system properties: {@code bench.sizes} (1000,10000: the small and the large account; a single size N
 * means N/10 and N), {@code bench.pairs} (5), {@code bench.latencyMs} (30), {@code bench.concurrency} (32),
 * {@code bench.childJvmArgs} (none; before every child's own flags), {@code bench.lambdaJvmArgs} (the function's
 * {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}), {@code bench.seedThreads} (16), {@code bench.warmUp} (true:
 * one unreported run first, for the JIT of S3Mock and the proxies), {@code bench.out} (target/benchmark).
 */
public final class ScanBenchmark {

    /** Buckets per account of the organization: a power of ten, so that one name prefix lists one account. */
    static final int BUCKETS_PER_MEMBER_ACCOUNT = 100;

    record Options(int smallSize, int largeSize, int pairs, Duration latency, int concurrency, List<String> childJvmArgs,
            List<String> lambdaJvmArgs, int seedThreads, boolean warmUp, Path out) {

        static Options fromSystemProperties() {
            List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,10000").split(",")).map(String::trim)
                    .filter(value -> !value.isEmpty()).map(Integer::valueOf).sorted().toList();
            if (sizes.isEmpty() || sizes.size() > 2) {
                throw new IllegalArgumentException("bench.sizes is the small and the large account, or the large alone: " + sizes);
            }
            int large = sizes.getLast();
            int small = sizes.size() == 2 ? sizes.getFirst() : large / 10;
            // The small account is the large one's first buckets, listed by a longer name prefix.
            if (small >= large || large % small != 0 || !Integer.toString(small).matches("10{0,4}")) {
                throw new IllegalArgumentException("bench.sizes: the small account is a power of ten up to 10,000 that divides the large one: " + sizes);
            }
            if (large % BUCKETS_PER_MEMBER_ACCOUNT != 0) {
                throw new IllegalArgumentException("bench.sizes: the large account is dealt out to accounts of %d buckets: %d"
                        .formatted(BUCKETS_PER_MEMBER_ACCOUNT, large));
            }
            return new Options(small, large,
                    Integer.parseInt(System.getProperty("bench.pairs", "5")),
                    Duration.ofMillis(Long.parseLong(System.getProperty("bench.latencyMs", "30"))),
                    Integer.parseInt(System.getProperty("bench.concurrency", "32")),
                    words(System.getProperty("bench.childJvmArgs", "")),
                    // template.yaml's JAVA_TOOL_OPTIONS for the function
                    words(System.getProperty("bench.lambdaJvmArgs", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")),
                    Integer.parseInt(System.getProperty("bench.seedThreads", "16")),
                    Boolean.parseBoolean(System.getProperty("bench.warmUp", "true")),
                    Path.of(System.getProperty("bench.out", "target/benchmark")));
        }

        private static List<String> words(String text) {
            return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
        }
    }

    /** What a run is for; the report names them with the sizes and latency of the run. */
    enum RunKind {
        /** No added latency, the function's JVM flags. */
        C1_SMALL, C1_LARGE,
        /** No added latency, the JVM's default JIT. */
        DEFAULT_JIT_SMALL, DEFAULT_JIT_LARGE,
        /** The added latency, the function's JVM flags, the large account. */
        LATENCY,
        /** The added latency, the function's JVM flags, the small account, INVENTORY_UPLOADS=true (the bare loop's inventory). */
        INVENTORY,
        /** The added latency, the function's JVM flags, the large account's buckets as an organization; the product alone. */
        ORGANIZATION,
        /** The added latency, the JVM's default JIT (the command line's), the large account. */
        LATENCY_DEFAULT_JIT,
        /** The added latency, the real account's mix; the product alone, once each, in this order. */
        MIXED_DRY, MIXED_REAL, MIXED_SECOND
    }

    /** One account as a run sees it: the proxy that lists it, its buckets, and the organization they are dealt out to, if so. */
    record View(FaultProxy proxy, Map<String, Kind> buckets, Optional<BenchOrganization> organization) {
    }

    /** A run to make: what it is for, how, and on which account. */
    record Planned(RunKind kind, Config config, View view) {
    }

    /** One run of one round, with what the wire saw: the servers' counts by operation, and the proxy's per bucket. */
    record Observed(RunKind kind, int round, Measurement measurement, Map<String, Long> wireCalls, long bucketCallsMin, long bucketCallsMax,
            long outcomeMismatches) {

        Program program() {
            return measurement.config().program();
        }

        /** The summary counts the scan's calls: Organizations ListAccounts, which comes before, is left out of it. */
        boolean wireMatchesSummary() {
            Map<String, Long> ofTheScan = new TreeMap<>(wireCalls);
            ofTheScan.remove("ListAccounts");
            return ofTheScan.equals(measurement.sdkCalls());
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
        Options options = Options.fromSystemProperties();
        if (!Files.exists(ScanProcess.JAR)) {
            throw new IllegalStateException(ScanProcess.JAR + " is missing: build it first (./mvnw -DskipTests package)");
        }
        // The jar, the bare loop and this benchmark's classes as they are now: a build during the run must not swap them.
        Path jar = Files.createTempFile("mpu-janitor-bench", ".jar");
        Files.copy(ScanProcess.JAR, jar, StandardCopyOption.REPLACE_EXISTING);
        jar.toFile().deleteOnExit();
        Path bareLoopClasses = copyBareLoopClasses();
        preloadClasses();
        Files.createDirectories(options.out());
        ScanProcess child = new ScanProcess(jar, bareLoopClasses, options.childJvmArgs());
        List<Observed> all = new ArrayList<>();
        Map<String, Duration> setups = new TreeMap<>();
        progress("starting S3Mock and seeding %,d compliant buckets and %,d of a real account's mix", options.largeSize(), options.smallSize());
        try (MockS3 mock = MockS3.started();
                BenchAccount large = seeded(mock, "large-", options.largeSize(), Mix.COMPLIANT, options, setups);
                BenchAccount mixed = seeded(mock, "mixed-", options.smallSize(), Mix.REAL_ACCOUNT, options, setups);
                FaultProxy largeProxy = listing(mock.endpoint(), large.namePrefix());
                // The large account's first buckets, by a longer prefix: the same buckets, listed as an account of their own.
                FaultProxy smallProxy = listing(mock.endpoint(), large.groupPrefixes(options.smallSize()).getFirst());
                FaultProxy mixedProxy = listing(mock.endpoint(), mixed.namePrefix());
                BenchOrganization organization = BenchOrganization.of(mock.endpoint(), large, BUCKETS_PER_MEMBER_ACCOUNT)) {
            View largeView = new View(largeProxy, large.kinds(), Optional.empty());
            View smallView = new View(smallProxy, first(large.kinds(), options.smallSize()), Optional.empty());
            View mixedView = new View(mixedProxy, mixed.kinds(), Optional.empty());
            View organizationView = new View(organization.proxy(), large.kinds(), Optional.of(organization));
            List<View> views = List.of(largeView, smallView, mixedView, organizationView);
            Config plain = Config.dryRun(options.concurrency());

            setLatency(views, Duration.ZERO);
            if (options.warmUp()) {
                Measurement warmUp = child.run(plain.with(Program.BARE_SDK_LOOP), largeProxy.endpoint());
                progress("warm-up: %,d buckets in %.1f s", warmUp.buckets(), warmUp.wallMs() / 1000.0);
            }
            Config c1 = plain.withJvmArgs(options.lambdaJvmArgs());
            List<Planned> noLatency = new ArrayList<>();
            noLatency.addAll(pair(RunKind.C1_LARGE, c1, largeView));
            noLatency.addAll(pair(RunKind.C1_SMALL, c1, smallView));
            noLatency.addAll(pair(RunKind.DEFAULT_JIT_LARGE, plain, largeView));
            noLatency.addAll(pair(RunKind.DEFAULT_JIT_SMALL, plain, smallView));
            for (int round = 0; round < options.pairs(); round++) {
                all.addAll(runRound(child, round, noLatency));
            }

            setLatency(views, options.latency());
            List<Planned> withLatency = new ArrayList<>();
            // The function's flags, as Lambda runs it: what one invocation covers is worked out from these.
            withLatency.addAll(pair(RunKind.LATENCY, c1, largeView));
            // Beside the product's run over one account, which it is compared with.
            withLatency.add(new Planned(RunKind.ORGANIZATION, c1.withEnv(organization.env()), organizationView));
            withLatency.addAll(pair(RunKind.INVENTORY, c1.withInventory(), smallView));
            withLatency.addAll(pair(RunKind.LATENCY_DEFAULT_JIT, plain, largeView));
            for (int round = 0; round < options.pairs(); round++) {
                all.addAll(runRound(child, round, withLatency));
            }

            // Last, in this order: the real run changes the account, and the second run shows what the first left to do.
            all.add(observe(child, 0, new Planned(RunKind.MIXED_DRY, plain, mixedView)));
            all.add(observe(child, 0, new Planned(RunKind.MIXED_REAL, plain.writing(), mixedView)));
            all.add(observe(child, 0, new Planned(RunKind.MIXED_SECOND, plain.writing(), mixedView)));

            Duration total = Duration.ofNanos(System.nanoTime() - STARTED);
            String report = Report.markdown(options, organization.accounts(), all, setups, total);
            System.out.println(report);
            Files.writeString(options.out().resolve("results.md"), report, StandardCharsets.UTF_8);
            Files.writeString(options.out().resolve("runs.csv"), Report.csv(all), StandardCharsets.UTF_8);
            progress("wrote %s and %s; total %d s", options.out().resolve("results.md"), options.out().resolve("runs.csv"), total.toSeconds());
        }
        System.exit(0);
    }

    private static BenchAccount seeded(MockS3 mock, String namePrefix, int size, Mix mix, Options options, Map<String, Duration> setups)
            throws InterruptedException {
        BenchAccount account = BenchAccount.seed(mock.endpoint(), namePrefix, size, mix, options.seedThreads());
        setups.put(namePrefix + "*", account.setup());
        progress("%s*: %,d buckets seeded in %.1f s (%s; %d with an incomplete upload)", namePrefix, account.size(),
                account.setup().toMillis() / 1000.0, account.countsByKind(), account.uploads());
        return account;
    }

    /** A proxy that lists the buckets of one name prefix alone, as one account: S3Mock holds every account of the benchmark. */
    private static FaultProxy listing(URI s3, String namePrefix) throws IOException {
        return new FaultProxy(s3).listingPrefix(accessKey -> Optional.of(namePrefix));
    }

    /** The first {@code count} buckets by name. */
    private static Map<String, Kind> first(Map<String, Kind> buckets, int count) {
        Map<String, Kind> first = new TreeMap<>();
        new TreeMap<>(buckets).entrySet().stream().limit(count).forEach(entry -> first.put(entry.getKey(), entry.getValue()));
        return first;
    }

    private static void setLatency(List<View> views, Duration latency) {
        views.forEach(view -> view.proxy().latency(latency));
    }

    /** The product's run and the bare loop's, one after the other. */
    private static List<Planned> pair(RunKind kind, Config config, View view) {
        return Arrays.stream(Program.values()).map(program -> new Planned(kind, config.with(program), view)).toList();
    }

    /**
     * A round's runs, in the planned order on even rounds and in reverse on odd ones: of each pair, each program goes
     * first in half the rounds.
     */
    private static List<Observed> runRound(ScanProcess child, int round, List<Planned> planned) throws IOException, InterruptedException {
        List<Observed> observed = new ArrayList<>();
        for (Planned run : round % 2 == 0 ? planned : planned.reversed()) {
            observed.add(observe(child, round, run));
        }
        return observed;
    }

    /** One run, and what the wire saw of it. */
    private static Observed observe(ScanProcess child, int round, Planned planned) throws IOException, InterruptedException {
        RunKind kind = planned.kind();
        Config config = planned.config();
        View view = planned.view();
        view.proxy().resetCounts();
        int assumeRolesBefore = view.organization().map(BenchOrganization::assumeRoleCalls).orElse(0);
        int listAccountsBefore = view.organization().map(BenchOrganization::listAccountsCalls).orElse(0);
        Measurement run = child.run(config, view.proxy().endpoint());
        if (run.exitCode() != 0 || !run.failures().isEmpty()) {
            progress("WARNING: exit code %d, failures %s: %s", run.exitCode(), run.failures(), run.stderrTail());
        }
        Map<String, Long> wire = new TreeMap<>();
        for (String operation : WIRE_OPERATIONS) {
            long count = view.proxy().requests(operation);
            if (count > 0) {
                wire.put(operation, count);
            }
        }
        view.organization().ifPresent(organization -> {
            wire.put("AssumeRole", (long) organization.assumeRoleCalls() - assumeRolesBefore);
            wire.put("ListAccounts", (long) organization.listAccountsCalls() - listAccountsBefore);
        });
        long bucketMin = Long.MAX_VALUE;
        long bucketMax = 0;
        for (String bucket : view.buckets().keySet()) {
            long calls = 0;
            for (String operation : WIRE_OPERATIONS) {
                calls += view.proxy().requests(bucket, operation);
            }
            bucketMin = Math.min(bucketMin, calls);
            bucketMax = Math.max(bucketMax, calls);
        }
        // Only the product reports each bucket's outcome, and only a dry run's is known beforehand.
        long mismatches = config.program() == Program.PRODUCT && config.dryRun()
                ? view.buckets().entrySet().stream().filter(entry -> !entry.getValue().dryRunOutcome.equals(run.bucketOutcomes().get(entry.getKey())))
                        .count()
                : 0;
        Observed observed = new Observed(kind, round, run, wire, bucketMin, bucketMax, mismatches);
        progress("round %d, %s, %s: %,d buckets, process %.2f s, scan %.2f s, %.0f buckets/s, CPU %.2f s (%.3f ms per bucket), %d calls (wire %s summary), "
                        + "%d..%d calls per bucket, heap %.0f/%.0f MiB, RSS %.0f MiB, cores: child %.2f, S3Mock+proxy %.2f, other %.2f%s",
                round, kind, config.program().label, run.buckets(), run.wallMs() / 1000.0, run.durationMs() / 1000.0, run.bucketsPerSecond(),
                run.cpuSeconds(), 1000 * run.cpuSeconds() / run.buckets(), run.totalCalls(), observed.wireMatchesSummary() ? "=" : "!=", bucketMin,
                bucketMax, run.peakHeapMiB(), run.liveHeapMiB(), run.peakRssMiB(), run.childCores(), run.serverCores(), run.otherCores(),
                mismatches > 0 ? ", " + mismatches + " UNEXPECTED OUTCOMES" : "");
        return observed;
    }

    /**
     * The bare loop's class files, copied out of the test classes into a directory of their own: the child's classpath
     * is then the product's jar and the loop, nothing else of the tests.
     */
    private static Path copyBareLoopClasses() throws IOException {
        Path root = classesRoot().orElseThrow(() -> new IllegalStateException("the benchmark runs from a directory of class files"));
        Path copy = Files.createTempDirectory("mpu-janitor-bench-classes");
        Path packageDirectory = root.resolve(BareSdkLoop.class.getPackageName().replace('.', '/'));
        Path target = Files.createDirectories(copy.resolve(root.relativize(packageDirectory).toString()));
        try (Stream<Path> files = Files.list(packageDirectory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith(BareSdkLoop.class.getSimpleName())).toList()) {
                Path copied = Files.copy(file, target.resolve(file.getFileName().toString()));
                copied.toFile().deleteOnExit();
            }
        }
        target.toFile().deleteOnExit();
        return copy;
    }

    private static Optional<Path> classesRoot() {
        try {
            Path root = Path.of(ScanBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Loads every class of this package and of the proxy now, from the class files as they are at the start. */
    private static void preloadClasses() throws IOException, ClassNotFoundException {
        Optional<Path> root = classesRoot();
        if (root.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (Path directory : List.of(root.get().resolve("dev/mpujanitor/bench"), root.get().resolve("dev/mpujanitor/testing"))) {
            try (Stream<Path> files = Files.list(directory)) {
                files.map(file -> root.get().relativize(file).toString().replace(java.io.File.separatorChar, '/'))
                        .filter(name -> name.endsWith(".class") && (name.contains("/bench/") || name.contains("/FaultProxy") || name.contains("/Fake")))
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
