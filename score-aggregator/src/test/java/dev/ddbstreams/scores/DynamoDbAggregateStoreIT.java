package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.aggregate.AggregateDeltas;
import dev.ddbstreams.aggregate.AggregateStore.CommitOutcome;
import dev.ddbstreams.aggregate.ApplyOutcome;
import dev.ddbstreams.aggregate.BulkResult;
import dev.ddbstreams.aggregate.ChangeKind;
import dev.ddbstreams.aggregate.Contribution;
import dev.ddbstreams.aggregate.DynamoDbAggregateStore;
import dev.ddbstreams.aggregate.GroupDelta;
import dev.ddbstreams.aggregate.IdempotentAggregator;
import dev.ddbstreams.aggregate.LedgerEntry;
import dev.ddbstreams.aggregate.LedgerSnapshot;
import dev.ddbstreams.aggregate.LedgerWrite;
import dev.ddbstreams.aggregate.SequenceNumber;
import dev.ddbstreams.aggregate.SourceChange;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.WiringTables;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The engine's DynamoDB semantics against the DynamoDB engine: conditions, cancellation reasons, batch reads. */
class DynamoDbAggregateStoreIT {

    private final GameScoresView view = new GameScoresView();
    private DynamoDbEngine ddb;
    private DynamoDbClient dynamoDb;
    private DynamoDbAggregateStore store;

    @BeforeEach
    void start() {
        ddb = DynamoDbEngine.inMemory(0);
        dynamoDb = LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
        WiringTables.load().create(dynamoDb, "GameScoresByUser", "AggregateLedger");
        store = new DynamoDbAggregateStore(dynamoDb, view, "GameScoresByUser", "AggregateLedger");
    }

    @AfterEach
    void stop() {
        dynamoDb.close();
        ddb.close();
    }

    @Test
    void commit_reportsLedgerChanged_andWritesNothing_whenTheEntryIsNotWhatWasRead() {
        LedgerEntry first = entry("1", "alice", "10");
        assertEquals(CommitOutcome.COMMITTED, store.commit(Optional.empty(), first, AggregateDeltas.between(null, first.contribution())));
        LedgerEntry second = entry("2", "bob", "20");
        List<GroupDelta> deltas = AggregateDeltas.between(first.contribution(), second.contribution());

        assertEquals(CommitOutcome.LEDGER_CHANGED, store.commit(Optional.empty(), second, deltas));
        assertEquals(CommitOutcome.LEDGER_CHANGED, store.commit(Optional.of(entry("0", "alice", "10")), second, deltas));

        assertEquals(new SequenceNumber("1"), store.readLedger("GameScoreRecords#7").orElseThrow().sequenceNumber());
        assertEquals(Map.of("alice", "10"), scores());
    }

    @Test
    void apply_correctsItself_whenTheReadAheadWasOvertakenByAnotherWriter() {
        IdempotentAggregator aggregator = new IdempotentAggregator(view, store, Clock.systemUTC());
        aggregator.apply(change(ChangeKind.INSERT, "alice", "100", "1"));
        SourceChange late = change(ChangeKind.MODIFY, "carol", "9", "3");
        LedgerSnapshot readAhead = aggregator.readAhead(List.of(late));
        aggregator.apply(change(ChangeKind.MODIFY, "bob", "40", "2")); // another container got there first

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(late, readAhead));

        assertEquals(Map.of("carol", "9"), scores());
    }

    @Test
    void commitAll_writesNothing_whenOneLedgerEntryOfTheTransactionIsNotWhatWasRead() {
        LedgerEntry first = entry("1", "alice", "10");
        store.commit(Optional.empty(), first, AggregateDeltas.between(null, first.contribution()));
        LedgerEntry other = LedgerEntry.live("GameScoreRecords#8", new SequenceNumber("2"), ChangeKind.INSERT,
                new Contribution("bob", Map.of("Score", new BigDecimal("5"), "recordCount", BigDecimal.ONE)), Instant.now());

        // The second ledger Put expects no entry for #7, but there is one: the whole transaction is refused.
        CommitOutcome outcome = store.commitAll(List.of(new LedgerWrite(Optional.empty(), other),
                new LedgerWrite(Optional.empty(), entry("3", "alice", "30"))),
                List.of(new GroupDelta("bob", Map.of("Score", new BigDecimal("5"), "recordCount", BigDecimal.ONE), false)));

        assertEquals(CommitOutcome.LEDGER_CHANGED, outcome);
        assertEquals(Optional.empty(), store.readLedger("GameScoreRecords#8"));
        assertEquals(Map.of("alice", "10"), scores());
    }

    @Test
    void commitAll_isRefusedByDynamoDb_beyondAHundredActions_soTheAggregatorCutsChunks() {
        List<LedgerWrite> writes = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            writes.add(new LedgerWrite(Optional.empty(), LedgerEntry.live("GameScoreRecords#" + i, new SequenceNumber("1"),
                    ChangeKind.INSERT, new Contribution("alice", Map.of("Score", BigDecimal.ONE)), Instant.now())));
        }
        // AWS: "The entire transaction request ... can contain up to 100 unique items" (ValidationException).
        assertThrows(DynamoDbException.class, () -> store.commitAll(writes, List.of()));
    }

    @Test
    void applyInBulk_cutsABatchOfManyItemsAndRowsIntoTransactionsDynamoDbAccepts() {
        IdempotentAggregator aggregator = new IdempotentAggregator(view, store, Clock.systemUTC());
        List<SourceChange> batch = new ArrayList<>();
        Map<String, String> expected = new java.util.TreeMap<>();
        for (int i = 1; i <= 130; i++) { // 130 ledger puts + 130 rows: three transactions
            batch.add(change(ChangeKind.INSERT, Integer.toString(i), "user" + i, Integer.toString(i), Integer.toString(i)));
            expected.put("user" + i, Integer.toString(i));
        }
        batch.add(change(ChangeKind.MODIFY, "1", "user2", "5", "131")); // folds into record 1's item: a move

        BulkResult result = aggregator.applyInBulk(batch, aggregator.readAhead(batch));

        assertFalse(result.failed());
        assertEquals(ApplyOutcome.FOLDED, result.outcomes().get(0));
        expected.remove("user1");
        expected.put("user2", "7");
        assertEquals(expected, scores());
        assertEquals(new SequenceNumber("131"), store.readLedger("GameScoreRecords#1").orElseThrow().sequenceNumber());

        BulkResult again = aggregator.applyInBulk(batch, aggregator.readAhead(batch));
        assertTrue(again.outcomes().stream().noneMatch(outcome -> outcome == ApplyOutcome.APPLIED));
        assertEquals(expected, scores());
    }

    @Test
    void readLedgers_readsMoreThanOneRequestHolds_andReportsAbsentEntries() {
        IdempotentAggregator aggregator = new IdempotentAggregator(view, store, Clock.systemUTC());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            keys.add("GameScoreRecords#" + i);
        }
        aggregator.apply(change(ChangeKind.INSERT, "alice", "1", "5"));

        var entries = store.readLedgers(keys);

        assertEquals(150, entries.size());
        assertTrue(entries.get("GameScoreRecords#7").isPresent());
        assertEquals(Optional.empty(), entries.get("GameScoreRecords#8"));
    }

    @Test
    void deleteIfEmpty_deletesOnlyRowsWhoseSumsAreAllZero() {
        add("zero", "0.1", 1);
        add("zero", "0.2", 1);
        add("zero", "-0.3", -2); // the sums cancel out exactly: the condition compares numbers
        add("used", "0", 1);

        assertTrue(store.deleteIfEmpty("zero"));
        assertFalse(store.deleteIfEmpty("used"));
        assertFalse(store.deleteIfEmpty("absent"));

        assertEquals(Map.of("used", "0"), scores());
    }

    private void add(String user, String score, int records) {
        dynamoDb.updateItem(b -> b.tableName("GameScoresByUser").key(Map.of("Username", AttributeValue.fromS(user)))
                .updateExpression("ADD Score :s, recordCount :c")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromN(score),
                        ":c", AttributeValue.fromN(Integer.toString(records)))));
    }

    private Map<String, String> scores() {
        Map<String, String> scores = new java.util.TreeMap<>();
        TableScans.rows(dynamoDb, "GameScoresByUser", "Username").forEach((user, row) ->
                scores.put(user, new BigDecimal(row.get("Score").n()).stripTrailingZeros().toPlainString()));
        return scores;
    }

    private static SourceChange change(ChangeKind kind, String user, String score, String sequence) {
        return change(kind, "7", user, score, sequence);
    }

    private static SourceChange change(ChangeKind kind, String recordId, String user, String score, String sequence) {
        return new SourceChange(kind, Map.of("RecordID", AttributeValue.fromN(recordId)),
                Map.of("RecordID", AttributeValue.fromN(recordId), "Username", AttributeValue.fromS(user),
                        "Score", AttributeValue.fromN(score)), new SequenceNumber(sequence));
    }

    private static LedgerEntry entry(String sequence, String user, String score) {
        return LedgerEntry.live("GameScoreRecords#7", new SequenceNumber(sequence), ChangeKind.INSERT,
                new Contribution(user, Map.of("Score", new BigDecimal(score), "recordCount", BigDecimal.ONE)),
                Instant.now());
    }
}
