package dev.mpujanitor.bench;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.mpujanitor.bench.JarScan.Measurement;
import dev.mpujanitor.bench.ScanBenchmark.Observed;
import dev.mpujanitor.bench.ScanBenchmark.Options;
import dev.mpujanitor.bench.ScanBenchmark.RunKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The benchmark's results as Markdown for the README, and every run as CSV. */
final class Report {

    private static final List<String> OPERATION_ORDER = List.of("ListBuckets", "GetBucketLifecycleConfiguration", "GetBucketVersioning",
            "PutBucketLifecycleConfiguration", "ListMultipartUploads", "ListParts", "AbortMultipartUpload", "GetBucketLocation");

    private Report() {
    }

    /** The runs of one size, kind and concurrency. */
    private record Group(int size, RunKind kind, int concurrency, List<Observed> runs) {

        Observed median() {
            List<Observed> sorted = runs.stream().sorted(Comparator.comparingLong(run -> run.measurement().durationMs())).toList();
            return sorted.get((sorted.size() - 1) / 2);
        }

        double rateMin() {
            return runs.stream().mapToDouble(run -> run.measurement().bucketsPerSecond()).min().orElse(Double.NaN);
        }

        double rateMax() {
            return runs.stream().mapToDouble(run -> run.measurement().bucketsPerSecond()).max().orElse(Double.NaN);
        }

        double max(java.util.function.ToDoubleFunction<Measurement> figure) {
            return runs.stream().mapToDouble(run -> figure.applyAsDouble(run.measurement())).max().orElse(Double.NaN);
        }
    }

    static String markdown(Options options, List<Observed> all, Map<Integer, Duration> setups, Duration total) {
        List<Group> groups = groups(all);
        double latencySeconds = options.latency().toNanos() / 1e9;
        Group baseline = groups.stream().filter(group -> group.kind() == RunKind.DRY && group.concurrency() == 1).findFirst().orElse(null);
        double baselineRate = baseline == null ? Double.NaN : baseline.median().measurement().bucketsPerSecond();
        StringBuilder md = new StringBuilder();
        md.append("### Scan throughput and cost, %d ms per request on the wire%n%n".formatted(options.latency().toMillis()));
        md.append("| Buckets | Run | MAX_CONCURRENCY | Runs | Scan time (s) | Buckets/s (min–max) | Speed-up vs 1 | Efficiency | Wire use "
                + "| CPU cores: jar / S3Mock+proxy / other | Peak heap (MiB) | Live heap after GC (MiB) | Peak RSS (MiB) | Process (s) |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Group group : groups) {
            Measurement median = group.median().measurement();
            double rate = median.bucketsPerSecond();
            double ideal = group.concurrency() / latencySeconds;
            double callRate = median.durationMs() == 0 ? 0 : median.totalCalls() * 1000.0 / median.durationMs();
            md.append("| %,d | %s | %d | %d | %.2f | %,.0f (%,.0f–%,.0f) | %s | %.0f%% | %.0f%% | %.2f / %.2f / %.2f | %.0f | %.0f | %.0f | %.1f |%n".formatted(
                    group.size(), group.kind().label, group.concurrency(), group.runs().size(), median.durationMs() / 1000.0, rate, group.rateMin(),
                    group.rateMax(), Double.isNaN(baselineRate) ? "–" : "%.1f×".formatted(rate / baselineRate), 100 * rate / ideal,
                    100 * callRate / ideal, median.jarCores(), median.serverCores(), Math.max(0, median.otherCores()), group.max(Measurement::peakHeapMiB),
                    group.max(Measurement::liveHeapMiB), group.max(Measurement::peakRssMiB), median.wallMs() / 1000.0));
        }

        md.append("\n### S3 calls per bucket, from the summary's apiCallsByOperation\n\n");
        List<Group> byKind = representativePerKind(groups, options.defaultConcurrency());
        List<String> operations = operations(byKind);
        md.append("| Buckets | Run | ");
        operations.forEach(operation -> md.append(operation.equals("ListBuckets") ? "ListBuckets (calls)" : operation).append(" | "));
        md.append("Total per bucket | Calls per COMPLIANT bucket (min–max, buckets) | Calls per bucket (min–max) | Wire (proxy) = summary | Outcomes |\n");
        md.append("|---:|---|").append("---:|".repeat(operations.size())).append("---:|---:|---:|---|---|\n");
        for (Group group : byKind) {
            Observed run = group.median();
            Measurement measurement = run.measurement();
            List<Observed> sameKind = groups.stream().filter(other -> other.size() == group.size() && other.kind() == group.kind())
                    .flatMap(other -> other.runs().stream()).toList();
            boolean allMatch = sameKind.stream().allMatch(Observed::wireMatchesSummary);
            boolean allSame = sameKind.stream().allMatch(other -> other.measurement().sdkCalls().equals(measurement.sdkCalls()));
            long mismatches = sameKind.stream().mapToLong(Observed::outcomeMismatches).sum();
            md.append("| %,d | %s | ".formatted(group.size(), group.kind().label));
            for (String operation : operations) {
                long calls = measurement.sdkCalls().getOrDefault(operation, 0L);
                md.append(operation.equals("ListBuckets") ? "%,d".formatted(calls) : "%.3f".formatted((double) calls / measurement.buckets()))
                        .append(" | ");
            }
            md.append("%.3f | %d–%d (%,d) | %d–%d | %s | %s |%n".formatted((double) measurement.totalCalls() / measurement.buckets(),
                    run.compliantCallsMin(), run.compliantCallsMax(), run.compliantBuckets(), run.bucketCallsMin(), run.bucketCallsMax(),
                    (allMatch ? "yes" : "NO") + (sameKind.size() > 1 ? (allSame ? ", same in all %d runs".formatted(sameKind.size()) : ", DIFFERS between runs") : ""),
                    outcomes(measurement.outcomes()) + (mismatches > 0 ? "; %d outcomes not as seeded".formatted(mismatches) : "")));
        }

        md.append("\n### Setup\n\n");
        md.append("- Machine: %s.%n".formatted(machine()));
        md.append("- Server: S3Mock %s in the benchmark's JVM (its default region, us-east-1, for every bucket; ListBuckets returns BucketRegion, "
                .formatted(s3MockVersion()))
                .append("so no GetBucketLocation), behind an HTTP proxy on loopback that answers every request %d ms late; S3Mock and the proxy share "
                        .formatted(options.latency().toMillis()))
                .append("the machine's cores with the jar.\n");
        md.append("- Client: `java %sjar target/mpu-janitor.jar` in a child process, a fresh JVM per run, configured by environment variables only "
                .formatted(options.childJvmArgs().isEmpty() ? "-" : String.join(" ", options.childJvmArgs()) + " -"))
                .append("(`AWS_ENDPOINT_URL_S3` = the proxy, `S3_FORCE_PATH_STYLE=true`, `DRY_RUN`, `INVENTORY_UPLOADS`, `MAX_CONCURRENCY`).\n");
        md.append("- Accounts: ").append(setups.entrySet().stream().map(entry -> "%,d buckets (seeded in %.0f s)".formatted(entry.getKey(),
                entry.getValue().toMillis() / 1000.0)).collect(Collectors.joining(", ")))
                .append("; of every 100 buckets 70 compliant (an enabled whole-bucket abort rule, some ours), 25 needing the rule (no configuration, "
                        + "expiration or transition rules, an abort rule under a prefix or of 30 days), 3 with our rule disabled (UNFIXABLE) and 2 with a "
                        + "disabled whole-bucket abort rule; 1 in 50 holds an incomplete upload.\n");
        md.append("- Dry runs (every run sees the same state; a dry run makes the reads of a real run, without the PUTs), INVENTORY_UPLOADS=false "
                + "unless stated. The median of the runs, taken round robin after one unreported warm-up run per account (for S3Mock's JIT); "
                + "a run whose ideal time exceeds %d s is made once. Memory: the largest of the runs.%n".formatted(options.singleRunAbove().toSeconds()));
        if (!options.lambdaJvmArgs().isEmpty()) {
            md.append("- The function's JVM flags: `%s`, its `JAVA_TOOL_OPTIONS` in template.yaml.%n".formatted(String.join(" ", options.lambdaJvmArgs())));
        }
        md.append("- CPU cores: CPU seconds per second of scan, from /proc. Other: the rest of the machine's busy time (other processes, kernel "
                + "network work charged to none); a dry run with more than %.2f cores of it was made again, up to twice, and the least disturbed kept.%n"
                .formatted(options.maxOtherCores()));
        md.append("- Scan time and buckets/s from the summary line (`durationMs`, `buckets`); the process time adds the JVM's start and exit. "
                + "Speed-up: buckets/s over the MAX_CONCURRENCY=1 run's (on the smallest account, for every size). Efficiency: buckets/s ÷ (MAX_CONCURRENCY ÷ %.3f s). ".formatted(latencySeconds)
                + "Wire use: S3 calls/s ÷ (MAX_CONCURRENCY ÷ %.3f s), the share of the workers' time spent waiting on S3. ".formatted(latencySeconds)
                + "The machine has %d cores.%n".formatted(Runtime.getRuntime().availableProcessors()));
        md.append("- Peak heap: the most in use before a GC or at exit (`-Xlog:gc,gc+exit`); live heap: the most left after a GC; peak RSS: the "
                + "child's VmHWM. Default heap ergonomics of this machine unless stated.\n");
        md.append("- Calls per COMPLIANT bucket: every request the proxy saw for each bucket the run reported COMPLIANT.\n");
        md.append("- Total benchmark time: %d min %02d s.%n".formatted(total.toMinutes(), total.toSecondsPart()));
        return md.toString();
    }

    private static List<Group> groups(List<Observed> all) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Observed run : all) {
            String key = run.measurement().buckets() + " " + run.kind() + " " + run.measurement().config().concurrency();
            groups.computeIfAbsent(key, ignored -> new Group((int) run.measurement().buckets(), run.kind(), run.measurement().config().concurrency(),
                    new ArrayList<>())).runs().add(run);
        }
        return groups.values().stream().sorted(Comparator.comparingInt(Group::size).thenComparing(Group::kind).thenComparingInt(Group::concurrency))
                .toList();
    }

    /** One group per size and kind: the default concurrency's, else the first. */
    private static List<Group> representativePerKind(List<Group> groups, int defaultConcurrency) {
        Map<String, Group> chosen = new LinkedHashMap<>();
        for (Group group : groups) {
            String key = group.size() + " " + group.kind();
            Group current = chosen.get(key);
            if (current == null || (group.concurrency() == defaultConcurrency && current.concurrency() != defaultConcurrency)) {
                chosen.put(key, group);
            }
        }
        return List.copyOf(chosen.values());
    }

    private static List<String> operations(List<Group> groups) {
        Set<String> seen = groups.stream().flatMap(group -> group.runs().stream()).flatMap(run -> run.measurement().sdkCalls().keySet().stream())
                .collect(Collectors.toSet());
        Set<String> ordered = new LinkedHashSet<>();
        OPERATION_ORDER.stream().filter(seen::contains).forEach(ordered::add);
        seen.stream().sorted().forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private static String outcomes(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().filter(entry -> entry.getValue() > 0).map(entry -> entry.getKey() + " " + "%,d".formatted(entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        String cpu = cpuModel();
        return "%d cores%s, %.0f GiB memory, %s %s (%s), Java %s (%s)".formatted(cores, cpu.isEmpty() ? "" : " (" + cpu + ")",
                memory / (double) (1L << 30), System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"));
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String s3MockVersion() {
        try (var in = S3MockApplication.class.getResourceAsStream("/META-INF/maven/com.adobe.testing/s3mock/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "");
        } catch (IOException e) {
            return "";
        }
    }

    static String csv(List<Observed> all) {
        StringBuilder csv = new StringBuilder("buckets,run,max_concurrency,dry_run,inventory_uploads,exit_code,duration_ms,process_ms,buckets_per_s,"
                + "calls,calls_by_operation,wire_matches_summary,compliant_buckets,compliant_calls_min,compliant_calls_max,peak_heap_mib,live_heap_mib,"
                + "peak_rss_mib,machine_busy_percent,jar_cores,server_cores,other_cores,jvm_args,outcome_mismatches\n");
        for (Observed run : all) {
            Measurement m = run.measurement();
            csv.append("%d,%s,%d,%s,%s,%d,%d,%d,%.1f,%d,%s,%s,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%s,%d%n".formatted(m.buckets(),
                    run.kind().name(), m.config().concurrency(), m.config().dryRun(), m.config().inventory(), m.exitCode(), m.durationMs(), m.wallMs(),
                    m.bucketsPerSecond(), m.totalCalls(), m.sdkCalls().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                            .collect(Collectors.joining(";")), run.wireMatchesSummary(), run.compliantBuckets(), run.compliantCallsMin(),
                    run.compliantCallsMax(), m.peakHeapMiB(), m.liveHeapMiB(), m.peakRssMiB(), m.machineBusyPercent(), m.jarCores(), m.serverCores(),
                    m.otherCores(), String.join(" ", m.config().jvmArgs()), run.outcomeMismatches()));
        }
        return csv.toString();
    }
}
