package dev.ddbstreams.aggregate;

import static dev.ddbstreams.aggregate.TestView.insert;
import static dev.ddbstreams.aggregate.TestView.modify;
import static dev.ddbstreams.aggregate.TestView.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link IdempotentAggregator#applyInBulk}: a batch in as few transactions as DynamoDB allows, with the
 * guarantees of the per-record path. The in-memory store enforces TransactWriteItems' 100-action and
 * one-action-per-item rules, as DynamoDB does.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html">TransactWriteItems</a>
 */
class BulkApplyTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final TestView view = new TestView();
    private final InMemoryAggregateStore store = new InMemoryAggregateStore(view);
    private final IdempotentAggregator aggregator =
            new IdempotentAggregator(view, store, Clock.fixed(NOW, ZoneOffset.UTC), 4, Duration.ZERO);

    @Test
    void bulk_foldsTheChangesOfOneItem_intoItsNewest_inOneTransaction() {
        BulkResult result = applyBatch(List.of(
                insert("a", "alice", "10", "1"),
                insert("b", "alice", "1", "2"),
                modify("a", "alice", "20", "3"),
                modify("a", "bob", "5", "4")));

        assertEquals(List.of(ApplyOutcome.FOLDED, ApplyOutcome.APPLIED, ApplyOutcome.FOLDED, ApplyOutcome.APPLIED),
                result.outcomes());
        assertFalse(result.failed());
        assertEquals(1, store.commits());
        assertEquals(List.of(2 + 2), store.transactionSizes()); // two ledger puts, two rows
        assertAmounts("alice", "1", "1");
        assertAmounts("bob", "5", "1");
        assertEquals(new SequenceNumber("4"), store.ledgerEntry("Things#a").orElseThrow().sequenceNumber());
    }

    @Test
    void bulk_appliesAMoveBetweenGroups_andTheReverseMove_inOneBatch() {
        applyBatch(List.of(insert("a", "alice", "10", "1"), insert("b", "bob", "7", "2"), insert("c", "bob", "1", "3")));

        BulkResult result = applyBatch(List.of(modify("a", "bob", "10", "4"), modify("b", "alice", "7", "5"),
                remove("c", "6")));

        assertEquals(List.of(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED, ApplyOutcome.APPLIED), result.outcomes());
        assertAmounts("alice", "7", "1");
        assertAmounts("bob", "10", "1");
        assertEquals(List.of(3 + 2, 3 + 2), store.transactionSizes());
    }

    @Test
    void bulk_writesNoRowUpdate_whenTheSummedDeltasOfARowCancelOut_andDeletesRowsLeftEmpty() {
        applyBatch(List.of(insert("a", "alice", "10", "1"), insert("b", "bob", "10", "2")));

        // a and b swap groups with equal amounts: both rows' sums are unchanged, only the ledger moves.
        applyBatch(List.of(modify("a", "bob", "10", "3"), modify("b", "alice", "10", "4")));
        assertEquals(2, store.transactionSizes().get(1));
        assertAmounts("alice", "10", "1");

        applyBatch(List.of(remove("a", "5"), remove("b", "6")));
        assertEquals(Map.of(), store.rows());
        assertEquals(List.of("alice", "bob"), store.deletedRows().stream().sorted().toList());
    }

    @Test
    void bulk_cutsTransactionsAtAHundredActions_whenABatchTouchesManyItemsAndRows() {
        List<SourceChange> batch = new ArrayList<>();
        for (int i = 1; i <= 130; i++) {
            batch.add(insert("i" + i, "g" + i, Integer.toString(i), Integer.toString(i))); // 260 actions in all
        }

        BulkResult result = applyBatch(batch);

        assertFalse(result.failed());
        assertTrue(store.transactionSizes().stream().allMatch(size -> size <= 100), store.transactionSizes()::toString);
        assertEquals(260, store.transactionSizes().stream().mapToInt(Integer::intValue).sum());
        assertEquals(3, store.commits());
        for (int i = 1; i <= 130; i++) {
            assertAmounts("g" + i, Integer.toString(i), "1");
        }
    }

    @Test
    void bulk_sharesRowUpdates_soThatAHundredAndFiftyItemsOfThreeGroupsTakeTwoTransactions() {
        List<SourceChange> batch = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            batch.add(insert("i" + i, "g" + (i % 3), "1", Integer.toString(i)));
        }

        applyBatch(batch);

        assertEquals(List.of(97 + 3, 53 + 3), store.transactionSizes());
        assertAmounts("g0", "50", "50");
    }

    @Test
    void bulk_changesNothing_whenTheSameBatchIsDeliveredAgain() {
        List<SourceChange> batch = List.of(insert("a", "alice", "10", "1"), modify("a", "alice", "12", "2"),
                insert("b", "bob", "3", "3"));
        applyBatch(batch);
        LedgerEntry before = store.ledgerEntry("Things#a").orElseThrow();
        int commits = store.commits();

        BulkResult again = applyBatch(batch);

        assertEquals(List.of(ApplyOutcome.SUPERSEDED, ApplyOutcome.DUPLICATE, ApplyOutcome.DUPLICATE), again.outcomes());
        assertEquals(commits, store.commits());
        assertEquals(before, store.ledgerEntry("Things#a").orElseThrow());
        assertAmounts("alice", "12", "1");
        assertAmounts("bob", "3", "1");
    }

    @Test
    void bulk_appliesOnlyTheNewerPart_whenABisectedHalfCameFirst() {
        List<SourceChange> batch = List.of(insert("a", "alice", "10", "1"), modify("a", "alice", "4", "2"),
                insert("b", "alice", "1", "3"));
        applyBatch(batch.subList(0, 1));

        BulkResult whole = applyBatch(batch);

        assertEquals(List.of(ApplyOutcome.DUPLICATE, ApplyOutcome.APPLIED, ApplyOutcome.APPLIED), whole.outcomes());
        assertAmounts("alice", "5", "2");
    }

    @Test
    void bulk_fallsBackRecordByRecord_whenAnotherWriterChangedALedgerEntryOfTheChunk() {
        applyBatch(List.of(insert("a", "alice", "10", "1")));
        List<SourceChange> batch = List.of(modify("a", "alice", "20", "3"), insert("b", "bob", "5", "4"));
        LedgerSnapshot snapshot = aggregator.readAhead(batch);
        // Another delivery of a's record 2 lands between the read-ahead and the chunk's transaction.
        store.beforeNextCommit(() -> {
            store.putLedger(LedgerEntry.live("Things#a", new SequenceNumber("2"), ChangeKind.MODIFY,
                    new Contribution("alice", Map.of("total", new BigDecimal("15"), "count", BigDecimal.ONE)), NOW));
            store.add("alice", Map.of("total", new BigDecimal("5")));
        });

        BulkResult result = aggregator.applyInBulk(batch, snapshot);

        assertEquals(List.of(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED), result.outcomes());
        assertAmounts("alice", "20", "1");
        assertAmounts("bob", "5", "1");
        assertEquals(1 + 1 + 2, store.commits()); // first batch, the cancelled chunk, then one per record
    }

    @Test
    void bulk_fallsBackRecordByRecord_whenTheChunkIsRefused() {
        store.refuseNextCommit();

        BulkResult result = applyBatch(List.of(insert("a", "alice", "10", "1"), modify("a", "alice", "11", "2")));

        // Record by record, in stream order: the folded record is applied on its own this time.
        assertEquals(List.of(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED), result.outcomes());
        assertAmounts("alice", "11", "1");
    }

    @Test
    void bulk_reportsTheFirstRecordNotApplied_whenTheFallbackFails_andARedeliveryFromThereConverges() {
        List<SourceChange> batch = List.of(insert("a", "alice", "10", "1"), insert("b", "bob", "5", "2"),
                modify("a", "alice", "20", "3"));
        store.refuseNextCommit(); // the chunk
        store.beforeNextCommit(() -> { }); // a@1 on its own
        store.refuseNextCommit(); // b@2 on its own

        BulkResult result = applyBatch(batch);

        assertTrue(result.failed());
        assertEquals(1, result.failedAt());
        assertInstanceOf(AggregateWriteException.class, result.failure());
        assertEquals(ApplyOutcome.APPLIED, result.outcomes().get(0));
        assertNull(result.outcomes().get(1));
        assertNull(result.outcomes().get(2));
        assertAmounts("alice", "10", "1");

        BulkResult redelivered = applyBatch(batch.subList(1, 3)); // Lambda retries from the reported record

        assertFalse(redelivered.failed());
        assertAmounts("alice", "20", "1");
        assertAmounts("bob", "5", "1");
    }

    @Test
    void bulk_takesOnlyTheRecordsBeforeTheFirstMalformedOne() {
        SourceChange malformed = new SourceChange(ChangeKind.INSERT, Map.of("id", AttributeValue.fromS("x")),
                Map.of("id", AttributeValue.fromS("x"), "group", AttributeValue.fromS("alice")), new SequenceNumber("2"));
        List<SourceChange> batch = List.of(insert("a", "alice", "10", "1"), malformed, insert("b", "bob", "5", "3"));

        BulkResult result = applyBatch(batch);

        assertEquals(1, result.handled());
        assertEquals(List.of(ApplyOutcome.APPLIED), result.outcomes());
        assertAmounts("alice", "10", "1");
        assertAmounts("bob", "0", "0");
    }

    @Test
    void bulk_leavesRecordsToThePerRecordPath_whenTheReadAheadDidNotCoverThem() {
        BulkResult result = aggregator.applyInBulk(List.of(insert("a", "alice", "10", "1")), LedgerSnapshot.empty());

        assertEquals(0, result.handled());
        assertEquals(0, store.commits());
    }

    @Test
    void bulk_equalsTheTruth_underRandomRedeliveryAndRefusedChunks() {
        Random random = new Random(20261205L);
        Map<String, String[]> items = new HashMap<>();
        List<SourceChange> stream = new ArrayList<>();
        String[] groups = {"alice", "bob", "carol", "dave", "erin"};
        for (int seq = 1; seq <= 3_000; seq++) {
            String id = "i" + random.nextInt(80);
            String sequence = Integer.toString(seq);
            if (!items.containsKey(id)) {
                String[] item = {groups[random.nextInt(groups.length)], decimal(random)};
                items.put(id, item);
                stream.add(insert(id, item[0], item[1], sequence));
            } else if (random.nextInt(4) == 0) {
                items.remove(id);
                stream.add(remove(id, sequence));
            } else {
                String[] item = {groups[random.nextInt(groups.length)], decimal(random)};
                items.put(id, item);
                stream.add(modify(id, item[0], item[1], sequence));
            }
        }

        int position = 0;
        while (position < stream.size()) {
            int end = Math.min(stream.size(), position + 1 + random.nextInt(150));
            List<SourceChange> batch = stream.subList(position, end);
            if (random.nextInt(5) == 0) {
                deliverUntilDone(batch.subList(0, (batch.size() + 1) / 2), random); // a bisected half first
            }
            deliverUntilDone(batch, random);
            if (random.nextInt(4) == 0) {
                deliverUntilDone(batch, random); // the same batch again
            }
            if (position > 0 && random.nextInt(4) == 0) {
                List<SourceChange> stale = new ArrayList<>(stream.subList(random.nextInt(position), position));
                Collections.shuffle(stale, random);
                deliverUntilDone(stale, random); // already-applied records again, out of order
            }
            position = end;
        }

        Map<String, Map<String, BigDecimal>> truth = new TreeMap<>();
        items.values().forEach(item -> {
            Map<String, BigDecimal> row = truth.computeIfAbsent(item[0], g -> new TreeMap<>());
            row.merge("total", new BigDecimal(item[1]), BigDecimal::add);
            row.merge("count", BigDecimal.ONE, BigDecimal::add);
        });
        assertEquals(normalised(truth), normalised(store.rows()));
        assertTrue(store.transactionSizes().stream().allMatch(size -> size <= 100));
    }

    /** Delivers a batch as Lambda does: from the reported record again until the whole batch succeeded. */
    private void deliverUntilDone(List<SourceChange> batch, Random random) {
        List<SourceChange> remaining = batch;
        for (int attempt = 0; attempt < 50 && !remaining.isEmpty(); attempt++) {
            for (int i = random.nextInt(3); i > 0; i--) {
                store.refuseNextCommit();
            }
            BulkResult result = applyBatch(remaining);
            remaining = result.failed() ? remaining.subList(result.failedAt(), remaining.size()) : List.of();
        }
        assertTrue(remaining.isEmpty(), "batch never completed");
    }

    private BulkResult applyBatch(List<SourceChange> batch) {
        return aggregator.applyInBulk(batch, aggregator.readAhead(batch));
    }

    private static String decimal(Random random) {
        return BigDecimal.valueOf(random.nextInt(200_001) - 100_000, random.nextInt(3)).toPlainString();
    }

    private void assertAmounts(String group, String total, String count) {
        assertEquals(0, new BigDecimal(total).compareTo(store.amount(group, "total")),
                () -> group + " total " + store.amount(group, "total"));
        assertEquals(0, new BigDecimal(count).compareTo(store.amount(group, "count")),
                () -> group + " count " + store.amount(group, "count"));
    }

    private static Map<String, Map<String, BigDecimal>> normalised(Map<String, Map<String, BigDecimal>> rows) {
        Map<String, Map<String, BigDecimal>> result = new TreeMap<>();
        rows.forEach((group, row) -> {
            if (row.values().stream().allMatch(amount -> amount.signum() == 0)) {
                return; // a zero row reads as no row
            }
            Map<String, BigDecimal> normal = new TreeMap<>();
            row.forEach((name, amount) -> normal.put(name, amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros()));
            result.put(group, normal);
        });
        return result;
    }
}
