package dev.mpujanitor.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The sample EventBridge events of CloudTrail-recorded calls that the tests of the event rule read, by file name: those
 * of {@code events/}, which the README lists and the local-invoke test runs, and those only the rule's tests need
 * (events it must leave out). They are shaped after real CloudTrail records; the account is 123456789012 and the
 * stack is named mpu-janitor.
 */
final class EventSamples {

    static final List<Path> DIRS = List.of(SamTemplate.PROJECT_ROOT.resolve("events"),
            SamTemplate.PROJECT_ROOT.resolve("src/test/resources/eventbridge"));

    static final String ACCOUNT = "123456789012";
    static final String STACK_NAME = "mpu-janitor";
    /** The execution role CloudFormation names for the function JanitorFunction of stack mpu-janitor. */
    static final String FUNCTION_ROLE_ARN =
            "arn:aws:iam::" + ACCOUNT + ":role/" + STACK_NAME + "-JanitorFunctionRole-ABCDEF123456";
    /** The function's own lifecycle write, which the rule must leave out. */
    static final String OWN_PUT_BUCKET_LIFECYCLE = "cloudtrail-own-put-bucket-lifecycle.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventSamples() {
    }

    static Map<String, JsonNode> all() {
        Map<String, JsonNode> samples = new TreeMap<>();
        DIRS.forEach(dir -> samples.putAll(read(dir, name -> name.matches("cloudtrail-.*\\.json"))));
        return samples;
    }

    /**
     * The other files of {@code events/}, by file name: the payloads the function is invoked with on schedule or by
     * hand, which no bucket-event rule may take.
     */
    static Map<String, JsonNode> otherPayloads() {
        return read(DIRS.getFirst(), name -> name.endsWith(".json") && !name.startsWith("cloudtrail-"));
    }

    private static Map<String, JsonNode> read(Path dir, Predicate<String> names) {
        Map<String, JsonNode> samples = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(path -> names.test(path.getFileName().toString())).toList()) {
                samples.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }
}
