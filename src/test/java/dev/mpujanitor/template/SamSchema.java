package dev.mpujanitor.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SAM JSON schema (draft-04) and policy templates, applied one resource at a time.
 *
 * <p>The schema lists the resource types, and a function's event types, as {@code anyOf} branches: a single typo
 * then fails every branch and yields hundreds of messages. So each resource is validated against the definition
 * its {@code Type} selects, each event likewise, and the top level with Resources reduced to "has a Type".
 */
final class SamSchema {

    /** Where CI keeps the schema, beside the project; never copied into it. */
    static final Path DIR = SamTemplate.PROJECT_ROOT.resolve("../shared/sam-schema").normalize();

    /** The sections CloudFormation knows, plus SAM's Globals: the schema itself lets any other key through. */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Globals");
    private static final String DEFINITIONS = "#/definitions/";

    /** Draft-04, knowing the schema's own annotations so that it does not warn about them. */
    private final JsonSchemaFactory factory = JsonSchemaFactory.builder(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
            .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keywords(List.of(new NonValidationKeyword("markdownDescription"),
                            new NonValidationKeyword("__samPassThrough")))
                    .build())
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode root;
    /** The schema's definitions, with every Events map reduced to "has a Type": events are checked one by one. */
    private final ObjectNode definitions;
    private final JsonNode policyTemplates;
    /** Resource Type -> its definition; types outside AWS::Serverless:: go to {@link #anyCfnResource}. */
    private final Map<String, String> resourceDefinitions = new HashMap<>();
    private String anyCfnResource;
    /** Resource definition -> (event Type -> its definition). */
    private final Map<String, Map<String, String>> eventDefinitions = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();

    private SamSchema(JsonNode root, JsonNode policyTemplates) {
        this.root = (ObjectNode) root;
        this.definitions = root.get("definitions").deepCopy();
        this.policyTemplates = policyTemplates.get("Templates");
        for (JsonNode branch : root.at("/properties/Resources/additionalProperties/anyOf")) {
            String definition = definitionName(branch);
            JsonNode type = definitions.get(definition).at("/properties/Type");
            if (type.has("enum")) {
                type.get("enum").forEach(name -> resourceDefinitions.put(name.asText(), definition));
            } else {
                anyCfnResource = definition;
            }
            collectEventDefinitions(definition);
        }
    }

    static SamSchema load(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return new SamSchema(json.readTree(dir.resolve("sam.schema.json").toFile()),
                json.readTree(dir.resolve("policy_templates.json").toFile()));
    }

    /** The template's sections, Globals included; each resource only as far as "has a string Type". */
    List<String> validateTopLevel(JsonNode template) {
        List<String> problems = new ArrayList<>();
        template.fieldNames().forEachRemaining(key -> {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                problems.add("$." + key + ": not a template section");
            }
        });
        ObjectNode topLevel = root.deepCopy();
        topLevel.set("definitions", definitions);
        ((ObjectNode) topLevel.at("/properties/Resources")).set("additionalProperties",
                json.createObjectNode().put("type", "object")
                        .<ObjectNode>set("required", json.createArrayNode().add("Type"))
                        .set("properties", json.createObjectNode()
                                .set("Type", json.createObjectNode().put("type", "string"))));
        problems.addAll(messages("", factory.getSchema(topLevel).validate(template)));
        return problems;
    }

    /** One resource against the definition of its Type, then each of its events against the definition of theirs. */
    List<String> validateResource(String logicalId, JsonNode resource) {
        String where = "Resources." + logicalId;
        String type = resource.path("Type").asText("");
        String definition = type.startsWith("AWS::Serverless::") ? resourceDefinitions.get(type) : anyCfnResource;
        if (definition == null) {
            return List.of(where + ".Type: " + type + " is not a SAM resource type");
        }
        List<String> problems = new ArrayList<>(messages(where, schemaOf(definition).validate(resource)));
        Map<String, String> events = eventDefinitions.getOrDefault(definition, Map.of());
        resource.path("Properties").path("Events").properties().forEach(event -> {
            String eventWhere = where + ".Properties.Events." + event.getKey();
            String eventType = event.getValue().path("Type").asText("");
            String eventDefinition = events.get(eventType);
            if (eventDefinition == null) {
                problems.add(eventWhere + ".Type: " + eventType + " is not an event type of " + type);
            } else {
                problems.addAll(messages(eventWhere, schemaOf(eventDefinition).validate(event.getValue())));
            }
        });
        return problems;
    }

    /**
     * Each entry of a Policies list that names a SAM policy template, against that template's parameters. An
     * entry with a Statement is an inline policy and a string a managed policy: neither is a template.
     */
    List<String> checkPolicies(String where, JsonNode policies) {
        List<String> problems = new ArrayList<>();
        Iterable<JsonNode> entries = policies.isArray() ? policies : List.of(policies);
        for (JsonNode entry : entries) {
            if (entry.isTextual() || !entry.isObject() || entry.has("Statement")) {
                continue;
            }
            if (entry.size() != 1) {
                problems.add(where + ": " + entry + " is neither an inline policy (no Statement) nor one policy template");
                continue;
            }
            String name = entry.fieldNames().next();
            JsonNode template = policyTemplates.get(name);
            if (template == null) {
                problems.add(where + "." + name + ": not a SAM policy template");
                continue;
            }
            Set<String> expected = names(template.path("Parameters"));
            Set<String> given = names(entry.get(name));
            for (String missing : difference(expected, given)) {
                problems.add(where + "." + name + ": parameter " + missing + " is missing");
            }
            for (String unknown : difference(given, expected)) {
                problems.add(where + "." + name + ": " + unknown + " is not a parameter of this template");
            }
        }
        return problems;
    }

    private void collectEventDefinitions(String resourceDefinition) {
        JsonNode properties = definitions.get(resourceDefinition).path("properties").path("Properties");
        if (!properties.has("$ref")) {
            return;
        }
        JsonNode events = definitions.get(definitionName(properties)).at("/properties/Events");
        if (!(events.at("/additionalProperties/anyOf") instanceof ArrayNode branches)) {
            return;
        }
        Map<String, String> byType = new HashMap<>();
        for (JsonNode branch : branches) {
            String definition = definitionName(branch);
            definitions.get(definition).at("/properties/Type/enum")
                    .forEach(type -> byType.put(type.asText(), definition));
        }
        eventDefinitions.put(resourceDefinition, byType);
        ((ObjectNode) events).set("additionalProperties", json.createObjectNode().put("type", "object")
                .set("required", json.createArrayNode().add("Type")));
    }

    private JsonSchema schemaOf(String definition) {
        return compiled.computeIfAbsent(definition, name -> {
            ObjectNode schema = json.createObjectNode();
            schema.put("$schema", root.path("$schema").asText());
            schema.set("definitions", definitions);
            schema.set("allOf", json.createArrayNode().add(json.createObjectNode().put("$ref", DEFINITIONS + name)));
            return factory.getSchema(schema);
        });
    }

    private static String definitionName(JsonNode reference) {
        String ref = reference.path("$ref").asText();
        if (!ref.startsWith(DEFINITIONS)) {
            throw new IllegalStateException("unexpected schema reference " + reference);
        }
        return ref.substring(DEFINITIONS.length());
    }

    private static List<String> messages(String where, Set<ValidationMessage> messages) {
        TreeSet<String> sorted = new TreeSet<>();
        messages.forEach(message -> sorted.add(where.isEmpty()
                ? message.getMessage()
                : where + message.getMessage().replaceFirst("^\\$", "")));
        return List.copyOf(sorted);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
