package dev.mpujanitor.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    private EventSamples() {
    }

    static Map<String, JsonNode> all() {
        Map<String, JsonNode> samples = new TreeMap<>();
        for (Path dir : DIRS) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(path -> path.getFileName().toString().matches("cloudtrail-.*\\.json")).toList()) {
                    samples.put(file.getFileName().toString(), EventPatterns.JSON.readTree(file.toFile()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return samples;
    }
}
