package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** OrderTotalsHandler against the DynamoDB engine, fed the real stream records of real writes. */
class OrderTotalsHandlerIT {

    private DynamoDbEngine ddb;
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;
    private StreamTail tail;
    private OrderTotalsHandler handler;

    @BeforeEach
    void start() {
        ddb = DynamoDbEngine.inMemory(0);
        dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
        streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1);
        WiringTables.load().create(dynamoDb, "StoreOrders", "OrderTotals", "AggregateLedger");
        tail = StreamTail.of(dynamoDb, "StoreOrders");
        handler = new OrderTotalsHandler(dynamoDb, "OrderTotals", "AggregateLedger");
    }

    @AfterEach
    void stop() {
        streams.close();
        dynamoDb.close();
        ddb.close();
    }

    @Test
    void handleRequest_keepsExactTotalsPerItem_throughInsertModifyMoveAndRemove() {
        order("o-1", "apple", "3", "0.10");
        order("o-2", "apple", "7", "19.99");
        order("o-3", "pear", "2", "0.333");
        assertNoFailures(deliver(tail.poll(streams)));
        assertTotals("apple", "10", "140.23", 2);
        assertTotals("pear", "2", "0.666", 1);

        dynamoDb.updateItem(b -> b.tableName("StoreOrders").key(id("o-1"))
                .updateExpression("SET quantity = :q").expressionAttributeValues(Map.of(":q", AttributeValue.fromN("4"))));
        order("o-3", "plum", "2", "0.333");
        dynamoDb.deleteItem(b -> b.tableName("StoreOrders").key(id("o-2")));
        assertNoFailures(deliver(tail.poll(streams)));

        assertTotals("apple", "4", "0.40", 1);
        assertTotals("plum", "2", "0.666", 1);
        assertFalse(rows().containsKey("pear"), "an item without orders has no row");
    }

    @Test
    void handleRequest_leavesTotalsUnchanged_whenTheSameBatchIsDeliveredTwice() {
        order("o-1", "apple", "1", "0.01");
        order("o-2", "apple", "2", "0.02");
        order("o-1", "fig", "3", "0.03");
        List<Record> batch = tail.poll(streams);
        assertNoFailures(deliver(batch));
        var rows = rows();

        assertNoFailures(deliver(batch));

        assertEquals(rows, rows());
        assertTotals("apple", "2", "0.04", 1);
        assertTotals("fig", "3", "0.09", 1);
    }

    @Test
    void handleRequest_leavesTotalsExact_whenTheFirstHalfIsDeliveredAgainBeforeTheWholeBatch() {
        for (int i = 0; i < 10; i++) {
            order("o-" + (i % 4), i % 3 == 0 ? "apple" : "kiwi", Integer.toString(i + 1), "1.05");
        }
        List<Record> batch = tail.poll(streams);

        assertNoFailures(deliver(batch.subList(0, 5)));
        assertNoFailures(deliver(batch.subList(0, 5)));
        assertNoFailures(deliver(batch));

        // Final orders: o-0 = #8 (kiwi 9), o-1 = #9 (apple 10), o-2 = #6 (apple 7), o-3 = #7 (kiwi 8).
        assertTotals("apple", "17", "17.85", 2);
        assertTotals("kiwi", "17", "17.85", 2);
    }

    @Test
    void handleRequest_reportsAnOrderWithoutPrice_andAppliesTheOrdersAroundItOnce() {
        order("o-1", "apple", "1", "2.50");
        dynamoDb.putItem(b -> b.tableName("StoreOrders").item(Map.of("id", AttributeValue.fromS("o-2"),
                "item", AttributeValue.fromS("apple"), "quantity", AttributeValue.fromN("5"))));
        order("o-3", "apple", "2", "2.50");
        List<Record> batch = tail.poll(streams);

        StreamsEventResponse response = deliver(batch);

        assertEquals(List.of(batch.get(1).dynamodb().sequenceNumber()), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertTotals("apple", "1", "2.50", 1);
        assertNoFailures(deliver(batch.subList(2, 3)));
        assertTotals("apple", "3", "7.50", 2);
    }

    private StreamsEventResponse deliver(List<Record> records) {
        return handler.handleRequest(LambdaEvents.fromJson(tail.eventJson(records), DynamodbEvent.class), null);
    }

    private void order(String id, String item, String quantity, String price) {
        dynamoDb.putItem(b -> b.tableName("StoreOrders").item(Map.of("id", AttributeValue.fromS(id),
                "item", AttributeValue.fromS(item), "quantity", AttributeValue.fromN(quantity),
                "price", AttributeValue.fromN(price))));
    }

    private static Map<String, AttributeValue> id(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private Map<String, Map<String, AttributeValue>> rows() {
        return TableScans.rows(dynamoDb, "OrderTotals", "item");
    }

    private void assertTotals(String item, String quantity, String revenue, int orders) {
        Map<String, AttributeValue> row = rows().get(item);
        assertTrue(row != null, () -> "no row for " + item + " in " + rows());
        assertEquals(0, new BigDecimal(quantity).compareTo(new BigDecimal(row.get("quantity").n())), () -> item + ": " + row);
        assertEquals(0, new BigDecimal(revenue).compareTo(new BigDecimal(row.get("revenue").n())), () -> item + ": " + row);
        assertEquals(0, BigDecimal.valueOf(orders).compareTo(new BigDecimal(row.get("orders").n())), () -> item + ": " + row);
    }

    private static void assertNoFailures(StreamsEventResponse response) {
        assertEquals(List.of(), response.getBatchItemFailures());
    }
}
