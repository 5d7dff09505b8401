package dev.mpujanitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages and the one direction their dependencies run in, read from the sources: the core (policy, the bucket
 * pipeline, the inventory, the run) never sees the AWS SDK beyond the S3 model classes the policy works on, and no
 * package reaches up to the one that uses it.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "mpujanitor");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    /** Each package, and the packages of ours it may import. */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
            Map.entry("config", Set.of()),
            Map.entry("trigger", Set.of("config")),
            Map.entry("policy", Set.of()),
            Map.entry("ports", Set.of("policy")),
            Map.entry("uploads", Set.of("ports", "config")),
            Map.entry("bucket", Set.of("policy", "uploads", "ports", "config")),
            Map.entry("run", Set.of("bucket", "uploads", "ports", "policy", "config")),
            // The adapters implement the interfaces their users offer: the run's S3Account, the bucket's BucketWrites.
            Map.entry("aws", Set.of("run", "bucket", "ports", "policy", "config", "trigger")),
            Map.entry("report", Set.of("run", "bucket", "uploads", "ports", "policy", "config", "trigger")),
            Map.entry("app", Set.of("run", "bucket", "uploads", "ports", "policy", "config", "trigger", "aws", "report")),
            Map.entry("cli", Set.of("app", "run", "bucket", "uploads", "ports", "config", "trigger", "aws", "report")),
            Map.entry("handler", Set.of("app", "config")));

    /** Where the SDK may be used: the adapters, and the S3 model in the policy, which works on the SDK's own rules. */
    private static final Map<String, String> SDK_ALLOWED = Map.of(
            "aws", "software.amazon.awssdk.",
            "policy", "software.amazon.awssdk.services.s3.model.");

    private record Import(String fromPackage, String file, String imported) {
    }

    @Test
    void everyPackageIsOneThatTheArchitectureNames() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            assertThat(packages.filter(Files::isDirectory).map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(MAY_IMPORT.keySet());
        }
    }

    @Test
    void dependenciesBetweenPackagesRunOneWay() {
        List<String> violations = imports().stream()
                .filter(i -> i.imported().startsWith("dev.mpujanitor."))
                .filter(i -> {
                    String target = i.imported().substring("dev.mpujanitor.".length()).split("\\.")[0];
                    return !target.equals(i.fromPackage()) && !MAY_IMPORT.get(i.fromPackage()).contains(target);
                })
                .map(i -> i.file() + " imports " + i.imported())
                .toList();

        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheAdaptersSeeTheSdkAndThePolicySeesOnlyItsS3Model() {
        List<String> violations = imports().stream()
                .filter(i -> i.imported().startsWith("software.amazon.awssdk."))
                .filter(i -> !i.imported().startsWith(SDK_ALLOWED.getOrDefault(i.fromPackage(), "(none)")))
                .map(i -> i.file() + " imports " + i.imported())
                .toList();

        assertThat(violations).isEmpty();
    }

    /** Writing takes a permit, which only the gate makes and only the bucket pipeline spends. */
    private static final Map<Pattern, String> ONLY_IN = Map.of(
            Pattern.compile("new (LifecyclePermit|AbortPermit)\\("), "bucket/Gate.java",
            Pattern.compile("\\.(writeLifecycle|abortUpload)\\("), "bucket/BucketPipeline.java");

    @Test
    void onlyTheGateIssuesPermitsAndOnlyTheBucketPipelineWritesWithThem() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                String source = Files.readString(file);
                ONLY_IN.forEach((call, allowed) -> {
                    if (!name.equals(allowed) && call.matcher(source).find()) {
                        violations.add(name + " uses " + call.pattern() + ", which only " + allowed + " may");
                    }
                });
            }
        }

        assertThat(violations).isEmpty();
        assertThat(ONLY_IN.keySet()).allSatisfy(call -> assertThat(Files.readString(SOURCES.resolve(ONLY_IN.get(call)))).containsPattern(call));
    }

    /** What the ports room may declare at its top level: what crosses to the adapters, and nothing with state. */
    private static final Pattern PORT_TYPE = Pattern.compile("^public (sealed )?(interface|record|enum) \\w+|^public final class \\w+ extends \\w*Exception\\b",
            Pattern.MULTILINE);

    @Test
    void thePortsRoomHoldsOnlyInterfacesValuesAndErrors() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve("ports"))) {
            for (Path file : files.toList()) {
                if (!PORT_TYPE.matcher(Files.readString(file)).find()) {
                    violations.add(file.getFileName() + " declares something other than an interface, a record, an enum or an exception");
                }
            }
        }

        assertThat(violations).isEmpty();
        assertThat(PORT_TYPE.matcher("public final class ApiCalls {").find()).as("a class with state is caught").isFalse();
    }

    @Test
    void theCheckFindsAForbiddenImport() {
        Matcher matcher = IMPORT.matcher("package x;\nimport software.amazon.awssdk.services.s3.model.S3Exception;\n");

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group(1)).isEqualTo("software.amazon.awssdk.services.s3.model.S3Exception");
    }

    private static List<Import> imports() {
        List<Import> imports = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String fromPackage = SOURCES.relativize(file).getName(0).toString();
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    imports.add(new Import(fromPackage, SOURCES.relativize(file).toString(), matcher.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(imports).as("imports read from %s", SOURCES).isNotEmpty();
        return imports;
    }
}
