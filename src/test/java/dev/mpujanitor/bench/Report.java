package dev.mpujanitor.bench;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.mpujanitor.bench.ScanBenchmark.Observed;
import dev.mpujanitor.bench.ScanBenchmark.Options;
import dev.mpujanitor.bench.ScanBenchmark.RunKind;
import dev.mpujanitor.bench.ScanProcess.Measurement;
import dev.mpujanitor.bench.ScanProcess.Program;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The benchmark's results as Markdown for docs/benchmark.md, and every run as CSV. */
final class Report {

    private static final List<String> OPERATION_ORDER = List.of("ListAccounts", "AssumeRole", "ListBuckets", "GetBucketLifecycleConfiguration",
            "GetBucketVersioning", "GetBucketTagging", "PutBucketLifecycleConfiguration", "ListMultipartUploads", "ListParts", "AbortMultipartUpload",
            "GetBucketLocation");

    private static final String MILLISECONDS = "%.3f";
    private static final String RATE = "%,.0f";

    private final Options options;
    private final int memberAccounts;
    private final List<Observed> all;

    private Report(Options options, int memberAccounts, List<Observed> all) {
        this.options = options;
        this.memberAccounts = memberAccounts;
        this.all = all;
    }

    /** One row of the comparison: a figure of the product and of its reference, and their ratio in each round. */
    private record Comparison(String row, String setting, String figure, String format, List<Double> product, List<Double> reference,
            String referenceIs, List<Double> ratios, String calls, String target) {
    }

    static String markdown(Options options, int memberAccounts, List<Observed> all, Map<String, Duration> setups, Duration total) {
        return new Report(options, memberAccounts, all).markdown(setups, total);
    }

    private String markdown(Map<String, Duration> setups, Duration total) {
        StringBuilder md = new StringBuilder();
        md.append("### The product against the bare SDK loop, in the same run\n\n");
        md.append("| Row | Setting | Figure | Product | Reference | Reference is | Ratio: median of the paired ratios (range) | Pairs "
                + "| Calls per bucket, product / reference | Target |\n");
        md.append("|---|---|---|---:|---:|---|---:|---:|---:|---|\n");
        for (Comparison row : comparisons()) {
            md.append("| %s | %s | %s | %s | %s | %s | **%s** (%s–%s) | %d | %s | %s |%n".formatted(row.row(), row.setting(), row.figure(),
                    row.format().formatted(median(row.product())), row.format().formatted(median(row.reference())), row.referenceIs(), ratio(median(row.ratios())),
                    ratio(min(row.ratios())), ratio(max(row.ratios())), row.ratios().size(), row.calls(), row.target()));
        }

        md.append("\n### Every kind of run: medians, and the most memory of any run\n\n");
        md.append("| Run | Program | Buckets | Runs | Process (s) | Scan (s) | Buckets/s, JVM start included | Buckets/s, scan alone | CPU (s) "
                + "| CPU per bucket, whole process (ms) | Cores during the scan: child / S3Mock+proxy / other | Peak heap (MiB) "
                + "| Live heap after GC (MiB) | Peak RSS (MiB) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (List<Observed> group : groups()) {
            Observed first = group.getFirst();
            md.append("| %s | %s | %,d | %d | %.2f | %.2f | %,.0f | %,.0f | %.2f | %.3f | %.2f / %.2f / %.2f | %.0f | %.0f | %.0f |%n".formatted(
                    label(first.kind()), first.program().label, first.measurement().buckets(), group.size(),
                    median(group, m -> m.wallMs() / 1000.0), median(group, m -> m.durationMs() / 1000.0), median(group, Measurement::bucketsPerSecond),
                    median(group, Measurement::bucketsPerScanSecond), median(group, Measurement::cpuSeconds),
                    median(group, m -> 1000 * m.cpuSeconds() / m.buckets()), median(group, Measurement::childCores),
                    median(group, Measurement::serverCores), Math.max(0, median(group, Measurement::otherCores)),
                    most(group, Measurement::peakHeapMiB), most(group, Measurement::liveHeapMiB), most(group, Measurement::peakRssMiB)));
        }

        md.append("\n### Calls per bucket, as the servers counted them\n\n");
        List<List<Observed>> groups = groups().stream().filter(group -> !isSmall(group.getFirst().kind())).toList();
        List<String> operations = operations(groups);
        md.append("| Run | Program | ");
        operations.forEach(operation -> md.append(perAccount(operation) ? operation + " (calls)" : operation).append(" | "));
        md.append("Total per bucket | Calls per bucket (min–max) | Summary = servers | Outcomes |\n");
        md.append("|---|---|").append("---:|".repeat(operations.size())).append("---:|---:|---|---|\n");
        for (List<Observed> group : groups) {
            Observed first = group.getFirst();
            Measurement measurement = first.measurement();
            boolean allMatch = group.stream().allMatch(Observed::wireMatchesSummary);
            boolean allSame = group.stream().allMatch(other -> other.wireCalls().equals(first.wireCalls()));
            long mismatches = group.stream().mapToLong(Observed::outcomeMismatches).sum();
            md.append("| %s | %s | ".formatted(label(first.kind()), first.program().label));
            for (String operation : operations) {
                long calls = first.wireCalls().getOrDefault(operation, 0L);
                md.append(perAccount(operation) ? "%,d".formatted(calls) : "%.3f".formatted((double) calls / measurement.buckets())).append(" | ");
            }
            md.append("%.3f | %d–%d | %s | %s |%n".formatted((double) total(first.wireCalls()) / measurement.buckets(),
                    group.stream().mapToLong(Observed::bucketCallsMin).min().orElse(0), group.stream().mapToLong(Observed::bucketCallsMax).max().orElse(0),
                    (allMatch ? "yes" : "NO") + (group.size() > 1 ? (allSame ? ", same in all %d runs".formatted(group.size()) : ", DIFFERS between runs") : ""),
                    first.program() == Program.PRODUCT ? outcomes(measurement.outcomes()) + (mismatches > 0 ? "; %d not as seeded".formatted(mismatches) : "") : "–"));
        }

        md.append("\n### Setup\n\n");
        md.append("- Machine: %s.%n".formatted(machine()));
        md.append("- Server: S3Mock %s in the benchmark's JVM, holding every account (its default region, us-east-1, for every bucket; ".formatted(s3MockVersion()))
                .append("ListBuckets returns BucketRegion, so no GetBucketLocation). In front of it, one HTTP proxy on loopback per account, which lists ")
                .append("that account's buckets alone and answers every request late by the latency of the row; S3Mock and the proxies share the ")
                .append("machine's cores with the child.\n");
        md.append("- Accounts: ").append(setups.entrySet().stream().map(entry -> "`%s` (seeded in %.0f s)".formatted(entry.getKey(),
                entry.getValue().toMillis() / 1000.0)).collect(Collectors.joining(", ")))
                .append(". The compliant account (%,d buckets) holds only buckets whose rules already cover them (an enabled whole-bucket abort rule, "
                        .formatted(options.largeSize()))
                .append("some ours); its first %,d, listed by a longer name prefix, are the small account. ".formatted(options.smallSize()))
                .append("The mixed account (%,d buckets) holds, of every 100, 70 compliant, 25 needing the rule, 3 with our rule disabled ".formatted(options.smallSize()))
                .append("(UNFIXABLE) and 2 with a disabled whole-bucket abort rule. 1 bucket in 50 holds an incomplete upload. ")
                .append("The organization deals the compliant account's buckets out to %d accounts of %d, ".formatted(memberAccounts, ScanBenchmark.BUCKETS_PER_MEMBER_ACCOUNT))
                .append("listed by Organizations 20 a page and entered by STS AssumeRole, all on loopback; its proxy shows each account only its own buckets.\n");
        md.append("- Product: `java %s-jar target/mpu-janitor.jar --json` in a child process, a fresh JVM per run, configured by environment variables only "
                .formatted(options.childJvmArgs().isEmpty() ? "" : String.join(" ", options.childJvmArgs()) + " "))
                .append("(`AWS_ENDPOINT_URL_S3` = the account's proxy, `S3_FORCE_PATH_STYLE=true`, `DRY_RUN`, `INVENTORY_UPLOADS`, `MAX_CONCURRENCY=%d`; ".formatted(options.concurrency()))
                .append("and for the organization `ACCOUNTS=organization`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_ORGANIZATIONS`). A dry run unless stated.\n");
        md.append("- Reference: `BareSdkLoop`, the product's wire work and nothing else, on the product's jar (its SDK and Apache 5 client), ")
                .append("configured by the same variables, in a fresh JVM with the same flags.\n");
        md.append("- Pairs: each round runs every kind of run, product and reference one after the other, in reverse order every other round; ")
                .append("%d rounds%s. ".formatted(options.pairs(), options.warmUp() ? ", after one unreported run (for the JIT of S3Mock and the proxies)" : ""))
                .append("A ratio is taken within each round, and the median of the rounds' ratios reported, with their range.\n");
        md.append("- Marginal CPU per bucket: (CPU of the %,d-bucket run − CPU of the %,d-bucket run) ÷ %,d, of the same program in the same round. "
                .formatted(options.largeSize(), options.smallSize(), options.largeSize() - options.smallSize()))
                .append("A run's CPU is its whole process's (user + system, all threads, start to exit), read from this JVM's /proc/self/stat ")
                .append("(cutime + cstime) once the child is reaped; JVM start, class loading and the first calls' warm-up are in both runs and cancel out.\n");
        if (!options.lambdaJvmArgs().isEmpty()) {
            md.append("- The function's JVM flags: `%s`, its `JAVA_TOOL_OPTIONS` in template.yaml.%n".formatted(String.join(" ", options.lambdaJvmArgs())));
        }
        md.append("- Buckets/s, JVM start included: buckets ÷ the child process's time from start to exit; scan alone: ÷ the summary's `durationMs`. ")
                .append("Cores during the scan: CPU seconds per second of scan, from /proc; other: the rest of the machine's busy time (other processes, ")
                .append("kernel work charged to none). The machine has %d cores.%n".formatted(Runtime.getRuntime().availableProcessors()));
        md.append("- Peak heap: the most in use before a GC or at exit (`-Xlog:gc,gc+exit`); live heap: the most left after a GC; peak RSS: the "
                + "child's VmHWM. Default heap ergonomics of this machine unless stated.\n");
        md.append("- Calls: the requests S3 (the proxy), STS and Organizations received during the run; per bucket (min–max): the requests the "
                + "proxy saw for each bucket. Summary = servers: the summary line's apiCallsByOperation equals those counts, but for ListAccounts, "
                + "which comes before the scan that the summary counts.\n");
        md.append("- Total benchmark time: %d min %02d s.%n".formatted(total.toMinutes(), total.toSecondsPart()));
        return md.toString();
    }

    private List<Comparison> comparisons() {
        String latency = "%d ms".formatted(options.latency().toMillis());
        String large = "%,d buckets".formatted(options.largeSize());
        List<Comparison> rows = new ArrayList<>();
        rows.add(marginalCpu("a", "0 ms, the function's JVM flags (C1 only), " + large, RunKind.C1_SMALL, RunKind.C1_LARGE, "≤ 1.05×"));
        rows.add(marginalCpu("b", "0 ms, default JIT, " + large, RunKind.DEFAULT_JIT_SMALL, RunKind.DEFAULT_JIT_LARGE, ""));
        rows.add(againstBare("c", latency + ", C1 only, " + large, RunKind.LATENCY, "buckets/s, JVM start included", Measurement::bucketsPerSecond, "≥ 1.05×"));
        rows.add(againstBare("c′", latency + ", C1 only, " + large, RunKind.LATENCY, "buckets/s, scan alone", Measurement::bucketsPerScanSecond, ""));
        rows.add(againstBare("c″", latency + ", default JIT, " + large, RunKind.LATENCY_DEFAULT_JIT, "buckets/s, JVM start included",
                Measurement::bucketsPerSecond, ""));
        rows.add(againstBare("d", latency + ", C1 only, INVENTORY_UPLOADS=true, %,d buckets".formatted(options.smallSize()), RunKind.INVENTORY,
                "buckets/s, JVM start included", Measurement::bucketsPerSecond, ""));
        List<Observed[]> organization = paired(RunKind.ORGANIZATION, Program.PRODUCT, RunKind.LATENCY, Program.PRODUCT);
        rows.add(new Comparison("e", "%s, C1 only, %d accounts × %d buckets".formatted(latency, memberAccounts, ScanBenchmark.BUCKETS_PER_MEMBER_ACCOUNT),
                "buckets/s, JVM start included", RATE, first(organization, Measurement::bucketsPerSecond), second(organization, Measurement::bucketsPerSecond),
                "the product over the same buckets in one account", ratios(organization, Measurement::bucketsPerSecond), calls(organization), ""));
        return rows;
    }

    /** Each program's marginal CPU per bucket in ms, paired round by round, and their ratio. */
    private Comparison marginalCpu(String row, String setting, RunKind small, RunKind large, String target) {
        List<Double> product = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round : rounds()) {
            Optional<Double> ofProduct = marginalCpuMs(small, large, Program.PRODUCT, round);
            Optional<Double> ofReference = marginalCpuMs(small, large, Program.BARE_SDK_LOOP, round);
            if (ofProduct.isPresent() && ofReference.isPresent()) {
                product.add(ofProduct.get());
                reference.add(ofReference.get());
                ratios.add(ofProduct.get() / ofReference.get());
            }
        }
        return new Comparison(row, setting, "marginal CPU per bucket (ms)", MILLISECONDS, product, reference, "the bare SDK loop", ratios,
                calls(paired(large, Program.PRODUCT, large, Program.BARE_SDK_LOOP)), target);
    }

    private Optional<Double> marginalCpuMs(RunKind small, RunKind large, Program program, int round) {
        return run(small, program, round).flatMap(smallRun -> run(large, program, round).map(largeRun ->
                1000 * (largeRun.measurement().cpuSeconds() - smallRun.measurement().cpuSeconds())
                        / (largeRun.measurement().buckets() - smallRun.measurement().buckets())));
    }

    private Comparison againstBare(String row, String setting, RunKind kind, String figure, ToDoubleFunction<Measurement> of, String target) {
        List<Observed[]> pairs = paired(kind, Program.PRODUCT, kind, Program.BARE_SDK_LOOP);
        return new Comparison(row, setting, figure, RATE, first(pairs, of), second(pairs, of), "the bare SDK loop", ratios(pairs, of), calls(pairs), target);
    }

    /** The runs of the same round, {first, second}, for each round that has both. */
    private List<Observed[]> paired(RunKind firstKind, Program firstProgram, RunKind secondKind, Program secondProgram) {
        List<Observed[]> pairs = new ArrayList<>();
        for (int round : rounds()) {
            Optional<Observed> first = run(firstKind, firstProgram, round);
            Optional<Observed> second = run(secondKind, secondProgram, round);
            if (first.isPresent() && second.isPresent()) {
                pairs.add(new Observed[] {first.get(), second.get()});
            }
        }
        return pairs;
    }

    private static List<Double> first(List<Observed[]> pairs, ToDoubleFunction<Measurement> of) {
        return pairs.stream().map(pair -> of.applyAsDouble(pair[0].measurement())).toList();
    }

    private static List<Double> second(List<Observed[]> pairs, ToDoubleFunction<Measurement> of) {
        return pairs.stream().map(pair -> of.applyAsDouble(pair[1].measurement())).toList();
    }

    private static List<Double> ratios(List<Observed[]> pairs, ToDoubleFunction<Measurement> of) {
        return pairs.stream().map(pair -> of.applyAsDouble(pair[0].measurement()) / of.applyAsDouble(pair[1].measurement())).toList();
    }

    /** Calls per bucket of the first pair, both sides, as the servers counted them: the same wire work shows as the same figure. */
    private static String calls(List<Observed[]> pairs) {
        if (pairs.isEmpty()) {
            return "–";
        }
        Observed product = pairs.getFirst()[0];
        Observed reference = pairs.getFirst()[1];
        return "%.3f / %.3f".formatted((double) total(product.wireCalls()) / product.measurement().buckets(),
                (double) total(reference.wireCalls()) / reference.measurement().buckets());
    }

    private static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    private Optional<Observed> run(RunKind kind, Program program, int round) {
        return all.stream().filter(run -> run.kind() == kind && run.program() == program && run.round() == round).findFirst();
    }

    private List<Integer> rounds() {
        return all.stream().map(Observed::round).distinct().sorted().toList();
    }

    /** The runs of each kind and program, in the order of the kinds. */
    private List<List<Observed>> groups() {
        List<List<Observed>> groups = new ArrayList<>();
        for (RunKind kind : RunKind.values()) {
            for (Program program : Program.values()) {
                List<Observed> group = all.stream().filter(run -> run.kind() == kind && run.program() == program).toList();
                if (!group.isEmpty()) {
                    groups.add(group);
                }
            }
        }
        return groups;
    }

    private String label(RunKind kind) {
        String latency = "%d ms".formatted(options.latency().toMillis());
        String small = "%,d buckets".formatted(options.smallSize());
        String large = "%,d buckets".formatted(options.largeSize());
        return switch (kind) {
            case C1_SMALL -> "0 ms, C1 only, " + small;
            case C1_LARGE -> "0 ms, C1 only, " + large;
            case DEFAULT_JIT_SMALL -> "0 ms, default JIT, " + small;
            case DEFAULT_JIT_LARGE -> "0 ms, default JIT, " + large;
            case LATENCY -> latency + ", C1 only, " + large;
            case INVENTORY -> latency + ", C1 only, INVENTORY_UPLOADS=true, " + small;
            case ORGANIZATION -> "%s, C1 only, %d accounts × %d buckets".formatted(latency, memberAccounts, ScanBenchmark.BUCKETS_PER_MEMBER_ACCOUNT);
            case LATENCY_DEFAULT_JIT -> latency + ", default JIT, " + large;
            case MIXED_DRY -> latency + ", mixed account, dry run";
            case MIXED_REAL -> latency + ", mixed account, real run";
            case MIXED_SECOND -> latency + ", mixed account, second run";
        };
    }

    /** The small account's runs make the same calls per bucket as the large one's. */
    private static boolean isSmall(RunKind kind) {
        return kind == RunKind.C1_SMALL || kind == RunKind.DEFAULT_JIT_SMALL;
    }

    /** Calls made per account or per run rather than per bucket: shown as counts. */
    private static boolean perAccount(String operation) {
        return List.of("ListAccounts", "AssumeRole", "ListBuckets").contains(operation);
    }

    private static List<String> operations(List<List<Observed>> groups) {
        Set<String> seen = groups.stream().flatMap(List::stream).flatMap(run -> run.wireCalls().keySet().stream()).collect(Collectors.toSet());
        Set<String> ordered = new LinkedHashSet<>();
        OPERATION_ORDER.stream().filter(seen::contains).forEach(ordered::add);
        seen.stream().sorted().forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private static String outcomes(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().filter(entry -> entry.getValue() > 0).map(entry -> entry.getKey() + " " + "%,d".formatted(entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static double median(List<Observed> runs, ToDoubleFunction<Measurement> of) {
        return median(runs.stream().map(run -> of.applyAsDouble(run.measurement())).toList());
    }

    private static double most(List<Observed> runs, ToDoubleFunction<Measurement> of) {
        return runs.stream().mapToDouble(run -> of.applyAsDouble(run.measurement())).max().orElse(Double.NaN);
    }

    /** The middle value, or the mean of the two middle ones; NaN for none. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int size = sorted.size();
        if (size == 0) {
            return Double.NaN;
        }
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String ratio(double value) {
        return "%.3f×".formatted(value);
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
        StringBuilder csv = new StringBuilder("round,run,program,buckets,max_concurrency,dry_run,inventory_uploads,jvm_args,exit_code,process_ms,duration_ms,"
                + "buckets_per_s,buckets_per_scan_s,cpu_s,calls,calls_by_operation,wire_matches_summary,bucket_calls_min,bucket_calls_max,peak_heap_mib,"
                + "live_heap_mib,peak_rss_mib,machine_busy_percent,child_cores,server_cores,other_cores,outcome_mismatches\n");
        for (Observed run : all) {
            Measurement m = run.measurement();
            csv.append("%d,%s,%s,%d,%d,%s,%s,%s,%d,%d,%d,%.1f,%.1f,%.2f,%d,%s,%s,%d,%d,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%d%n".formatted(run.round(),
                    run.kind().name(), run.program().name(), m.buckets(), m.config().concurrency(), m.config().dryRun(), m.config().inventory(),
                    String.join(" ", m.config().jvmArgs()), m.exitCode(), m.wallMs(), m.durationMs(), m.bucketsPerSecond(), m.bucketsPerScanSecond(),
                    m.cpuSeconds(), m.totalCalls(), m.sdkCalls().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                            .collect(Collectors.joining(";")), run.wireMatchesSummary(), run.bucketCallsMin(), run.bucketCallsMax(), m.peakHeapMiB(),
                    m.liveHeapMiB(), m.peakRssMiB(), m.machineBusyPercent(), m.childCores(), m.serverCores(), m.otherCores(), run.outcomeMismatches()));
        }
        return csv.toString();
    }
}
