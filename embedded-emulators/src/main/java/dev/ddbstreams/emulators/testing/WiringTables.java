package dev.ddbstreams.emulators.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * The tables of {@code terraform/wiring.json}, created on an emulator exactly as the wiring declares them
 * (hash and range key with their types, billing mode, stream view type, TTL attribute), so a test cannot
 * drift from what Terraform and the local runtime create.
 *
 * <pre>{@code
 * WiringTables.load().create(dynamoDb, "GameScoreRecords", "GameScoresByUser", "AggregateLedger");
 * }</pre>
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html">CreateTable</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/streams.html">Change data capture for DynamoDB Streams (stream view types)</a>
 */
public final class WiringTables {

    private static final Path WIRING = Path.of("terraform", "wiring.json");

    private final Path source;
    private final JsonNode tables;

    private WiringTables(Path source, JsonNode tables) {
        this.source = source;
        this.tables = tables;
    }

    /**
     * Reads {@code terraform/wiring.json}, looked for from the working directory upwards (Maven runs a
     * module's tests in the module directory, one level below the project root).
     */
    public static WiringTables load() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(WIRING))) {
                return load(dir.resolve(WIRING));
            }
        }
        throw new IllegalStateException("No " + WIRING + " in " + start + " or any directory above it");
    }

    public static WiringTables load(Path wiringJson) {
        try {
            JsonNode tables = new ObjectMapper().readTree(Files.readString(wiringJson)).path("tables");
            if (!tables.isObject()) {
                throw new IllegalStateException(wiringJson + " has no \"tables\" object");
            }
            return new WiringTables(wiringJson, tables);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + wiringJson.toAbsolutePath(), e);
        }
    }

    /** Creates each named table under its own name. */
    public void create(DynamoDbClient dynamoDb, String... tableNames) {
        for (String table : tableNames) {
            createAs(dynamoDb, table, table);
        }
    }

    /**
     * Creates the table the wiring declares as {@code declaredTable} under another name, for tests that
     * want a fresh table per test in one emulator.
     */
    public void createAs(DynamoDbClient dynamoDb, String declaredTable, String tableName) {
        JsonNode spec = tables.path(declaredTable);
        if (!spec.isObject()) {
            throw new IllegalArgumentException(source + " declares no table " + declaredTable);
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        addKey(spec.path("hashKey"), KeyType.HASH, attributes, keys);
        if (spec.has("rangeKey")) {
            addKey(spec.path("rangeKey"), KeyType.RANGE, attributes, keys);
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(tableName)
                .attributeDefinitions(attributes).keySchema(keys).billingMode(spec.path("billingMode").asText());
        if (spec.has("streamViewType")) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(spec.path("streamViewType").asText()).build());
        }
        dynamoDb.createTable(request.build());
        if (spec.has("ttlAttribute")) {
            // The engine expires items as DynamoDB does (a sweeper deletes them, with service-made REMOVE records).
            dynamoDb.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(
                    t -> t.enabled(true).attributeName(spec.path("ttlAttribute").asText())));
        }
    }

    private static void addKey(JsonNode key, KeyType type, List<AttributeDefinition> attributes,
            List<KeySchemaElement> keys) {
        String name = key.path("name").asText();
        attributes.add(AttributeDefinition.builder().attributeName(name).attributeType(key.path("type").asText()).build());
        keys.add(KeySchemaElement.builder().attributeName(name).keyType(type).build());
    }
}
