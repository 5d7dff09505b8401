package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a template's Conditions and Fn::If for given parameter values, as CloudFormation would. The values may
 * name pseudo parameters too ({@code AWS::AccountId}, ...), for {@link #resolve}.
 */
record TemplateConditions(SamTemplate template, Map<String, String> parameterValues) {

    private static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");

    boolean holds(String condition) {
        Object definition = template.section("Conditions").get(condition);
        if (definition == null) {
            throw new AssertionError("template.yaml has no Condition " + condition);
        }
        return truth(definition);
    }

    /** The branch an Fn::If takes; anything else is returned as it is. */
    Object resolveIf(Object value) {
        if (value instanceof Map<?, ?> mapping && mapping.size() == 1 && mapping.containsKey("Fn::If")) {
            List<Object> branches = list(mapping.get("Fn::If"));
            return holds((String) branches.get(0)) ? branches.get(1) : branches.get(2);
        }
        return value;
    }

    /**
     * A value as CloudFormation deploys it: every Fn::If taken, every Ref, Fn::Sub and Fn::Split replaced by its value, and what
     * resolves to AWS::NoValue left out of its list or mapping. Only the functions of IAM policies are known.
     */
    Object resolve(Object value) {
        if (value instanceof List<?> items) {
            List<Object> resolved = new ArrayList<>();
            items.stream().map(this::resolve).filter(item -> !NO_VALUE.equals(item)).forEach(resolved::add);
            return resolved;
        }
        if (!(value instanceof Map<?, ?>)) {
            return value;
        }
        Map<String, Object> mapping = map(value);
        if (mapping.size() == 1) {
            Map.Entry<String, Object> only = mapping.entrySet().iterator().next();
            switch (only.getKey()) {
                case "Fn::If" -> {
                    return resolve(resolveIf(mapping));
                }
                case "Ref" -> {
                    return NO_VALUE.equals(mapping) ? NO_VALUE : text(mapping);
                }
                case "Fn::Sub" -> {
                    return substitute((String) only.getValue());
                }
                case "Fn::Split" -> {
                    List<Object> arguments = list(only.getValue());
                    return List.of(((String) resolve(arguments.get(1))).split(Pattern.quote((String) arguments.get(0)), -1));
                }
                default -> {
                    if (only.getKey().startsWith("Fn::")) {
                        throw new AssertionError("cannot resolve " + only.getKey());
                    }
                }
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        mapping.forEach((key, item) -> {
            Object itemValue = resolve(item);
            if (!NO_VALUE.equals(itemValue)) {
                resolved.put(key, itemValue);
            }
        });
        return resolved;
    }

    /** Fn::Sub's string form: each {@code ${Name}} is Ref Name, and {@code ${!Text}} is {@code ${Text}}. */
    private String substitute(String text) {
        Matcher variable = TemplateReferences.SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1).strip();
            String replacement = name.startsWith("!") ? "${" + name.substring(1) + "}" : text(Map.of("Ref", name));
            variable.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        variable.appendTail(result);
        return result.toString();
    }

    private boolean truth(Object expression) {
        Map<String, Object> function = map(expression);
        Map.Entry<String, Object> only = function.entrySet().iterator().next();
        return switch (only.getKey()) {
            case "Fn::Not" -> !truth(list(only.getValue()).get(0));
            case "Fn::And" -> list(only.getValue()).stream().allMatch(this::truth);
            case "Fn::Or" -> list(only.getValue()).stream().anyMatch(this::truth);
            case "Fn::Equals" -> {
                List<Object> sides = list(only.getValue());
                yield text(sides.get(0)).equals(text(sides.get(1)));
            }
            case "Condition" -> holds((String) only.getValue());
            default -> throw new AssertionError("not a condition function: " + only.getKey());
        };
    }

    /** A value as the string CloudFormation compares: a Parameter's value (or default) for a Ref. */
    private String text(Object value) {
        if (value instanceof Map<?, ?> mapping && mapping.containsKey("Ref")) {
            String parameter = (String) mapping.get("Ref");
            String given = parameterValues.get(parameter);
            return given != null ? given : String.valueOf(template.parameter(parameter).get("Default"));
        }
        if (value instanceof Map<?, ?>) {
            throw new AssertionError("cannot evaluate " + value);
        }
        return String.valueOf(value);
    }
}
