package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;

import java.util.List;
import java.util.Map;

/** Evaluates a template's Conditions and Fn::If for given parameter values, as CloudFormation would. */
record TemplateConditions(SamTemplate template, Map<String, String> parameterValues) {

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
