package dev.ddbstreams.terraform.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * wiring.json as plain JSON: the tests read it field by field, exactly as Terraform's {@code jsondecode}
 * does, without the local runtime's typed model, so a field either side ignores is still seen here.
 */
public final class Wiring {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode root;

    private Wiring(JsonNode root) {
        this.root = root;
    }

    public static Wiring load(Path file) {
        try {
            return new Wiring(MAPPER.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read wiring " + file, e);
        }
    }

    public JsonNode root() {
        return root;
    }

    public Map<String, JsonNode> tables() {
        return entries("tables");
    }

    public Map<String, JsonNode> kinesisStreams() {
        return entries("kinesisStreams");
    }

    public Map<String, JsonNode> queues() {
        return entries("queues");
    }

    public Map<String, JsonNode> functions() {
        return entries("functions");
    }

    public Map<String, JsonNode> mappings() {
        return entries("mappings");
    }

    public JsonNode httpApi() {
        return root.path("httpApi");
    }

    /** @return the entries of a top-level collection ("tables", "queues", ...), in file order */
    public Map<String, JsonNode> entries(String collection) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        root.path(collection).fields().forEachRemaining(entry -> entries.put(entry.getKey(), entry.getValue()));
        return entries;
    }

    /** @return every field name used by at least one entry of the collection */
    public Set<String> fieldsOf(String collection) {
        Set<String> fields = new TreeSet<>();
        entries(collection).values().forEach(entry -> entry.fieldNames().forEachRemaining(fields::add));
        return fields;
    }

    /** @return whether a mapping reads a stream (DynamoDB or Kinesis) rather than a queue */
    public static boolean isStreamMapping(JsonNode mapping) {
        String type = mapping.path("source").path("type").asText();
        return type.equals("dynamodb") || type.equals("kinesis");
    }

    /** @return the text of a field, if present and not null */
    public static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
