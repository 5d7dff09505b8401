package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * An EventBridge rule's event pattern, taken from one of the project's templates, matched as EventBridge matches it:
 * by event-ruler, the pattern matching library AWS open-sourced from EventBridge itself. A matcher of our own would
 * only say what we believe EventBridge does.
 */
final class RulePattern {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode json;
    private final Machine machine = Machine.builder().build();

    /** A pattern the library refuses fails the test here, rather than matching nothing. */
    RulePattern(JsonNode json) {
        this.json = json;
        try {
            machine.addRule("pattern", json.toString());
        } catch (IOException e) {
            throw new AssertionError("not an event pattern: " + json, e);
        }
    }

    /** template.yaml's BucketChanged, with the ARN CloudFormation gives the function's role. */
    static RulePattern bucketChanged(String functionRoleArn) {
        Map<String, Object> events = map(SamTemplate.load().properties("JanitorFunction").get("Events"));
        Object pattern = map(map(events.get("BucketChanged")).get("Properties")).get("Pattern");
        return resolved(pattern, Map.of("JanitorFunctionRole.Arn", functionRoleArn));
    }

    /** forwarder.yaml's rule, deployed with that ARN as its parameter FunctionRoleArn. */
    static RulePattern forwarder(String functionRoleArn) {
        SamTemplate forwarder = SamTemplate.load(SamTemplate.PROJECT_ROOT.resolve("forwarder.yaml"));
        List<String> rules = forwarder.resourcesOfType("AWS::Events::Rule");
        assertThat(rules).as("forwarder.yaml's rules").hasSize(1);
        Object pattern = forwarder.properties(rules.getFirst()).get("EventPattern");
        return resolved(pattern, Map.of("FunctionRoleArn", functionRoleArn));
    }

    /** The pattern as EventBridge gets it. */
    JsonNode json() {
        return json;
    }

    /** rulesForJSONEvent is the library's array-consistent matching, the one its README recommends. */
    boolean matches(JsonNode event) {
        return !machine.rulesForJSONEvent(event).isEmpty();
    }

    /** The pattern once CloudFormation has put in the value of each Ref and Fn::GetAtt, given here by name. */
    private static RulePattern resolved(Object pattern, Map<String, String> values) {
        return new RulePattern(JSON.valueToTree(resolve(pattern, values)));
    }

    private static Object resolve(Object node, Map<String, String> values) {
        if (node instanceof Map<?, ?> mapping) {
            if (mapping.size() == 1 && mapping.keySet().iterator().next() instanceof String function
                    && (function.equals("Ref") || function.startsWith("Fn::"))) {
                // Any other function (a !Sub, say) would reach the pattern as an object: refused, not passed on.
                String name = switch (function) {
                    case "Ref" -> (String) mapping.get(function);
                    case "Fn::GetAtt" -> list(mapping.get(function)).get(0) + "." + list(mapping.get(function)).get(1);
                    default -> throw new AssertionError("resolved here: Ref and Fn::GetAtt, not " + mapping);
                };
                assertThat(values).as("a value for %s %s", function, name).containsKey(name);
                return values.get(name);
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map(mapping).forEach((key, value) -> resolved.put(key, resolve(value, values)));
            return resolved;
        }
        if (node instanceof List<?> items) {
            return items.stream().map(item -> resolve(item, values)).toList();
        }
        return node;
    }
}
