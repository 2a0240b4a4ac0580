package dev.ddbstreams.scores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.emulators.DynamoDbLocal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local clients for the ITs, and the tables created exactly as {@code terraform/wiring.json}
 * declares them (key schemas, stream view types, TTL attribute), so the tests cannot drift from the wiring.
 */
final class LocalTables {

    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static final Path WIRING = Path.of("..", "terraform", "wiring.json");

    private LocalTables() {
    }

    static DynamoDbClient dynamoDb(DynamoDbLocal ddb) {
        return DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static DynamoDbStreamsClient streams(DynamoDbLocal ddb) {
        return DynamoDbStreamsClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Creates each named table with the key schema, stream and TTL the wiring declares for it. */
    static void create(DynamoDbClient dynamoDb, String... tables) {
        JsonNode declared = wiring().path("tables");
        for (String table : tables) {
            JsonNode spec = declared.path(table);
            if (spec.isMissingNode()) {
                throw new IllegalStateException("wiring.json declares no table " + table);
            }
            List<AttributeDefinition> attributes = new ArrayList<>();
            List<KeySchemaElement> keys = new ArrayList<>();
            addKey(spec.path("hashKey"), KeyType.HASH, attributes, keys);
            if (spec.has("rangeKey")) {
                addKey(spec.path("rangeKey"), KeyType.RANGE, attributes, keys);
            }
            CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(table)
                    .attributeDefinitions(attributes).keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST);
            if (spec.has("streamViewType")) {
                request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(spec.path("streamViewType").asText()).build());
            }
            dynamoDb.createTable(request.build());
            if (spec.has("ttlAttribute")) {
                dynamoDb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(
                        t -> t.enabled(true).attributeName(spec.path("ttlAttribute").asText())));
            }
        }
    }

    /** Every item of {@code table} (a full scan, following pages). */
    static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    /** The rows of an aggregate table by partition key value. */
    static Map<String, Map<String, AttributeValue>> rows(DynamoDbClient dynamoDb, String table, String key) {
        Map<String, Map<String, AttributeValue>> rows = new HashMap<>();
        scan(dynamoDb, table).forEach(item -> rows.put(item.get(key).s(), item));
        return rows;
    }

    private static void addKey(JsonNode key, KeyType type, List<AttributeDefinition> attributes,
            List<KeySchemaElement> keys) {
        String name = key.path("name").asText();
        attributes.add(AttributeDefinition.builder().attributeName(name)
                .attributeType(ScalarAttributeType.fromValue(key.path("type").asText())).build());
        keys.add(KeySchemaElement.builder().attributeName(name).keyType(type).build());
    }

    private static JsonNode wiring() {
        try {
            return new ObjectMapper().readTree(Files.readString(WIRING));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + WIRING.toAbsolutePath()
                    + " (tests run from the module directory)", e);
        }
    }
}
