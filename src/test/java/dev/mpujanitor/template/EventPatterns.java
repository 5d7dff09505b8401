package dev.mpujanitor.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Amazon EventBridge's event pattern matching, as far as this project's patterns need it, so that a rule's pattern can
 * be tried on sample events in a unit test. Written from the EventBridge User Guide:
 * <ul>
 *   <li>https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html (fields, values, numbers)</li>
 *   <li>https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html (array fields)</li>
 *   <li>https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html (null, "")</li>
 *   <li>https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 *       (prefix, anything-but, exists)</li>
 * </ul>
 * The service itself is the authority: {@code aws events test-event-pattern} answers for a real account.
 *
 * <p>Only exact values (strings, numbers, booleans, null), {@code prefix}, {@code anything-but} (a value, a list of
 * strings or of numbers, or a prefix) and {@code exists} are evaluated. Any other operator ({@code $or},
 * {@code numeric}, {@code cidr}, {@code suffix}, ...) is refused rather than guessed at, as is an array of objects
 * where the pattern has an object: a pattern that needs them needs this class extended first.
 */
final class EventPatterns {

    /**
     * Reads events and patterns keeping each number as written: "For numbers, EventBridge uses string
     * representation. For example, 300, 300.0, and 3.0e2 are not considered equal." (eb-event-patterns.html).
     * Numbers then compare as BigDecimals, value and scale, which tells those three apart.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private EventPatterns() {
    }

    static boolean matches(JsonNode pattern, JsonNode event) {
        if (!pattern.isObject()) {
            throw new IllegalArgumentException("an event pattern is a JSON object, not " + pattern);
        }
        return fields(pattern, event, "");
    }

    /**
     * "For an event pattern to match an event, the event must contain all the field names listed in the event
     * pattern. The field names must also appear in the event with the same nesting structure." Fields the pattern
     * does not name are ignored.
     */
    private static boolean fields(JsonNode pattern, JsonNode value, String where) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            String path = where.isEmpty() ? field.getKey() : where + "." + field.getKey();
            if (field.getKey().startsWith("$")) {
                throw new UnsupportedOperationException(path + ": " + field.getKey() + " is not evaluated here");
            }
            // path() of an absent field, or of a field of a non-object, is the missing node: the pattern's leaves
            // below it then see no value at all.
            JsonNode child = value.path(field.getKey());
            JsonNode expected = field.getValue();
            boolean matched;
            if (expected.isObject()) {
                if (child.isArray()) {
                    throw new UnsupportedOperationException(path + ": an array of objects is not evaluated here");
                }
                matched = fields(expected, child, path);
            } else if (expected.isArray()) {
                matched = leaf(expected, child, path);
            } else {
                throw new IllegalArgumentException(path + ": a pattern's value is an object or an array, not " + expected);
            }
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    /** "An event pattern matches the event if any of the values in the array match the value in the event." */
    private static boolean leaf(JsonNode alternatives, JsonNode value, String path) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException(path + ": an empty list matches nothing");
        }
        List<JsonNode> values = values(value);
        for (JsonNode alternative : alternatives) {
            if (alternative(alternative, values, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The event's values at a leaf of the pattern. "If the value in the event is an array, then the event pattern
     * matches if the intersection of the event pattern array and the event array is non-empty": each element is one
     * value. An absent field has none, and so has an object, since "Exists matching only works on leaf nodes".
     */
    private static List<JsonNode> values(JsonNode value) {
        List<JsonNode> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(element -> values.addAll(values(element)));
        } else if (!value.isMissingNode() && !value.isObject()) {
            values.add(value);
        }
        return values;
    }

    private static boolean alternative(JsonNode alternative, List<JsonNode> values, String path) {
        if (alternative.isArray()) {
            throw new IllegalArgumentException(path + ": a list inside a list: " + alternative);
        }
        if (!alternative.isObject()) {
            return values.stream().anyMatch(value -> same(alternative, value));
        }
        if (alternative.size() != 1) {
            throw new IllegalArgumentException(path + ": an operator is an object of one field, not " + alternative);
        }
        Map.Entry<String, JsonNode> operator = alternative.properties().iterator().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw new IllegalArgumentException(path + ": exists takes true or false, not " + operand);
                }
                yield values.isEmpty() != operand.booleanValue();
            }
            case "prefix" -> values.stream().anyMatch(startsWith(text(operand, "prefix", path)));
            // "Anything-but matching matches anything except what's provided in the rule": a value, not an absence,
            // so an absent field has no value for it to match.
            case "anything-but" -> values.stream().anyMatch(anythingBut(operand, path));
            default -> throw new UnsupportedOperationException(path + ": " + operator.getKey() + " is not evaluated here");
        };
    }

    private static Predicate<JsonNode> anythingBut(JsonNode operand, String path) {
        if (operand.isObject()) {
            if (operand.size() != 1 || !operand.has("prefix")) {
                throw new UnsupportedOperationException(path + ": anything-but " + operand + " is not evaluated here");
            }
            // "Anything-but matching only works with a single prefix, not a list." A prefix is a string's.
            Predicate<JsonNode> prefixed = startsWith(text(operand.get("prefix"), "anything-but prefix", path));
            return value -> value.isTextual() && !prefixed.test(value);
        }
        List<JsonNode> excluded = new ArrayList<>();
        if (operand.isArray()) {
            operand.forEach(excluded::add);
        } else {
            excluded.add(operand);
        }
        // "You can use anything-but matching with strings and numeric values, including lists that contain only
        // strings, or only numbers."
        boolean strings = excluded.stream().allMatch(JsonNode::isTextual);
        boolean numbers = excluded.stream().allMatch(JsonNode::isNumber);
        if (excluded.isEmpty() || !(strings || numbers)) {
            throw new IllegalArgumentException(path + ": anything-but takes strings only or numbers only, not " + operand);
        }
        return value -> excluded.stream().noneMatch(not -> same(not, value));
    }

    private static Predicate<JsonNode> startsWith(String prefix) {
        return value -> value.isTextual() && value.textValue().startsWith(prefix);
    }

    private static String text(JsonNode operand, String operator, String path) {
        if (!operand.isTextual()) {
            throw new IllegalArgumentException(path + ": " + operator + " takes a string, not " + operand);
        }
        return operand.textValue();
    }

    /**
     * Strings "exact character-by-character matching without case-folding"; numbers by the representation read
     * (see {@link #JSON}); null only null: "Null values and empty strings are not interchangeable".
     */
    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().equals(actual.decimalValue());
        }
        return expected.equals(actual);
    }
}
