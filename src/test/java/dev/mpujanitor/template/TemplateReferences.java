package dev.mpujanitor.template;

import static dev.mpujanitor.template.SamTemplate.list;
import static dev.mpujanitor.template.SamTemplate.map;
import static dev.mpujanitor.template.SamTemplate.oneOrMany;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every name a template refers to (Ref, Fn::GetAtt, {@code ${...}} in Fn::Sub, conditions, DependsOn), and
 * which of them it does not declare. Of the names SAM generates, a function's Role ({@code <Function>Role}, for a
 * function without a Role of its own) is known; others are not.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html
 */
final class TemplateReferences {

    enum Kind {
        /** Ref: a Parameter, a resource or a pseudo parameter. */
        REF,
        /** A {@code ${Name}} of Fn::Sub: as Ref, but AWS::NoValue means nothing there. */
        SUB,
        /** Fn::GetAtt, a {@code ${Name.Attribute}} of Fn::Sub, DependsOn: a resource. */
        RESOURCE,
        /** Fn::If's first item, Condition: a Condition. */
        CONDITION
    }

    record Reference(Kind kind, String name, String where) {
    }

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    /** A {@code ${...}} of Fn::Sub's text. */
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private TemplateReferences() {
    }

    static List<Reference> in(Map<String, Object> template) {
        List<Reference> references = new ArrayList<>();
        walk(template, "", references);
        for (String section : List.of("Resources", "Outputs")) {
            Object entries = template.get(section);
            if (entries == null) {
                continue;
            }
            map(entries).forEach((name, entry) -> {
                Map<String, Object> attributes = map(entry);
                String where = section + "." + name;
                if (attributes.get("Condition") instanceof String condition) {
                    references.add(new Reference(Kind.CONDITION, condition, where + ".Condition"));
                }
                if (attributes.containsKey("DependsOn")) {
                    oneOrMany(attributes.get("DependsOn")).forEach(resource ->
                            references.add(new Reference(Kind.RESOURCE, (String) resource, where + ".DependsOn")));
                }
            });
        }
        return references;
    }

    /** The execution roles SAM generates, one for each function that names no Role of its own. */
    private static Set<String> generatedRoles(Map<String, Object> template) {
        Set<String> roles = new HashSet<>();
        Object resources = template.get("Resources");
        if (resources != null) {
            map(resources).forEach((name, resource) -> {
                Map<String, Object> definition = map(resource);
                Map<String, Object> properties = definition.get("Properties") == null ? Map.of() : map(definition.get("Properties"));
                if ("AWS::Serverless::Function".equals(definition.get("Type")) && !properties.containsKey("Role")) {
                    roles.add(name + "Role");
                }
            });
        }
        return roles;
    }

    /** One line per reference that names nothing the template declares. */
    static List<String> unresolved(Map<String, Object> template) {
        Set<String> parameters = keys(template, "Parameters");
        Set<String> resources = new HashSet<>(keys(template, "Resources"));
        resources.addAll(generatedRoles(template));
        Set<String> conditions = keys(template, "Conditions");
        List<String> problems = new ArrayList<>();
        for (Reference reference : in(template)) {
            String name = reference.name();
            boolean declared = switch (reference.kind()) {
                case REF -> parameters.contains(name) || resources.contains(name) || PSEUDO_PARAMETERS.contains(name);
                case SUB -> parameters.contains(name) || resources.contains(name)
                        || (PSEUDO_PARAMETERS.contains(name) && !name.equals("AWS::NoValue"));
                case RESOURCE -> resources.contains(name);
                case CONDITION -> conditions.contains(name);
            };
            if (!declared) {
                problems.add(reference.where() + ": " + reference.kind() + " " + name + " is not declared");
            }
        }
        return problems;
    }

    /** Parameters that nothing refers to. */
    static Set<String> unusedParameters(Map<String, Object> template) {
        Set<String> unused = new HashSet<>(keys(template, "Parameters"));
        in(template).stream()
                .filter(reference -> reference.kind() == Kind.REF || reference.kind() == Kind.SUB)
                .map(Reference::name)
                .forEach(unused::remove);
        return unused;
    }

    private static Set<String> keys(Map<String, Object> template, String section) {
        Object entries = template.get(section);
        return entries == null ? Set.of() : map(entries).keySet();
    }

    private static void walk(Object node, String where, List<Reference> references) {
        if (node instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                walk(items.get(i), where + "[" + i + "]", references);
            }
            return;
        }
        if (!(node instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> mapping = map(node);
        if (mapping.size() == 1) {
            Map.Entry<String, Object> only = mapping.entrySet().iterator().next();
            if (intrinsic(only.getKey(), only.getValue(), where, references)) {
                return;
            }
        }
        mapping.forEach((key, value) -> walk(value, where.isEmpty() ? key : where + "." + key, references));
    }

    /** Records the reference an intrinsic function makes; false if the key names no such function. */
    private static boolean intrinsic(String function, Object argument, String where, List<Reference> references) {
        switch (function) {
            case "Ref" -> references.add(new Reference(Kind.REF, String.valueOf(argument), where));
            case "Condition" -> {
                if (!(argument instanceof String condition)) {
                    return false;
                }
                references.add(new Reference(Kind.CONDITION, condition, where));
            }
            case "Fn::GetAtt" -> {
                List<Object> target = list(argument);
                references.add(new Reference(Kind.RESOURCE, String.valueOf(target.get(0)), where));
                walk(target.subList(1, target.size()), where, references);
            }
            case "Fn::If" -> {
                List<Object> branches = list(argument);
                references.add(new Reference(Kind.CONDITION, String.valueOf(branches.get(0)), where));
                walk(branches.subList(1, branches.size()), where, references);
            }
            case "Fn::Sub" -> {
                if (argument instanceof String text) {
                    substitutions(text, Set.of(), where, references);
                } else {
                    List<Object> textAndVariables = list(argument);
                    Map<String, Object> variables = textAndVariables.size() > 1 ? map(textAndVariables.get(1)) : Map.of();
                    substitutions((String) textAndVariables.get(0), variables.keySet(), where, references);
                    walk(variables, where, references);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void substitutions(String text, Set<String> local, String where, List<Reference> references) {
        Matcher variable = SUB_VARIABLE.matcher(text);
        while (variable.find()) {
            String name = variable.group(1).strip();
            if (name.startsWith("!") || local.contains(name)) {
                continue; // ${!Literal} is text; a variable of Fn::Sub's own map is declared there
            }
            int dot = name.indexOf('.');
            references.add(dot < 0
                    ? new Reference(Kind.SUB, name, where)
                    : new Reference(Kind.RESOURCE, name.substring(0, dot), where));
        }
    }
}
