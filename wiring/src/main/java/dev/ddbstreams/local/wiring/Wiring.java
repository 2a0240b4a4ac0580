package dev.ddbstreams.local.wiring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The system's wiring as declared once in {@code terraform/wiring.json}: tables, Kinesis streams, queues,
 * functions, event source mappings and HTTP API routes. Terraform reads the same file with
 * {@code jsondecode(file(...))}; the local runtime reads it here, so the two cannot drift.
 *
 * <p>This is the one reader of the file in Java: the runtime, the test emulators ({@code WiringTables}) and the
 * Terraform checks all use it. Every field either side reads is modelled here, Terraform-only ones (IAM
 * permissions, groups, billing) included, and an unknown field is refused: a setting added to the file for
 * Terraform alone cannot go unseen by the local runtime, and a misspelt one does not silently take a default.
 * Only {@code "$comment"} at the top is free text. Every cross-reference is checked by {@link #validate()}.
 */
@JsonIgnoreProperties({"$comment"})
public record Wiring(
        Map<String, TableSpec> tables,
        Map<String, KinesisStreamSpec> kinesisStreams,
        Map<String, QueueSpec> queues,
        Map<String, FunctionSpec> functions,
        Map<String, MappingSpec> mappings,
        HttpApiSpec httpApi) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The collections of the file and the record each entry of it is read into. */
    private static final Map<String, Class<? extends Record>> ENTRY_TYPES = entryTypes();

    public Wiring {
        tables = Map.copyOf(orEmpty(tables));
        kinesisStreams = Map.copyOf(orEmpty(kinesisStreams));
        queues = Map.copyOf(orEmpty(queues));
        functions = Map.copyOf(orEmpty(functions));
        mappings = Map.copyOf(orEmpty(mappings));
        httpApi = httpApi == null ? new HttpApiSpec(0, 0, Map.of()) : httpApi;
    }

    /** Reads and validates a wiring file. */
    public static Wiring load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read wiring file " + file, e);
        }
    }

    /** Parses and validates wiring JSON. */
    public static Wiring parse(String json) {
        Wiring wiring;
        try {
            refuseRuntimeOnlyFields(MAPPER.readTree(json));
            wiring = MAPPER.readValue(json, Wiring.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("Wiring has an unknown field \"" + e.getPropertyName() + "\" at "
                    + e.getPathReference() + ": every field of wiring.json is read by both Terraform and the local runtime,"
                    + " so a new one is added to the records of dev.ddbstreams.local.wiring (and to Terraform) first", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Wiring is not valid JSON of the expected shape: " + e.getMessage(), e);
        }
        wiring.validate();
        return wiring;
    }

    /**
     * Fields of the records that are the runtime's, not the file's ({@code @JsonIgnore}d components, such as a mapping's
     * {@code reportBatchItemFailures}, always on for the wiring's mappings): named in wiring.json, they are refused
     * rather than silently ignored.
     */
    private static void refuseRuntimeOnlyFields(JsonNode root) {
        ENTRY_TYPES.forEach((collection, type) -> {
            List<String> runtimeOnly = Arrays.stream(type.getRecordComponents()).filter(Wiring::runtimeOnly)
                    .map(RecordComponent::getName).toList();
            root.path(collection).fields().forEachRemaining(entry -> runtimeOnly.forEach(field -> {
                if (entry.getValue().has(field)) {
                    throw new IllegalArgumentException("Wiring field \"" + field + "\" of " + collection + "." + entry.getKey()
                            + " is not a setting of wiring.json: the local runtime sets it itself (every mapping of the wiring"
                            + " reports batch item failures, as Terraform configures it)");
                }
            }));
        });
    }

    private static boolean runtimeOnly(RecordComponent component) {
        return component.getAccessor().isAnnotationPresent(JsonIgnore.class);
    }

    /** The wiring file of this repository, found from the working directory or its parents. */
    public static Path defaultFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("terraform").resolve("wiring.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("terraform/wiring.json not found in " + Path.of("").toAbsolutePath()
                + " or its parents; run from the repository or pass --wiring <file>");
    }

    /**
     * Checks every cross-reference: functions of mappings and routes, sources, on-failure queues,
     * dead-letter queues, environment references, and that stream sources have a stream.
     *
     * @throws IllegalArgumentException listing every problem found
     */
    public void validate() {
        List<String> problems = new ArrayList<>();
        queues.forEach((name, queue) -> {
            if (queue.deadLetterQueue() != null && !queues.containsKey(queue.deadLetterQueue())) {
                problems.add("queue " + name + ": dead-letter queue " + queue.deadLetterQueue() + " is not declared");
            }
            if (queue.deadLetterQueue() != null && (queue.maxReceiveCount() == null || queue.maxReceiveCount() < 1)) {
                problems.add("queue " + name + ": a dead-letter queue needs maxReceiveCount >= 1");
            }
        });
        functions.forEach((name, function) -> {
            if (function.module() == null || function.handler() == null) {
                problems.add("function " + name + ": module and handler are required");
            }
            function.environment().forEach((variable, reference) -> {
                if (reference.table() != null && !tables.containsKey(reference.table())) {
                    problems.add("function " + name + ": " + variable + " refers to undeclared table " + reference.table());
                }
                if (reference.queueUrl() != null && !queues.containsKey(reference.queueUrl())) {
                    problems.add("function " + name + ": " + variable + " refers to undeclared queue " + reference.queueUrl());
                }
            });
            function.permissions().tables().keySet().stream().filter(table -> !tables.containsKey(table))
                    .forEach(table -> problems.add("function " + name + ": permissions on undeclared table " + table));
            function.permissions().queues().keySet().stream().filter(queue -> !queues.containsKey(queue))
                    .forEach(queue -> problems.add("function " + name + ": permissions on undeclared queue " + queue));
        });
        mappings.forEach((name, mapping) -> validateMapping(name, mapping, problems));
        httpApi.routes().forEach((route, function) -> {
            if (!functions.containsKey(function)) {
                problems.add("route " + route + ": function " + function + " is not declared");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid wiring:\n  - " + String.join("\n  - ", problems));
        }
    }

    private void validateMapping(String name, MappingSpec mapping, List<String> problems) {
        String prefix = "mapping " + name + ": ";
        if (!functions.containsKey(mapping.function())) {
            problems.add(prefix + "function " + mapping.function() + " is not declared");
        }
        SourceSpec source = mapping.source();
        if (source == null || source.type() == null) {
            problems.add(prefix + "source.type is required");
            return;
        }
        switch (source.type()) {
            case DYNAMODB -> {
                TableSpec table = tables.get(source.table());
                if (table == null) {
                    problems.add(prefix + "table " + source.table() + " is not declared");
                } else if (table.streamViewType() == null) {
                    problems.add(prefix + "table " + source.table() + " has no stream (streamViewType)");
                }
            }
            case KINESIS -> {
                if (!kinesisStreams.containsKey(source.stream())) {
                    problems.add(prefix + "Kinesis stream " + source.stream() + " is not declared");
                }
            }
            case SQS -> {
                if (!queues.containsKey(source.queue())) {
                    problems.add(prefix + "queue " + source.queue() + " is not declared");
                }
            }
        }
        if (source.type().isStream()) {
            if (mapping.onFailureQueue() != null && !queues.containsKey(mapping.onFailureQueue())) {
                problems.add(prefix + "on-failure queue " + mapping.onFailureQueue() + " is not declared");
            }
            if (mapping.startingPosition() == null) {
                problems.add(prefix + "startingPosition is required for stream sources");
            }
            if (mapping.batchSize() < 1 || mapping.batchSize() > 10_000) {
                problems.add(prefix + "batchSize must be 1..10000 for stream sources");
            }
        } else if (mapping.batchSize() < 1 || mapping.batchSize() > 10_000
                || (mapping.batchSize() > 10 && mapping.maximumBatchingWindowInSeconds() < 1)) {
            problems.add(prefix + "SQS batchSize must be 1..10, or up to 10000 with a batching window");
        }
        if (mapping.maximumBatchingWindowInSeconds() < 0 || mapping.maximumBatchingWindowInSeconds() > 300) {
            problems.add(prefix + "maximumBatchingWindowInSeconds must be 0..300");
        }
    }

    /** @return the mapping names in declaration-independent, stable order */
    public List<String> mappingNames() {
        return mappings.keySet().stream().sorted().toList();
    }

    /**
     * The fields an entry of each collection ({@code "tables"}, ..., {@code "httpApi"}) may declare, as this model
     * reads them: the Terraform checks prove each is used by Terraform, so the two readers of the file agree.
     *
     * @return collection name to its entries' field names, in declaration order
     */
    public static Map<String, List<String>> declarableFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        ENTRY_TYPES.forEach((collection, type) -> fields.put(collection,
                Arrays.stream(type.getRecordComponents()).filter(component -> !runtimeOnly(component))
                        .map(RecordComponent::getName).toList()));
        return fields;
    }

    private static Map<String, Class<? extends Record>> entryTypes() {
        Map<String, Class<? extends Record>> types = new LinkedHashMap<>();
        types.put("tables", TableSpec.class);
        types.put("kinesisStreams", KinesisStreamSpec.class);
        types.put("queues", QueueSpec.class);
        types.put("functions", FunctionSpec.class);
        types.put("mappings", MappingSpec.class);
        types.put("httpApi", HttpApiSpec.class);
        List<String> collections = Arrays.stream(Wiring.class.getRecordComponents()).map(RecordComponent::getName).toList();
        if (!collections.equals(List.copyOf(types.keySet()))) {
            throw new IllegalStateException("entry types " + types.keySet() + " do not match the collections " + collections);
        }
        return java.util.Collections.unmodifiableMap(types);
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return Objects.requireNonNullElse(map, Map.of());
    }
}
