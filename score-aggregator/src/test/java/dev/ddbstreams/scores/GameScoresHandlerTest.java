package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.aggregate.IdempotentAggregator;
import dev.ddbstreams.aggregate.InMemoryAggregateStore;
import dev.ddbstreams.aggregate.LedgerEntry;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GameScoresHandlerTest {

    private final GameScoresView view = new GameScoresView();
    private final InMemoryAggregateStore store = new InMemoryAggregateStore(view);
    private final GameScoresHandler handler =
            new GameScoresHandler(new IdempotentAggregator(view, store, Clock.systemUTC()));

    @Test
    void handleRequest_addsTheScore_forTheSeedsSampleEvent() {
        DynamodbEvent event = LambdaEvents.load("/dynamodb/game-scores-seed-sample.json", DynamodbEvent.class);

        StreamsEventResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertScore("Jane Doe", "100", 1);
        LedgerEntry entry = store.ledgerEntry("GameScoreRecords#2").orElseThrow();
        assertEquals("111", entry.sequenceNumber().value());
    }

    @Test
    void handleRequest_appliesInsertModifyMoveAndRemove() {
        StreamsEventResponse response = handler.handleRequest(lifecycle(), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        // alice: record 1 (100 -> 120, then removed) + record 2 moved from bob (70); bob has no record left.
        assertScore("alice", "70", 1);
        assertScore("carol", "5", 1);
        assertEquals(List.of("alice", "carol"), List.copyOf(store.rows().keySet()));
    }

    @Test
    void handleRequest_appliesTheWholeBatchInOneTransaction_foldingTheChangesOfEachRecord() {
        handler.handleRequest(lifecycle(), null);

        // Six changes of three records: record 1's three fold into its REMOVE, record 2's two into its move.
        assertEquals(1, store.commits());
        assertEquals(List.of(3 + 2), store.transactionSizes()); // three ledger entries, rows alice and carol
    }

    @Test
    void handleRequest_reportsTheFirstRecordNotApplied_whenARefusedBatchFallsBackAndARecordIsRefusedToo() {
        store.refuseNextCommit(); // the batch's transaction
        store.beforeNextCommit(() -> { }); // record 998 on its own
        store.refuseNextCommit(); // record 999 on its own

        StreamsEventResponse response = handler.handleRequest(lifecycle(), null);

        assertEquals(List.of("999"), identifiers(response));
        assertScore("alice", "100", 1);
        assertTrue(!store.rows().containsKey("bob"));

        // Lambda checkpoints before 999 and delivers it and everything after it again.
        DynamodbEvent retry = lifecycle();
        retry.setRecords(retry.getRecords().subList(1, 6));
        assertEquals(List.of(), identifiers(handler.handleRequest(retry, null)));
        assertScore("alice", "70", 1);
        assertScore("carol", "5", 1);
    }

    @Test
    void handleRequest_leavesTotalsUnchanged_whenTheBatchIsDeliveredTwice() {
        handler.handleRequest(lifecycle(), null);
        var before = store.rows();
        int commits = store.commits();

        StreamsEventResponse again = handler.handleRequest(lifecycle(), null);

        assertEquals(List.of(), again.getBatchItemFailures());
        assertEquals(before, store.rows());
        assertEquals(commits, store.commits());
    }

    @Test
    void handleRequest_appliesEachRecordOnce_whenABisectedHalfWasDeliveredBeforeTheWholeBatch() {
        DynamodbEvent whole = lifecycle();
        DynamodbEvent firstHalf = lifecycle();
        firstHalf.setRecords(firstHalf.getRecords().subList(0, 3));

        handler.handleRequest(firstHalf, null);
        handler.handleRequest(firstHalf, null);
        StreamsEventResponse response = handler.handleRequest(whole, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertScore("alice", "70", 1);
        assertScore("carol", "5", 1);
    }

    @Test
    void handleRequest_ignoresAnOlderRecordDeliveredAgain_afterALaterOneWasApplied() {
        handler.handleRequest(lifecycle(), null);
        DynamodbEvent stale = lifecycle();
        // Record 2's INSERT (bob, 50, sequence 999) after its move to alice (sequence 1001) was applied.
        stale.setRecords(List.of(stale.getRecords().get(1), stale.getRecords().get(0)));

        assertEquals(List.of(), handler.handleRequest(stale, null).getBatchItemFailures());

        assertScore("alice", "70", 1);
        assertTrue(!store.rows().containsKey("bob"));
    }

    @Test
    void handleRequest_reportsTheMalformedRecord_andAppliesTheOthersOnceLambdaMovesPastIt() {
        DynamodbEvent batch = LambdaEvents.load("/dynamodb/game-scores-malformed-in-batch.json", DynamodbEvent.class);

        StreamsEventResponse response = handler.handleRequest(batch, null);

        assertEquals(List.of("2002"), identifiers(response));
        assertScore("alice", "10", 1);

        // Lambda retries from the reported record; once it gives up on it (on-failure destination), it
        // delivers the rest of the shard.
        DynamodbEvent rest = LambdaEvents.load("/dynamodb/game-scores-malformed-in-batch.json", DynamodbEvent.class);
        rest.setRecords(rest.getRecords().subList(1, 3));
        assertEquals(List.of("2002"), identifiers(handler.handleRequest(rest, null)));
        rest.setRecords(rest.getRecords().subList(1, 2));
        assertEquals(List.of(), identifiers(handler.handleRequest(rest, null)));
        assertScore("alice", "40", 2);
    }

    static Stream<Arguments> hostileRecords() {
        String keys = "\"Keys\": {\"RecordID\": {\"N\": \"7\"}}, \"SequenceNumber\": \"500\", \"StreamViewType\": \"NEW_IMAGE\"";
        return Stream.of(
                Arguments.of("no Username", "INSERT", keys + ", \"NewImage\": {\"RecordID\": {\"N\": \"7\"}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("Username a number", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"N\": \"7\"}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("Username empty", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"\"}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("Username NULL", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"NULL\": true}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("Username a map", "MODIFY", keys + ", \"NewImage\": {\"Username\": {\"M\": {\"S\": {\"S\": \"x\"}}}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("Username a list", "MODIFY", keys + ", \"NewImage\": {\"Username\": {\"L\": [{\"S\": \"x\"}]}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("Username beyond a partition key", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"" + "u".repeat(3000) + "\"}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("no Score", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Nickname\": {\"S\": \"n\"}}"),
                Arguments.of("Score a string", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"S\": \"100\"}}"),
                Arguments.of("Score NaN", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"NaN\"}}"),
                Arguments.of("Score Infinity", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"Infinity\"}}"),
                Arguments.of("Score beyond the exponent range", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"1e999\"}}"),
                Arguments.of("Score of 39 digits", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"123456789012345678901234567890123456789\"}}"),
                Arguments.of("Score a number set", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"NS\": [\"1\", \"2\"]}}"),
                Arguments.of("Score without a type", "INSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {}}"),
                Arguments.of("no NewImage on INSERT", "INSERT", keys),
                Arguments.of("no Keys", "REMOVE", "\"SequenceNumber\": \"500\""),
                Arguments.of("empty Keys", "REMOVE", "\"Keys\": {}, \"SequenceNumber\": \"500\""),
                Arguments.of("RecordID a string", "REMOVE", "\"Keys\": {\"RecordID\": {\"S\": \"7\"}}, \"SequenceNumber\": \"500\""),
                Arguments.of("RecordID from another table", "REMOVE", "\"Keys\": {\"id\": {\"S\": \"7\"}}, \"SequenceNumber\": \"500\""),
                Arguments.of("unknown eventName", "UPSERT", keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"1\"}}"),
                Arguments.of("no eventName", null, keys + ", \"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"1\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void handleRequest_reportsAHostileRecordAsItsOwnFailure_andWritesNothing(String description, String eventName,
            String dynamodb) {
        DynamodbEvent event = StreamEventJson.oneRecord("GameScoreRecords", eventName, dynamodb);

        StreamsEventResponse response = handler.handleRequest(event, null);

        assertEquals(List.of("500"), identifiers(response), description);
        assertTrue(store.rows().isEmpty(), description);
        assertTrue(store.ledgerEntry("GameScoreRecords#7").isEmpty(), description);
    }

    @Test
    void handleRequest_reportsTheRecordWithANonNumericSequenceNumber_byThatIdentifier() {
        DynamodbEvent event = StreamEventJson.oneRecord("GameScoreRecords", "INSERT",
                "\"Keys\": {\"RecordID\": {\"N\": \"7\"}}, \"SequenceNumber\": \"12ab\", "
                        + "\"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"1\"}}");

        assertEquals(List.of("12ab"), identifiers(handler.handleRequest(event, null)));
        assertTrue(store.rows().isEmpty());
    }

    @Test
    void handleRequest_failsTheWholeBatch_whenARecordHasNoSequenceNumberToReport() {
        DynamodbEvent event = StreamEventJson.oneRecord("GameScoreRecords", "INSERT",
                "\"Keys\": {\"RecordID\": {\"N\": \"7\"}}, "
                        + "\"NewImage\": {\"Username\": {\"S\": \"a\"}, \"Score\": {\"N\": \"1\"}}");

        StreamsEventResponse response = handler.handleRequest(event, null);

        // A null identifier is how a stream handler asks Lambda to retry (and bisect) the whole batch.
        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals(null, response.getBatchItemFailures().get(0).getItemIdentifier());
        assertTrue(store.rows().isEmpty());
    }

    @Test
    void handleRequest_succeedsWithNothingToDo_forEmptyAndRecordlessEvents() {
        assertEquals(List.of(), handler.handleRequest(LambdaEvents.fromJson("{\"Records\": []}", DynamodbEvent.class), null)
                .getBatchItemFailures());
        assertEquals(List.of(), handler.handleRequest(LambdaEvents.fromJson("{}", DynamodbEvent.class), null)
                .getBatchItemFailures());
        assertNotNull(handler.handleRequest(null, null).getBatchItemFailures());
    }

    private static DynamodbEvent lifecycle() {
        return LambdaEvents.load("/dynamodb/game-scores-lifecycle.json", DynamodbEvent.class);
    }

    private static List<String> identifiers(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private void assertScore(String user, String score, int records) {
        assertEquals(0, new BigDecimal(score).compareTo(store.amount(user, GameScoresView.SCORE)),
                () -> user + " Score " + store.amount(user, GameScoresView.SCORE));
        assertEquals(0, BigDecimal.valueOf(records).compareTo(store.amount(user, GameScoresView.RECORD_COUNT)),
                () -> user + " recordCount " + store.amount(user, GameScoresView.RECORD_COUNT));
    }
}
