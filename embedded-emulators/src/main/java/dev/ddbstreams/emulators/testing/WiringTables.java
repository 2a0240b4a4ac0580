package dev.ddbstreams.emulators.testing;

import dev.ddbstreams.local.wiring.KeySpec;
import dev.ddbstreams.local.wiring.TableSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final Map<String, TableSpec> tables;

    private WiringTables(Path source, Map<String, TableSpec> tables) {
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

    /** Reads the file with the project's one wiring reader ({@link Wiring}), which validates it. */
    public static WiringTables load(Path wiringJson) {
        Wiring wiring = Wiring.load(wiringJson);
        if (wiring.tables().isEmpty()) {
            throw new IllegalStateException(wiringJson + " declares no tables");
        }
        return new WiringTables(wiringJson, wiring.tables());
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
        TableSpec spec = tables.get(declaredTable);
        if (spec == null) {
            throw new IllegalArgumentException(source + " declares no table " + declaredTable);
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        addKey(spec.hashKey(), KeyType.HASH, attributes, keys);
        if (spec.rangeKey() != null) {
            addKey(spec.rangeKey(), KeyType.RANGE, attributes, keys);
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(tableName)
                .attributeDefinitions(attributes).keySchema(keys).billingMode(spec.billingMode());
        if (spec.readCapacity() != null || spec.writeCapacity() != null) {
            request.provisionedThroughput(t -> t.readCapacityUnits(spec.readCapacity() == null ? null : spec.readCapacity().longValue())
                    .writeCapacityUnits(spec.writeCapacity() == null ? null : spec.writeCapacity().longValue()));
        }
        if (spec.streamViewType() != null) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(spec.streamViewType()).build());
        }
        dynamoDb.createTable(request.build());
        if (spec.ttlAttribute() != null) {
            // The engine expires items as DynamoDB does (a sweeper deletes them, with service-made REMOVE records).
            dynamoDb.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(
                    t -> t.enabled(true).attributeName(spec.ttlAttribute())));
        }
    }

    private static void addKey(KeySpec key, KeyType type, List<AttributeDefinition> attributes,
            List<KeySchemaElement> keys) {
        String name = key.name();
        attributes.add(AttributeDefinition.builder().attributeName(name).attributeType(key.type()).build());
        keys.add(KeySchemaElement.builder().attributeName(name).keyType(type).build());
    }
}
