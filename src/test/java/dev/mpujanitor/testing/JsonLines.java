package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The function's output read back as an operator's log query would: one JSON document per line. */
public record JsonLines(List<JsonNode> lines) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static JsonLines parse(String output) {
        return new JsonLines(output.lines().map(JsonLines::parseLine).toList());
    }

    private static JsonNode parseLine(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    public List<JsonNode> records(String kind) {
        return lines.stream().filter(line -> kind.equals(line.path("record").asText())).toList();
    }

    /** Bucket name -> outcome, from the per-bucket records. */
    public Map<String, String> outcomes() {
        return records("bucket").stream().collect(Collectors.toMap(line -> line.get("bucket").asText(), line -> line.get("outcome").asText()));
    }

    public JsonNode summary() {
        List<JsonNode> summaries = records("summary");
        if (summaries.size() != 1) {
            throw new AssertionError("expected one summary line, found " + summaries.size() + " in " + lines);
        }
        return summaries.getFirst();
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
