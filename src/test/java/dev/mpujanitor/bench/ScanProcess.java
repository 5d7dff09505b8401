package dev.mpujanitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One scan in a child JVM, configured only by environment variables, as an operator runs it, and what it cost: the
 * summary line's figures, the whole process's CPU time, the heap from the child's own GC log, its peak RSS (VmHWM),
 * and the CPU that the child, this JVM (S3Mock and the proxies) and the whole machine used during the scan. The
 * scan's window is known to the millisecond: it ends when the summary line arrives and lasted the summary's durationMs.
 *
 * <p>The child runs either program on the same classpath: the product's jar, or the bare SDK loop beside it.
 */
final class ScanProcess {

    static final Path JAR = Path.of("target", "mpu-janitor.jar");

    /** What the child JVM runs. */
    enum Program {
        /** {@code java -jar mpu-janitor.jar --json}: the records and the summary line as JSON, as the function logs them. */
        PRODUCT("product"),
        /** {@link BareSdkLoop}, from the product's jar and the loop's own classes. */
        BARE_SDK_LOOP("bare SDK loop");

        final String label;

        Program(String label) {
            this.label = label;
        }
    }

    /**
     * What the child is told besides its S3 endpoint; everything else is the program's default. {@code jvmArgs} come
     * after the benchmark's own; {@code env} is put over the benchmark's environment (an organization's endpoints and
     * credentials).
     */
    record Config(Program program, int concurrency, boolean dryRun, boolean inventory, List<String> jvmArgs, Map<String, String> env) {

        /** A dry run of the product with INVENTORY_UPLOADS=false and the JVM's default flags. */
        static Config dryRun(int concurrency) {
            return new Config(Program.PRODUCT, concurrency, true, false, List.of(), Map.of());
        }

        Config with(Program other) {
            return new Config(other, concurrency, dryRun, inventory, jvmArgs, env);
        }

        Config withJvmArgs(List<String> otherJvmArgs) {
            return new Config(program, concurrency, dryRun, inventory, otherJvmArgs, env);
        }

        Config withInventory() {
            return new Config(program, concurrency, dryRun, true, jvmArgs, env);
        }

        Config writing() {
            return new Config(program, concurrency, false, inventory, jvmArgs, env);
        }

        Config withEnv(Map<String, String> otherEnv) {
            return new Config(program, concurrency, dryRun, inventory, jvmArgs, otherEnv);
        }
    }

    /**
     * One finished run. CPU seconds are the whole process's, JVM start and exit included; heap and RSS are in MiB;
     * the cores are CPU seconds per second of scan.
     */
    record Measurement(
            Config config,
            int exitCode,
            long buckets,
            long durationMs,
            long wallMs,
            Map<String, Long> sdkCalls,
            Map<String, Long> outcomes,
            Map<String, Long> failures,
            Map<String, String> bucketOutcomes,
            double cpuSeconds,
            double peakHeapMiB,
            double liveHeapMiB,
            double peakRssMiB,
            double machineBusyPercent,
            double childCores,
            double serverCores,
            String stderrTail) {

        /** Cores busy on the machine during the scan beyond the child, S3Mock and the proxies: other processes, and kernel work charged to none. */
        double otherCores() {
            return machineBusyPercent / 100 * Runtime.getRuntime().availableProcessors() - childCores - serverCores;
        }

        /** Over the scan alone, the summary's durationMs. */
        double bucketsPerScanSecond() {
            return durationMs == 0 ? 0 : buckets * 1000.0 / durationMs;
        }

        /** Over the whole process, JVM start and exit included, as an operator waits for it. */
        double bucketsPerSecond() {
            return wallMs == 0 ? 0 : buckets * 1000.0 / wallMs;
        }

        long totalCalls() {
            return sdkCalls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SETTINGS = List.of("ABORT_AFTER_DAYS", "DRY_RUN", "METRIC_NAMESPACE", "MAX_CONCURRENCY",
            "S3_FORCE_PATH_STYLE", "INVENTORY_UPLOADS", "MAX_LIST_PARTS_CALLS", "PRICE_PER_GB_MONTH", "ABORT_STALE_UPLOADS", "EXCLUDE_BUCKETS",
            "IAC_MANAGED_BUCKETS", "ACCOUNTS", "EXCLUDE_ACCOUNTS", "MEMBER_ROLE", "EXTERNAL_ID");
    private static final List<String> JVM_OPTIONS = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final Pattern PAUSE = Pattern.compile("Pause.*?(\\d+(?:\\.\\d+)?)([KMG])->(\\d+(?:\\.\\d+)?)([KMG])\\(");
    private static final Pattern EXIT_USED = Pattern.compile("heap\\s+total.*?used (\\d+)K");
    private static final long SAMPLE_MILLIS = 20;
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private final Path jar;
    private final Path bareLoopClasses;
    private final List<String> childJvmArgs;

    /**
     * @param jar             the jar to run: a copy of {@link #JAR} taken at the start, so that a rebuild meanwhile changes nothing
     * @param bareLoopClasses a directory holding the compiled {@link BareSdkLoop}, copied at the start for the same reason
     */
    ScanProcess(Path jar, Path bareLoopClasses, List<String> childJvmArgs) {
        this.jar = jar;
        this.bareLoopClasses = bareLoopClasses;
        this.childJvmArgs = childJvmArgs;
    }

    Measurement run(Config config, URI s3Endpoint) throws IOException, InterruptedException {
        // A directory, not a file: the JVM rotates a log file that already exists instead of writing over it.
        Path scratch = Files.createTempDirectory("mpu-janitor-bench");
        Path gcLog = scratch.resolve("gc.log");
        Path stderr = scratch.resolve("stderr.txt");
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(childJvmArgs);
            command.addAll(config.jvmArgs());
            command.add("-Xlog:gc,gc+exit:file=" + gcLog);
            switch (config.program()) {
                case PRODUCT -> command.addAll(List.of("-jar", jar.toString(), "--json"));
                case BARE_SDK_LOOP -> command.addAll(List.of("-cp", jar + File.pathSeparator + bareLoopClasses, BareSdkLoop.class.getName()));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_") || SETTINGS.contains(name) || JVM_OPTIONS.contains(name));
            env.put("AWS_ACCESS_KEY_ID", BenchAccount.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", BenchAccount.SECRET_KEY);
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
            env.put("S3_FORCE_PATH_STYLE", "true");
            env.put("DRY_RUN", String.valueOf(config.dryRun()));
            env.put("INVENTORY_UPLOADS", String.valueOf(config.inventory()));
            env.put("MAX_CONCURRENCY", String.valueOf(config.concurrency()));
            env.putAll(config.env());

            // This JVM's own children are the benchmark's runs, one at a time: the CPU of those it has waited for grows by exactly this one's.
            long childTicksBefore = waitedForChildrenTicks();
            long started = System.nanoTime();
            Process process = builder.start();
            Sampler sampler = new Sampler(process.pid());
            Thread sampling = Thread.ofPlatform().daemon().name("bench-sampler").start(sampler);
            List<String> lines = new ArrayList<>();
            long summaryAt = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (summaryAt < 0 && line.contains("\"record\":\"summary\"")) {
                        summaryAt = System.nanoTime();
                    }
                    lines.add(line);
                }
            }
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the child did not finish within 15 minutes: " + config);
            }
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long childTicksAfter = waitedForChildrenTicks();
            double cpuSeconds = childTicksBefore < 0 || childTicksAfter < 0 ? Double.NaN : (childTicksAfter - childTicksBefore) / CLOCK_TICKS_PER_SECOND;
            sampler.stop();
            sampling.join();
            return measure(config, process.exitValue(), wallMs, cpuSeconds, lines, summaryAt, sampler,
                    Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of(), Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }

    /**
     * The CPU ticks of this JVM's children that it has waited for (cutime + cstime of /proc/self/stat): a child's whole
     * CPU time, exact to the tick and threads included, is added there when it is reaped. -1 where there is no /proc.
     */
    private static long waitedForChildrenTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3 of the whole line, cutime 16 and cstime 17.
            return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Measurement measure(Config config, int exitCode, long wallMs, double cpuSeconds, List<String> lines, long summaryAt,
            Sampler sampler, List<String> gcLog, String stderr) {
        JsonNode summary = null;
        Map<String, String> bucketOutcomes = new HashMap<>();
        for (String line : lines) {
            JsonNode node = parse(line);
            if (node == null) {
                continue;
            }
            String record = node.path("record").asText();
            if ("summary".equals(record)) {
                summary = node;
            } else if ("bucket".equals(record)) {
                bucketOutcomes.put(node.path("bucket").asText(), node.path("outcome").asText());
            }
        }
        String tail = stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr;
        if (summary == null) {
            throw new IllegalStateException("the %s wrote no summary line (exit %d, %s): %s".formatted(config.program().label, exitCode, config, tail));
        }
        if (!summary.path("complete").asBoolean(true)) {
            ScanBenchmark.progress("WARNING: the scan did not complete: %s", summary);
        }
        long durationMs = summary.path("durationMs").asLong();
        double[] heap = heap(gcLog);
        Sampler.Window window = sampler.window(summaryAt - TimeUnit.MILLISECONDS.toNanos(durationMs), summaryAt);
        return new Measurement(config, exitCode, summary.path("buckets").asLong(), durationMs, wallMs, counts(summary.path("apiCallsByOperation")),
                counts(summary.path("outcomes")), counts(summary.path("failuresByErrorCode")), bucketOutcomes, cpuSeconds, heap[0], heap[1],
                sampler.peakRssKiB() / 1024.0, window.machineBusyPercent(), window.childCores(), window.serverCores(), tail);
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        object.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    /** {peak heap in use (before any GC, or at exit), most live data left after a GC}, in MiB. */
    static double[] heap(List<String> gcLog) {
        double peak = 0;
        double live = 0;
        for (String line : gcLog) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                peak = Math.max(peak, mebibytes(pause.group(1), pause.group(2)));
                live = Math.max(live, mebibytes(pause.group(3), pause.group(4)));
            }
            Matcher exit = EXIT_USED.matcher(line);
            if (exit.find()) {
                peak = Math.max(peak, Long.parseLong(exit.group(1)) / 1024.0);
            }
        }
        return new double[] {peak, live};
    }

    private static double mebibytes(String value, String unit) {
        double amount = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> amount / 1024;
            case "G" -> amount * 1024;
            default -> amount;
        };
    }

    /**
     * Reads /proc every 20 ms while the child runs: its VmHWM (a high-water mark, so the last reading is the peak
     * up to 20 ms before exit), its CPU ticks, this JVM's CPU time and the machine's CPU ticks. Where there is no
     * /proc (not Linux), the figures are NaN.
     */
    static final class Sampler implements Runnable {

        record Sample(long at, long machineBusy, long machineTotal, long childTicks, long selfCpuNanos) {
        }

        record Window(double machineBusyPercent, double childCores, double serverCores) {
        }

        private final long pid;
        private final List<Sample> samples = new ArrayList<>();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private volatile boolean running = true;
        private volatile long peakRssKiB = -1;

        Sampler(long pid) {
            this.pid = pid;
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            running = false;
        }

        private void sample() {
            long at = System.nanoTime();
            long[] machine = machineTicks();
            long childTicks = childTicks();
            long hwm = vmHwmKiB();
            if (hwm > peakRssKiB) {
                peakRssKiB = hwm;
            }
            synchronized (samples) {
                samples.add(new Sample(at, machine[0], machine[1], childTicks, os.getProcessCpuTime()));
            }
        }

        double peakRssKiB() {
            return peakRssKiB < 0 ? Double.NaN : peakRssKiB;
        }

        /** Between the last sample at or before {@code from} and the first at or after {@code to}. */
        Window window(long from, long to) {
            synchronized (samples) {
                if (samples.size() < 2) {
                    return new Window(Double.NaN, Double.NaN, Double.NaN);
                }
                Sample first = samples.getFirst();
                Sample last = samples.getLast();
                for (Sample sample : samples) {
                    if (sample.at() <= from) {
                        first = sample;
                    }
                }
                for (Sample sample : samples.reversed()) {
                    if (sample.at() >= to) {
                        last = sample;
                    }
                }
                // The child's ticks are gone once it has exited: use its last live sample.
                Sample lastLive = last;
                if (last.childTicks() < 0) {
                    for (Sample sample : samples) {
                        if (sample.childTicks() >= 0 && sample.at() <= last.at()) {
                            lastLive = sample;
                        }
                    }
                }
                double seconds = (last.at() - first.at()) / 1e9;
                double liveSeconds = (lastLive.at() - first.at()) / 1e9;
                long total = last.machineTotal() - first.machineTotal();
                double busy = total <= 0 || first.machineTotal() < 0 ? Double.NaN : 100.0 * (last.machineBusy() - first.machineBusy()) / total;
                double child = first.childTicks() < 0 || liveSeconds <= 0 ? Double.NaN
                        : (lastLive.childTicks() - first.childTicks()) / CLOCK_TICKS_PER_SECOND / liveSeconds;
                double server = seconds <= 0 ? Double.NaN : (last.selfCpuNanos() - first.selfCpuNanos()) / 1e9 / seconds;
                return new Window(busy, child, server);
            }
        }

        /** {busy, total} jiffies of all CPUs, from the first line of /proc/stat. */
        private static long[] machineTicks() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal (guest time is already in user)
                for (int i = 1; i <= 8 && i < fields.length; i++) {
                    total += Long.parseLong(fields[i]);
                }
                long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
                return new long[] {total - idle, total};
            } catch (IOException | RuntimeException e) {
                return new long[] {-1, -1};
            }
        }

        private long childTicks() {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // After the command: state is field 3 of the whole line, utime 14 and stime 15.
                if ("Z".equals(fields[0])) {
                    return -1;
                }
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private long vmHwmKiB() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The child has exited, or there is no /proc.
            }
            return -1;
        }
    }
}
