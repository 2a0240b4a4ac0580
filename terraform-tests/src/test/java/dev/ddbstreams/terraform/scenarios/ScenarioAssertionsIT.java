package dev.ddbstreams.terraform.scenarios;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.emulators.DynamoDbLocal;
import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.Wiring;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * The scenario assertions themselves, on DynamoDB Local with the wiring's key schemas: they pass against a
 * reference pipeline that maintains the views by their definition (recomputed from the source tables), and
 * fail, naming what they waited for, when nothing processes the records. A LocalStack run takes minutes;
 * an assertion that reads the wrong table or attribute should not need one to be found.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioAssertionsIT {

    private static final String PREFIX = "it-";

    private DynamoDbLocal ddb;
    private DynamoDbClient client;
    private ScheduledExecutorService pipeline;

    @BeforeAll
    void createTablesFromTheWiring() {
        ddb = DynamoDbLocal.inMemory(0);
        client = DynamoDbClient.builder()
                .endpointOverride(ddb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        Wiring.load(ProjectPaths.wiring()).tables().forEach(this::createTable);
    }

    @AfterEach
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.shutdownNow();
            pipeline = null;
        }
    }

    @AfterAll
    void stop() {
        client.close();
        ddb.close();
    }

    @Test
    void assertions_pass_whenTheViewsFollowTheirDefinition() throws Exception {
        pipeline = Executors.newSingleThreadScheduledExecutor();
        pipeline.scheduleWithFixedDelay(this::referencePipeline, 0, 50, TimeUnit.MILLISECONDS);
        ScenarioAssertions scenarios = new ScenarioAssertions(deployment(), Duration.ofSeconds(30));

        scenarios.notesAreWordCounted();
        scenarios.storeOrdersAreTotalledPerItem();
        scenarios.gameScoresAreSummedPerUser();
    }

    @Test
    void assertions_fail_namingWhatTheyAwaited_whenNothingProcessesTheRecords() {
        ScenarioAssertions scenarios = new ScenarioAssertions(deployment(), Duration.ofMillis(500));

        AssertionError wordCount = assertThrows(AssertionError.class, scenarios::notesAreWordCounted);
        AssertionError scores = assertThrows(AssertionError.class, scenarios::gameScoresAreSummedPerUser);

        assertTrue(wordCount.getMessage().contains("waiting for wordCount on note it-"), wordCount::getMessage);
        assertTrue(scores.getMessage().contains("].Score = 35"), scores::getMessage);
    }

    private Deployment deployment() {
        return new Deployment() {
            @Override
            public Optional<URI> httpApi() {
                return Optional.empty();
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return client;
            }

            @Override
            public String table(String logicalName) {
                return PREFIX + logicalName;
            }
        };
    }

    /** The views by definition: recomputed from the current source items on every pass. */
    private void referencePipeline() {
        for (Map<String, AttributeValue> note : scan("notes")) {
            if (!note.containsKey("wordCount")) {
                int words = note.get("content").s().strip().split("\\s+").length;
                client.updateItem(b -> b.tableName(PREFIX + "notes").key(Map.of("id", note.get("id")))
                        .updateExpression("SET wordCount = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(words)))));
            }
        }
        Map<String, BigDecimal> scores = new HashMap<>();
        scan("GameScoreRecords").forEach(record -> scores.merge(record.get("Username").s(), new BigDecimal(record.get("Score").n()), BigDecimal::add));
        scan("GameScoresByUser").forEach(row -> {
            if (!scores.containsKey(row.get("Username").s())) {
                client.deleteItem(b -> b.tableName(PREFIX + "GameScoresByUser").key(Map.of("Username", row.get("Username"))));
            }
        });
        scores.forEach((user, score) -> client.putItem(b -> b.tableName(PREFIX + "GameScoresByUser").item(Map.of(
                "Username", AttributeValue.fromS(user), "Score", AttributeValue.fromN(score.toPlainString())))));
        Map<String, BigDecimal[]> totals = new HashMap<>();
        scan("StoreOrders").forEach(order -> {
            BigDecimal quantity = new BigDecimal(order.get("quantity").n());
            BigDecimal[] total = totals.computeIfAbsent(order.get("item").s(), item -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            total[0] = total[0].add(quantity);
            total[1] = total[1].add(quantity.multiply(new BigDecimal(order.get("price").n())));
            total[2] = total[2].add(BigDecimal.ONE);
        });
        totals.forEach((item, total) -> client.putItem(b -> b.tableName(PREFIX + "OrderTotals").item(Map.of(
                "item", AttributeValue.fromS(item),
                "quantity", AttributeValue.fromN(total[0].toPlainString()),
                "revenue", AttributeValue.fromN(total[1].toPlainString()),
                "orders", AttributeValue.fromN(total[2].toPlainString())))));
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        return new ArrayList<>(client.scan(b -> b.tableName(PREFIX + table).consistentRead(true)).items());
    }

    private void createTable(String name, JsonNode table) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(table.path("hashKey").path("name").asText()).keyType(KeyType.HASH).build());
        attributes.add(AttributeDefinition.builder().attributeName(table.path("hashKey").path("name").asText())
                .attributeType(table.path("hashKey").path("type").asText()).build());
        if (table.has("rangeKey")) {
            keys.add(KeySchemaElement.builder().attributeName(table.path("rangeKey").path("name").asText()).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(table.path("rangeKey").path("name").asText())
                    .attributeType(table.path("rangeKey").path("type").asText()).build());
        }
        client.createTable(b -> b.tableName(PREFIX + name).keySchema(keys).attributeDefinitions(attributes)
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }
}
