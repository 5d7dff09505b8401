package dev.mpujanitor.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A template of the project (template.yaml unless said otherwise) as plain maps and lists, with a few ways in. Shared by the tests that read it. */
public record SamTemplate(Map<String, Object> root) {

    /** The Maven basedir, where surefire runs the tests. */
    public static final Path PROJECT_ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    public static final Path FILE = PROJECT_ROOT.resolve("template.yaml");

    public static SamTemplate load() {
        return load(FILE);
    }

    /** Another template of the project, such as member-role.yaml. */
    public static SamTemplate load(Path file) {
        try {
            return new SamTemplate(CloudFormationYaml.load(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> section(String name) {
        Object section = root.get(name);
        return section == null ? Map.of() : map(section);
    }

    public Map<String, Object> parameter(String name) {
        Object parameter = section("Parameters").get(name);
        if (parameter == null) {
            throw new AssertionError("the template has no Parameter " + name);
        }
        return map(parameter);
    }

    public Map<String, Object> resource(String logicalId) {
        Object resource = section("Resources").get(logicalId);
        if (resource == null) {
            throw new AssertionError("the template has no resource " + logicalId);
        }
        return map(resource);
    }

    public Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).getOrDefault("Properties", Map.of()));
    }

    /** Logical ids of the resources of one type. */
    public List<String> resourcesOfType(String type) {
        return section("Resources").entrySet().stream()
                .filter(entry -> type.equals(map(entry.getValue()).get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError("expected a mapping, found " + value);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new AssertionError("expected a list, found " + value);
    }

    /** A value that may be written as one item or a list of them (IAM Action, Resource). */
    public static List<Object> oneOrMany(Object value) {
        return value instanceof List<?> ? list(value) : List.of(value);
    }
}
