package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.aggregate.IdempotentAggregator;
import dev.ddbstreams.aggregate.InMemoryAggregateStore;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderTotalsHandlerTest {

    private final OrderTotalsView view = new OrderTotalsView();
    private final InMemoryAggregateStore store = new InMemoryAggregateStore(view);
    private final OrderTotalsHandler handler =
            new OrderTotalsHandler(new IdempotentAggregator(view, store, Clock.systemUTC()));

    @Test
    void handleRequest_keepsQuantityRevenueAndOrderCountPerItem_throughInsertModifyMoveAndRemove() {
        StreamsEventResponse response = handler.handleRequest(lifecycle(), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        // apple: o-1 (3 -> 4 x 0.10), o-2 (7 x 19.99) removed; pear: o-3 moved to plum.
        assertTotals("apple", "4", "0.40", 1);
        assertTotals("plum", "2", "0.666", 1);
        assertEquals(List.of("apple", "plum"), List.copyOf(store.rows().keySet()));
    }

    @Test
    void handleRequest_leavesTotalsUnchanged_whenTheBatchIsDeliveredTwice() {
        handler.handleRequest(lifecycle(), null);
        var before = store.rows();

        assertEquals(List.of(), handler.handleRequest(lifecycle(), null).getBatchItemFailures());

        assertEquals(before, store.rows());
    }

    @Test
    void handleRequest_appliesEachRecordOnce_whenABisectedHalfWasDeliveredBeforeTheWholeBatch() {
        DynamodbEvent firstHalf = lifecycle();
        firstHalf.setRecords(firstHalf.getRecords().subList(0, 3));

        handler.handleRequest(firstHalf, null);
        handler.handleRequest(lifecycle(), null);

        assertTotals("apple", "4", "0.40", 1);
        assertTotals("plum", "2", "0.666", 1);
    }

    @Test
    void handleRequest_reportsTheMalformedRecord_andAppliesTheOnesBeforeIt() {
        DynamodbEvent batch = LambdaEvents.load("/dynamodb/store-orders-malformed-in-batch.json", DynamodbEvent.class);

        StreamsEventResponse response = handler.handleRequest(batch, null);

        assertEquals(List.of("5000000000000000000002"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertTotals("apple", "1", "2.50", 1);
    }

    static Stream<Arguments> hostileRecords() {
        String keys = "\"Keys\": {\"id\": {\"S\": \"o-7\"}}, \"SequenceNumber\": \"700\"";
        return Stream.of(
                Arguments.of("no item", keys + ", \"NewImage\": {\"quantity\": {\"N\": \"1\"}, \"price\": {\"N\": \"1\"}}"),
                Arguments.of("item a number", keys + ", \"NewImage\": {\"item\": {\"N\": \"1\"}, \"quantity\": {\"N\": \"1\"}, \"price\": {\"N\": \"1\"}}"),
                Arguments.of("no quantity", keys + ", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"price\": {\"N\": \"1\"}}"),
                Arguments.of("quantity a string", keys + ", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"S\": \"two\"}, \"price\": {\"N\": \"1\"}}"),
                Arguments.of("no price", keys + ", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"N\": \"1\"}}"),
                Arguments.of("price NaN", keys + ", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"N\": \"1\"}, \"price\": {\"N\": \"NaN\"}}"),
                Arguments.of("price a boolean", keys + ", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"N\": \"1\"}, \"price\": {\"BOOL\": true}}"),
                Arguments.of("revenue beyond 38 digits", keys + ", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"N\": \"99999999999999999999\"}, \"price\": {\"N\": \"99999999999999999999\"}}"),
                Arguments.of("id a number", "\"Keys\": {\"id\": {\"N\": \"7\"}}, \"SequenceNumber\": \"700\", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"N\": \"1\"}, \"price\": {\"N\": \"1\"}}"),
                Arguments.of("id empty", "\"Keys\": {\"id\": {\"S\": \"\"}}, \"SequenceNumber\": \"700\", \"NewImage\": {\"item\": {\"S\": \"a\"}, \"quantity\": {\"N\": \"1\"}, \"price\": {\"N\": \"1\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void handleRequest_reportsAHostileRecordAsItsOwnFailure_andWritesNothing(String description, String dynamodb) {
        StreamsEventResponse response = handler.handleRequest(
                StreamEventJson.oneRecord("StoreOrders", "INSERT", dynamodb), null);

        assertEquals(List.of("700"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList(), description);
        assertTrue(store.rows().isEmpty(), description);
        assertTrue(store.ledgerEntry("StoreOrders#o-7").isEmpty(), description);
    }

    private static DynamodbEvent lifecycle() {
        return LambdaEvents.load("/dynamodb/store-orders-lifecycle.json", DynamodbEvent.class);
    }

    private void assertTotals(String item, String quantity, String revenue, int orders) {
        assertEquals(0, new BigDecimal(quantity).compareTo(store.amount(item, OrderTotalsView.QUANTITY)),
                () -> item + " quantity " + store.amount(item, OrderTotalsView.QUANTITY));
        assertEquals(0, new BigDecimal(revenue).compareTo(store.amount(item, OrderTotalsView.REVENUE)),
                () -> item + " revenue " + store.amount(item, OrderTotalsView.REVENUE));
        assertEquals(0, BigDecimal.valueOf(orders).compareTo(store.amount(item, OrderTotalsView.ORDERS)),
                () -> item + " orders " + store.amount(item, OrderTotalsView.ORDERS));
    }
}
