package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.attribute;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.key;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.s;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * UpdateTable: streams on and off, billing mode and throughput, global secondary index creation (with
 * backfill) and deletion.
 *
 * <p>Error messages: dynalite's tests (test/updateTable.js) and the ack-api-quirks DynamoDB catalogue
 * (findings DDB-TABLE-050 and DDB-TABLE-442, recorded against live DynamoDB; found with the code search).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html">UpdateTable</a>
 */
class UpdateTableConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static TableDescription describe(String name) {
        return client().describeTable(b -> b.tableName(name)).table();
    }

    private static void waitActive(String name) {
        client().waiter().waitUntilTableExists(b -> b.tableName(name));
        for (int i = 0; i < 300 && describe(name).tableStatus() != TableStatus.ACTIVE; i++) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProvisionedThroughput throughput(long read, long write) {
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    private static StreamSpecification disabled() {
        return StreamSpecification.builder().streamEnabled(false).build();
    }

    /** API_UpdateTable, StreamSpecification: enabling a stream gives the table a LatestStreamArn. */
    @Test
    void enablingAStreamGivesTheTableALatestStreamArn() {
        String name = uniqueName("update-stream-on");
        createActive(client(), hashTable(name).build());
        client().updateTable(b -> b.tableName(name).streamSpecification(stream(StreamViewType.NEW_IMAGE)));
        waitActive(name);
        TableDescription table = describe(name);
        assertTrue(table.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_IMAGE, table.streamSpecification().streamViewType());
        assertTrue(table.latestStreamArn().startsWith(table.tableArn() + "/stream/"), table.latestStreamArn());
    }

    /**
     * API_UpdateTable, StreamSpecification: after disabling, DescribeTable has no StreamSpecification while
     * LatestStreamArn and LatestStreamLabel stay (observed on AWS: DDB-TABLE-050).
     */
    @Test
    void disablingTheStreamRemovesTheSpecificationAndKeepsTheLatestStreamArn() {
        String name = uniqueName("update-stream-off");
        createActive(client(), hashTable(name).streamSpecification(stream(StreamViewType.KEYS_ONLY)).build());
        String streamArn = describe(name).latestStreamArn();
        client().updateTable(b -> b.tableName(name).streamSpecification(disabled()));
        waitActive(name);
        TableDescription table = describe(name);
        assertNull(table.streamSpecification());
        assertEquals(streamArn, table.latestStreamArn());
    }

    /** A re-enabled stream is a new stream: a new LatestStreamArn (DDB-TABLE-050: "new LatestStreamArn differs"). */
    @Test
    void reenablingTheStreamCreatesANewStreamArn() {
        String name = uniqueName("update-stream-again");
        createActive(client(), hashTable(name).streamSpecification(stream(StreamViewType.KEYS_ONLY)).build());
        String first = describe(name).latestStreamArn();
        client().updateTable(b -> b.tableName(name).streamSpecification(disabled()));
        waitActive(name);
        // Stream labels are timestamps to the millisecond: let one pass so the new label cannot equal the old.
        pause();
        client().updateTable(b -> b.tableName(name).streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES)));
        waitActive(name);
        String second = describe(name).latestStreamArn();
        assertNotNull(second);
        assertNotEquals(first, second);
    }

    /** Enabling a stream on a table that has one: "Table already has an enabled stream: TableName: X" (DDB-TABLE-050). */
    @Test
    void enablingAStreamTwiceIsRefused() {
        String name = uniqueName("update-stream-twice");
        createActive(client(), hashTable(name).streamSpecification(stream(StreamViewType.KEYS_ONLY)).build());
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Table already has an enabled stream: TableName: " + name,
                () -> client().updateTable(b -> b.tableName(name).streamSpecification(stream(StreamViewType.KEYS_ONLY))));
    }

    /** Disabling a stream that is not there: "Table has no stream to disable: TableName: X" (DDB-TABLE-050). */
    @Test
    void disablingAMissingStreamIsRefused() {
        String name = uniqueName("update-no-stream");
        createActive(client(), hashTable(name).build());
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Table has no stream to disable: TableName: " + name,
                () -> client().updateTable(b -> b.tableName(name).streamSpecification(disabled())));
    }

    /** Enabling a stream without a view type (DDB-TABLE-050). */
    @Test
    void enablingAStreamWithoutViewTypeIsRefused() {
        String name = uniqueName("update-stream-no-view");
        createActive(client(), hashTable(name).build());
        assertAwsError(DynamoDbException.class, "ValidationException",
                "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required",
                () -> client().updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(true))));
    }

    /** API_UpdateTable, BillingMode: an on-demand table switched to PROVISIONED with throughput. */
    @Test
    void switchingToProvisionedSetsTheThroughput() {
        String name = uniqueName("update-to-prov");
        createActive(client(), hashTable(name).build());
        client().updateTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(throughput(4, 6)));
        waitActive(name);
        TableDescription table = describe(name);
        assertEquals(BillingMode.PROVISIONED, table.billingModeSummary().billingMode());
        assertEquals(4L, table.provisionedThroughput().readCapacityUnits());
        assertEquals(6L, table.provisionedThroughput().writeCapacityUnits());
    }

    /** API_UpdateTable, BillingMode: a provisioned table switched to PAY_PER_REQUEST. */
    @Test
    void switchingToPayPerRequestIsDescribed() {
        String name = uniqueName("update-to-ppr");
        createActive(client(), hashTable(name).billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(1, 1))
                .build());
        client().updateTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST));
        waitActive(name);
        assertEquals(BillingMode.PAY_PER_REQUEST, describe(name).billingModeSummary().billingMode());
    }

    /** API_UpdateTable, ProvisionedThroughput: new read and write units of a provisioned table. */
    @Test
    void provisionedThroughputIsChanged() {
        String name = uniqueName("update-tp");
        createActive(client(), hashTable(name).billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(1, 1))
                .build());
        client().updateTable(b -> b.tableName(name).provisionedThroughput(throughput(10, 20)));
        waitActive(name);
        TableDescription table = describe(name);
        assertEquals(10L, table.provisionedThroughput().readCapacityUnits());
        assertEquals(20L, table.provisionedThroughput().writeCapacityUnits());
    }

    /** Same throughput again (dynalite test/updateTable.js, message recorded against AWS). */
    @Test
    void unchangedThroughputIsRefused() {
        String name = uniqueName("update-same-tp");
        createActive(client(), hashTable(name).billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(1, 1))
                .build());
        assertAwsError(DynamoDbException.class, "ValidationException",
                "The provisioned throughput for the table will not change. The requested value equals the current value."
                        + " Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1."
                        + " Current WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1."
                        + " Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
                () -> client().updateTable(b -> b.tableName(name).provisionedThroughput(throughput(1, 1))));
    }

    /** API_UpdateTable: throughput on an on-demand table (DDB-TABLE-442 live: val_pt_on_ppr). */
    @Test
    void throughputOnPayPerRequestTableIsRefused() {
        String name = uniqueName("update-ppr-tp");
        createActive(client(), hashTable(name).build());
        assertAwsError(DynamoDbException.class, "ValidationException",
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be"
                        + " specified when BillingMode is PAY_PER_REQUEST",
                () -> client().updateTable(b -> b.tableName(name).provisionedThroughput(throughput(2, 2))));
    }

    /** Switching to PROVISIONED without throughput (dynalite test/updateTable.js). */
    @Test
    void switchingToProvisionedWithoutThroughputIsRefused() {
        String name = uniqueName("update-prov-no-tp");
        createActive(client(), hashTable(name).build());
        assertAwsError(DynamoDbException.class, "ValidationException",
                "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is"
                        + " PROVISIONED",
                () -> client().updateTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)));
    }

    /** An UpdateTable that asks for nothing; AWS's list of members has grown over time, so the prefix is checked. */
    @Test
    void updateWithNothingToChangeIsRefused() {
        String name = uniqueName("update-nothing");
        createActive(client(), hashTable(name).build());
        DynamoDbException error = assertAwsError(DynamoDbException.class, "ValidationException",
                () -> client().updateTable(b -> b.tableName(name)));
        assertTrue(error.awsErrorDetails().errorMessage().startsWith(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates"),
                error.awsErrorDetails().errorMessage());
    }

    /** API_UpdateTable, ResourceNotFoundException (dynalite test/updateTable.js). */
    @Test
    void updatingAMissingTableAnswersResourceNotFound() {
        String name = uniqueName("update-missing");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: Table: " + name + " not found",
                () -> client().updateTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)));
    }

    /**
     * API_UpdateTable, GlobalSecondaryIndexUpdates Create; developer guide GSI.OnlineOps: "DynamoDB backfills
     * the index with existing items", then the index is ACTIVE and queryable.
     */
    @Test
    void createdGlobalSecondaryIndexIsBackfilledWithExistingItems() {
        String name = uniqueName("update-gsi-create");
        createActive(client(), hashTable(name).build());
        client().putItem(b -> b.tableName(name).item(item("pk", "a", "colour", "red")));
        client().putItem(b -> b.tableName(name).item(item("pk", "b", "colour", "blue")));
        client().putItem(b -> b.tableName(name).item(item("pk", "c", "colour", "red")));
        client().updateTable(b -> b.tableName(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("colour", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("by-colour").keySchema(key("colour", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()))));
        waitForIndex(name, "by-colour");
        List<Map<String, AttributeValue>> red = client().query(b -> b.tableName(name).indexName("by-colour")
                .keyConditionExpression("colour = :c").expressionAttributeValues(Map.of(":c", s("red")))).items();
        assertEquals(List.of("a", "c"), red.stream().map(i -> i.get("pk").s()).sorted().toList());
    }

    /** API_UpdateTable, GlobalSecondaryIndexUpdates Delete: the index disappears from the description. */
    @Test
    void deletedGlobalSecondaryIndexDisappears() {
        String name = uniqueName("update-gsi-delete");
        createActive(client(), hashTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("by-g").keySchema(key("g", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()))
                .build());
        client().updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("by-g"))));
        for (int i = 0; i < 300 && describe(name).hasGlobalSecondaryIndexes()
                && !describe(name).globalSecondaryIndexes().isEmpty(); i++) {
            pause();
        }
        TableDescription table = describe(name);
        assertTrue(!table.hasGlobalSecondaryIndexes() || table.globalSecondaryIndexes().isEmpty(),
                table.globalSecondaryIndexes().toString());
    }

    /** A Query on a deleted (or never created) index: ValidationException naming the missing index. */
    @Test
    void queryingADeletedIndexIsRefused() {
        String name = uniqueName("update-gsi-query");
        createActive(client(), hashTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("by-g").keySchema(key("g", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()))
                .build());
        client().updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("by-g"))));
        for (int i = 0; i < 300 && describe(name).hasGlobalSecondaryIndexes()
                && !describe(name).globalSecondaryIndexes().isEmpty(); i++) {
            pause();
        }
        assertAwsError(DynamoDbException.class, "ValidationException",
                "The table does not have the specified index: by-g",
                () -> client().query(b -> b.tableName(name).indexName("by-g").keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", s("x")))));
    }

    private static void waitForIndex(String table, String index) {
        for (int i = 0; i < 300; i++) {
            TableDescription description = describe(table);
            if (description.hasGlobalSecondaryIndexes()) {
                for (GlobalSecondaryIndexDescription gsi : description.globalSecondaryIndexes()) {
                    if (gsi.indexName().equals(index) && gsi.indexStatus() == IndexStatus.ACTIVE) {
                        return;
                    }
                }
            }
            pause();
        }
        fail("index " + index + " of " + table + " never became ACTIVE");
    }
}
