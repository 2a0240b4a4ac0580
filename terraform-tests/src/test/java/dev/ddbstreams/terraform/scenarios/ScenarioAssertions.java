package dev.ddbstreams.terraform.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Scenario rows of DESIGN.md section 2 whose effect is visible in the tables, checked against any
 * {@link Deployment}. Every run uses fresh ids, so a deployment that already holds data is fine.
 * Waiting is polling until a deadline (streams and queues are asynchronous), never a timed assertion.
 */
public final class ScenarioAssertions {

    private static final Duration POLL = Duration.ofMillis(250);

    private final Deployment deployment;
    private final Duration patience;

    /**
     * @param deployment what to drive
     * @param patience how long one asynchronous effect may take (a cold Java Lambda in an emulator takes a while)
     */
    public ScenarioAssertions(Deployment deployment, Duration patience) {
        this.deployment = deployment;
        this.patience = patience;
    }

    /** Rows 2 and 3: a note written to the table gets its word count, whitespace runs and tabs counted right. */
    public void notesAreWordCounted() {
        String table = deployment.table("notes");
        String id = "it-" + UUID.randomUUID();
        deployment.dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "id", s(id),
                "title", s("Count me"),
                "content", s("Lorem  ipsum\tdolor sit\n amet"),
                "createdAt", s(Instant.now().toString()))));

        BigDecimal wordCount = await("wordCount on note " + id + " in " + table,
                () -> number(item(table, Map.of("id", s(id))), "wordCount"));

        assertEquals(0, BigDecimal.valueOf(5).compareTo(wordCount), "words in the note: " + wordCount);
    }

    /** Row 6: store orders are totalled per item, exactly once each. */
    public void storeOrdersAreTotalledPerItem() {
        String orders = deployment.table("StoreOrders");
        String totals = deployment.table("OrderTotals");
        String item = "widget-" + UUID.randomUUID();
        putOrder(orders, item, 2, "3");
        putOrder(orders, item, 1, "4.5");

        Map<String, AttributeValue> total = await("OrderTotals[" + item + "] after 2 orders",
                () -> item(totals, Map.of("item", s(item))).filter(row -> equalsNumber(row, "orders", "2")));

        assertEquals(0, new BigDecimal("3").compareTo(new BigDecimal(total.get("quantity").n())), total::toString);
        assertEquals(0, new BigDecimal("10.5").compareTo(new BigDecimal(total.get("revenue").n())), total::toString);
    }

    /** Row 8: each user's score is the sum over their current records, through inserts, modifies and removes. */
    public void gameScoresAreSummedPerUser() {
        String records = deployment.table("GameScoreRecords");
        String byUser = deployment.table("GameScoresByUser");
        String user = "player-" + UUID.randomUUID();
        long first = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);

        putScore(records, first, user, 10);
        putScore(records, first + 1, user, 20);
        putScore(records, first + 2, user, 5);
        awaitScore(byUser, user, 35);

        putScore(records, first + 1, user, 25);
        awaitScore(byUser, user, 40);

        deployment.dynamoDb().deleteItem(b -> b.tableName(records).key(Map.of("RecordID", n(first + 2))));
        awaitScore(byUser, user, 35);
    }

    private void putOrder(String table, String item, int quantity, String price) {
        deployment.dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "id", s(UUID.randomUUID().toString()),
                "item", s(item),
                "quantity", AttributeValue.fromN(Integer.toString(quantity)),
                "price", AttributeValue.fromN(price))));
    }

    private void putScore(String table, long recordId, String user, int score) {
        deployment.dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "RecordID", n(recordId),
                "Username", s(user),
                "Score", AttributeValue.fromN(Integer.toString(score)),
                "Nickname", s("Nick"))));
    }

    private void awaitScore(String table, String user, int expected) {
        await("GameScoresByUser[" + user + "].Score = " + expected,
                () -> item(table, Map.of("Username", s(user))).filter(row -> equalsNumber(row, "Score", Integer.toString(expected))));
    }

    private Optional<Map<String, AttributeValue>> item(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = deployment.dynamoDb()
                .getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static Optional<BigDecimal> number(Optional<Map<String, AttributeValue>> item, String attribute) {
        return item.map(row -> row.get(attribute)).filter(value -> value.n() != null).map(value -> new BigDecimal(value.n()));
    }

    private static boolean equalsNumber(Map<String, AttributeValue> row, String attribute, String expected) {
        AttributeValue value = row.get(attribute);
        return value != null && value.n() != null && new BigDecimal(value.n()).compareTo(new BigDecimal(expected)) == 0;
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                return fail("gave up after " + patience.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted waiting for " + what);
            }
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
