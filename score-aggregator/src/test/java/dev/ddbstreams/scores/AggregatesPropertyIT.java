package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Property: whatever the delivery does (duplicates, bisected retries, stale records again and out of
 * order, container restarts, the database restarting mid-stream, shards applying concurrently), once the
 * streams are drained both views equal the truth recomputed from the source tables. Random but seeded:
 * a failure reproduces.
 */
class AggregatesPropertyIT {

    private static final long SEED = 20240501L;
    private static final int OPERATIONS_PER_TABLE = 300;
    private static final int ROUNDS = 10;
    private static final String[] TABLES =
            {"GameScoreRecords", "GameScoresByUser", "StoreOrders", "OrderTotals", "AggregateLedger"};

    @TempDir
    Path data;

    private boolean persisted;
    private DynamoDbEngine ddb;
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;

    private static final SimulatedMapping.Faults FAULTS = new SimulatedMapping.Faults(0.25, 0.25, 0.3, 0.1);

    @Test
    void views_equalTheTruth_underDuplicatesBisectedRetriesStaleRedeliveryAndRestarts() throws Exception {
        run(OPERATIONS_PER_TABLE, false, false);
    }

    @Test
    void views_equalTheTruth_whenShardsApplyConcurrentlyToTheSameRows() throws Exception {
        run(OPERATIONS_PER_TABLE / 2, true, false);
    }

    /** The DynamoDB engine persisted on disk and restarted mid-stream (slower per write, hence fewer writes). */
    @Test
    void views_equalTheTruth_whenTheDatabaseRestartsMidStream() throws Exception {
        run(OPERATIONS_PER_TABLE / 5, false, true);
    }

    private void run(int operationsPerTable, boolean parallel, boolean restartDatabase) throws Exception {
        Random random = new Random(SEED + operationsPerTable);
        long started = System.nanoTime();
        long delivering = 0;
        persisted = restartDatabase;
        start();
        try {
            WiringTables.load().create(dynamoDb, TABLES);
            StreamTail scoreRecords = StreamTail.of(dynamoDb, "GameScoreRecords");
            StreamTail storeOrders = StreamTail.of(dynamoDb, "StoreOrders");
            SimulatedMapping scores = new SimulatedMapping(this::gameScoresContainer, scoreRecords::eventJson, FAULTS, 3, 12, SEED);
            SimulatedMapping orders = new SimulatedMapping(this::orderTotalsContainer, storeOrders::eventJson, FAULTS, 3, 12, SEED + 1);
            SourceWriter writer = new SourceWriter(random);

            for (int round = 1; round <= ROUNDS; round++) {
                for (int i = 0; i < operationsPerTable / ROUNDS; i++) {
                    writer.changeGameScoreRecord(dynamoDb);
                    writer.changeStoreOrder(dynamoDb);
                }
                long t = System.nanoTime();
                scores.deliver(scoreRecords.poll(streams), parallel);
                orders.deliver(storeOrders.poll(streams), parallel);
                delivering += System.nanoTime() - t;
                if (restartDatabase && round == ROUNDS / 2) {
                    restart();
                    scores.restartAll();
                    orders.restartAll();
                }
            }
            // Drain whatever the last deliveries left (nothing, unless a record was retried past the end).
            scores.deliver(scoreRecords.poll(streams), parallel);
            orders.deliver(storeOrders.poll(streams), parallel);

            List<String> mismatches = new ArrayList<>();
            mismatches.addAll(compare(gameScoresTruth(), TableScans.rows(dynamoDb, "GameScoresByUser", "Username"),
                    "GameScoresByUser", List.of("Score", "recordCount")));
            mismatches.addAll(compare(orderTotalsTruth(), TableScans.rows(dynamoDb, "OrderTotals", "item"),
                    "OrderTotals", List.of("quantity", "revenue", "orders")));
            String report = "scores: " + scores.stats() + "; orders: " + orders.stats();
            System.out.println("AggregatesPropertyIT operations=" + operationsPerTable + " parallel=" + parallel
                    + " restartDatabase=" + restartDatabase + " ms=" + (System.nanoTime() - started) / 1_000_000
                    + " deliveringMs=" + delivering / 1_000_000 + " " + report + " mismatches=" + mismatches.size());

            assertEquals(List.of(), mismatches, report);
            for (SimulatedMapping.Stats stats : List.of(scores.stats(), orders.stats())) {
                assertEquals(0, stats.givenUp.get(), report);
                assertEquals(0, stats.failuresOnRedelivery.get(), report);
            }
            // The faults must actually have happened, or this test proves nothing.
            assertTrue(sum(scores, orders, s -> s.duplicateBatches) > 0, report);
            assertTrue(sum(scores, orders, s -> s.staleRedeliveries) > 0, report);
            assertTrue(sum(scores, orders, s -> s.bisectedHalves) > 0, report);
            assertTrue(sum(scores, orders, s -> s.restarts) > 0, report);
        } finally {
            stop();
        }
    }

    private static int sum(SimulatedMapping a, SimulatedMapping b,
            Function<SimulatedMapping.Stats, java.util.concurrent.atomic.AtomicInteger> counter) {
        return counter.apply(a.stats()).get() + counter.apply(b.stats()).get();
    }

    /** Truth per user: sum of Score and number of records, from a scan of GameScoreRecords. */
    private Map<String, Map<String, BigDecimal>> gameScoresTruth() {
        Map<String, Map<String, BigDecimal>> truth = new TreeMap<>();
        for (Map<String, AttributeValue> item : TableScans.scan(dynamoDb, "GameScoreRecords")) {
            Map<String, BigDecimal> row = truth.computeIfAbsent(item.get("Username").s(), u -> new TreeMap<>());
            row.merge("Score", new BigDecimal(item.get("Score").n()), BigDecimal::add);
            row.merge("recordCount", BigDecimal.ONE, BigDecimal::add);
        }
        return truth;
    }

    /** Truth per item: sums of quantity and quantity x price, and the number of orders, from StoreOrders. */
    private Map<String, Map<String, BigDecimal>> orderTotalsTruth() {
        Map<String, Map<String, BigDecimal>> truth = new TreeMap<>();
        for (Map<String, AttributeValue> order : TableScans.scan(dynamoDb, "StoreOrders")) {
            BigDecimal quantity = new BigDecimal(order.get("quantity").n());
            BigDecimal price = new BigDecimal(order.get("price").n());
            Map<String, BigDecimal> row = truth.computeIfAbsent(order.get("item").s(), i -> new TreeMap<>());
            row.merge("quantity", quantity, BigDecimal::add);
            row.merge("revenue", quantity.multiply(price), BigDecimal::add);
            row.merge("orders", BigDecimal.ONE, BigDecimal::add);
        }
        return truth;
    }

    private static List<String> compare(Map<String, Map<String, BigDecimal>> truth,
            Map<String, Map<String, AttributeValue>> rows, String table, List<String> attributes) {
        List<String> mismatches = new ArrayList<>();
        truth.forEach((group, expected) -> {
            Map<String, AttributeValue> row = rows.get(group);
            for (String attribute : attributes) {
                BigDecimal actual = row == null || !row.containsKey(attribute) ? null : new BigDecimal(row.get(attribute).n());
                if (actual == null || actual.compareTo(expected.get(attribute)) != 0) {
                    mismatches.add(table + "[" + group + "]." + attribute + " = " + actual + ", truth " + expected.get(attribute));
                }
            }
        });
        rows.forEach((group, row) -> {
            if (!truth.containsKey(group)) {
                mismatches.add(table + "[" + group + "] exists without any source item: " + row);
            }
        });
        return mismatches;
    }

    private Function<DynamodbEvent, StreamsEventResponse> gameScoresContainer() {
        GameScoresHandler handler = new GameScoresHandler(dynamoDb, "GameScoresByUser", "AggregateLedger");
        return event -> handler.handleRequest(event, null);
    }

    private Function<DynamodbEvent, StreamsEventResponse> orderTotalsContainer() {
        OrderTotalsHandler handler = new OrderTotalsHandler(dynamoDb, "OrderTotals", "AggregateLedger");
        return event -> handler.handleRequest(event, null);
    }

    private void start() {
        ddb = persisted ? DynamoDbEngine.start(0, data) : DynamoDbEngine.inMemory(0);
        dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
        streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1);
    }

    private void stop() {
        streams.close();
        dynamoDb.close();
        ddb.close();
    }

    private void restart() {
        stop();
        start();
    }

    /** Random writes to the source tables: inserts, updates (some moving the item), deletes. */
    private static final class SourceWriter {
        private static final String[] USERS = {"alice", "bob", "carol", "dave", "Émile", "李", "o'neil", "x y"};
        private static final String[] ITEMS = {"apple", "pear", "plum", "fig", "kiwi", "lime"};

        private final Random random;

        SourceWriter(Random random) {
            this.random = random;
        }

        void changeGameScoreRecord(DynamoDbClient dynamoDb) {
            Map<String, AttributeValue> key = Map.of("RecordID", AttributeValue.fromN(Integer.toString(1 + random.nextInt(60))));
            int choice = random.nextInt(10);
            if (choice < 5) {
                Map<String, AttributeValue> item = new java.util.HashMap<>(key);
                item.put("Username", AttributeValue.fromS(USERS[random.nextInt(USERS.length)]));
                item.put("Score", AttributeValue.fromN(score()));
                item.put("Nickname", AttributeValue.fromS("n" + random.nextInt(5)));
                dynamoDb.putItem(b -> b.tableName("GameScoreRecords").item(item));
            } else if (choice < 7) {
                update(dynamoDb, "GameScoreRecords", key, "Score", AttributeValue.fromN(score()));
            } else if (choice < 8) {
                update(dynamoDb, "GameScoreRecords", key, "Nickname", AttributeValue.fromS("n" + random.nextInt(5)));
            } else {
                dynamoDb.deleteItem(b -> b.tableName("GameScoreRecords").key(key));
            }
        }

        void changeStoreOrder(DynamoDbClient dynamoDb) {
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("o-" + random.nextInt(60)));
            int choice = random.nextInt(10);
            if (choice < 5) {
                Map<String, AttributeValue> order = new java.util.HashMap<>(key);
                order.put("item", AttributeValue.fromS(ITEMS[random.nextInt(ITEMS.length)]));
                order.put("quantity", AttributeValue.fromN(Integer.toString(1 + random.nextInt(20))));
                order.put("price", AttributeValue.fromN(price()));
                dynamoDb.putItem(b -> b.tableName("StoreOrders").item(order));
            } else if (choice < 7) {
                update(dynamoDb, "StoreOrders", key, "quantity", AttributeValue.fromN(Integer.toString(1 + random.nextInt(20))));
            } else if (choice < 8) {
                update(dynamoDb, "StoreOrders", key, "price", AttributeValue.fromN(price()));
            } else {
                dynamoDb.deleteItem(b -> b.tableName("StoreOrders").key(key));
            }
        }

        /** Updates an existing item only: an update of a missing key would create an item without the other attributes. */
        private static void update(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key,
                String attribute, AttributeValue value) {
            try {
                dynamoDb.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("SET #a = :v").conditionExpression("attribute_exists(#k)")
                        .expressionAttributeNames(Map.of("#a", attribute, "#k", key.keySet().iterator().next()))
                        .expressionAttributeValues(Map.of(":v", value)));
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException absent) {
                // Nothing to update: no stream record either.
            }
        }

        private String score() {
            return BigDecimal.valueOf(random.nextInt(2_001) - 500, random.nextInt(4) == 0 ? 1 : 0).toPlainString();
        }

        private String price() {
            return BigDecimal.valueOf(1 + random.nextInt(99_999), 2 + random.nextInt(2)).toPlainString();
        }
    }
}
