package dev.ddbstreams.aggregate;

import static dev.ddbstreams.aggregate.TestView.insert;
import static dev.ddbstreams.aggregate.TestView.modify;
import static dev.ddbstreams.aggregate.TestView.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

class IdempotentAggregatorTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final TestView view = new TestView();
    private final InMemoryAggregateStore store = new InMemoryAggregateStore(view);
    private final IdempotentAggregator aggregator =
            new IdempotentAggregator(view, store, Clock.fixed(NOW, ZoneOffset.UTC), 4, Duration.ZERO);

    @Test
    void aggregate_addsContribution_whenItemIsInserted() {
        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(insert("a", "alice", "100", "1")));
        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(insert("b", "alice", "0.5", "2")));

        assertAmounts("alice", "100.5", "2");
    }

    @Test
    void aggregate_appliesTheDifference_whenItemIsModifiedWithinItsGroup() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(insert("b", "alice", "7", "2"));

        aggregator.apply(modify("a", "alice", "80", "3"));

        assertAmounts("alice", "87", "2");
    }

    @Test
    void aggregate_changesTwoRows_whenItemMovesToAnotherGroup() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(insert("b", "alice", "5", "2"));

        aggregator.apply(modify("a", "bob", "30", "3"));

        assertAmounts("alice", "5", "1");
        assertAmounts("bob", "30", "1");
    }

    @Test
    void aggregate_subtractsAndLeavesTombstone_whenItemIsRemoved() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(insert("b", "alice", "5", "2"));

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(remove("a", "3")));

        assertAmounts("alice", "5", "1");
        LedgerEntry tombstone = store.ledgerEntry("Things#a").orElseThrow();
        assertTrue(tombstone.isTombstone());
        assertEquals(new SequenceNumber("3"), tombstone.sequenceNumber());
        assertEquals(NOW.plus(Duration.ofHours(48)), tombstone.expiresAt());
    }

    @Test
    void aggregate_deletesTheRow_whenItsLastContributorLeaves() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(insert("b", "bob", "1", "2"));

        aggregator.apply(modify("b", "alice", "1", "3"));
        aggregator.apply(remove("a", "4"));

        assertEquals(Map.of("alice", Map.of("total", new BigDecimal("1"), "count", BigDecimal.ONE)),
                normalised(store.rows()));
        assertEquals(List.of("bob"), store.deletedRows());
    }

    @Test
    void aggregate_appliesNothing_whenTheSameRecordIsDeliveredAgain() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(modify("a", "alice", "150", "2"));
        int commits = store.commits();

        assertEquals(ApplyOutcome.DUPLICATE, aggregator.apply(modify("a", "alice", "150", "2")));
        assertEquals(ApplyOutcome.DUPLICATE, aggregator.apply(modify("a", "alice", "150", "0002")));

        assertAmounts("alice", "150", "1");
        assertEquals(commits, store.commits());
    }

    @Test
    void aggregate_ignoresAnOlderRecord_deliveredAgainAfterALaterOneWasApplied() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(modify("a", "bob", "40", "2"));

        assertEquals(ApplyOutcome.SUPERSEDED, aggregator.apply(insert("a", "alice", "100", "1")));

        assertAmounts("bob", "40", "1");
        assertFalse(store.rows().containsKey("alice"));
    }

    @Test
    void aggregate_ignoresAnOlderInsert_deliveredAgainAfterTheRemove() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        aggregator.apply(remove("a", "2"));

        assertEquals(ApplyOutcome.SUPERSEDED, aggregator.apply(insert("a", "alice", "100", "1")));

        assertTrue(store.rows().isEmpty());
    }

    @Test
    void aggregate_ordersSequenceNumbersNumerically_notAsText() {
        aggregator.apply(insert("a", "alice", "1", "999"));
        aggregator.apply(modify("a", "alice", "2", "1000"));

        // As text "999" > "1000": a text comparison would apply this stale record again.
        assertEquals(ApplyOutcome.SUPERSEDED, aggregator.apply(insert("a", "alice", "1", "999")));

        assertAmounts("alice", "2", "1");
    }

    @Test
    void aggregate_countsTheItemAgain_whenItIsRecreatedAfterItsRemoval() {
        aggregator.apply(insert("a", "alice", "10", "1"));
        aggregator.apply(remove("a", "2"));

        aggregator.apply(insert("a", "carol", "3", "3"));

        assertAmounts("carol", "3", "1");
        LedgerEntry entry = store.ledgerEntry("Things#a").orElseThrow();
        assertFalse(entry.isTombstone());
        assertEquals(null, entry.expiresAt());
    }

    @Test
    void aggregate_advancesOnlyTheLedger_whenNoAggregatedAttributeChanged() {
        aggregator.apply(insert("a", "alice", "10", "1"));
        Map<String, Map<String, BigDecimal>> before = store.rows();

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(modify("a", "alice", "10.0", "2")));

        assertEquals(before, store.rows());
        assertEquals(new SequenceNumber("2"), store.ledgerEntry("Things#a").orElseThrow().sequenceNumber());
    }

    @Test
    void aggregate_leavesATombstoneOnly_whenAnItemItNeverSawIsRemoved() {
        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(remove("old", "5")));

        assertTrue(store.rows().isEmpty());
        assertTrue(store.ledgerEntry("Things#old").orElseThrow().isTombstone());
        assertEquals(ApplyOutcome.SUPERSEDED, aggregator.apply(insert("old", "alice", "1", "4")));
    }

    @Test
    void aggregate_readsAgain_whenAnotherWriterChangedTheLedgerBetweenReadAndCommit() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        // Between our read (sequence 1) and our commit, another writer applies sequence 2: alice -> bob 30.
        store.beforeNextCommit(() -> {
            store.putLedger(LedgerEntry.live("Things#a", new SequenceNumber("2"), ChangeKind.MODIFY,
                    new Contribution("bob", Map.of("total", new BigDecimal("30"), "count", BigDecimal.ONE)), NOW));
            store.add("alice", Map.of("total", new BigDecimal("-100"), "count", BigDecimal.ONE.negate()));
            store.add("bob", Map.of("total", new BigDecimal("30"), "count", BigDecimal.ONE));
        });

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(modify("a", "carol", "7", "3")));

        // Computed from what we first read, we would have subtracted 100 from alice again and left bob at 30.
        assertAmounts("alice", "0", "0");
        assertAmounts("bob", "0", "0");
        assertAmounts("carol", "7", "1");
    }

    @Test
    void aggregate_reportsDuplicate_whenAConcurrentDeliveryAppliedTheSameRecordFirst() {
        aggregator.apply(insert("a", "alice", "100", "1"));
        store.beforeNextCommit(() -> {
            store.putLedger(LedgerEntry.live("Things#a", new SequenceNumber("2"), ChangeKind.MODIFY,
                    new Contribution("alice", Map.of("total", new BigDecimal("120"), "count", BigDecimal.ONE)), NOW));
            store.add("alice", Map.of("total", new BigDecimal("20")));
        });

        assertEquals(ApplyOutcome.DUPLICATE, aggregator.apply(modify("a", "alice", "120", "2")));

        assertAmounts("alice", "120", "1");
    }

    @Test
    void aggregate_triesAgain_whenTheTransactionIsContended() {
        store.contendNextCommit().contendNextCommit();

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(insert("a", "alice", "100", "1")));

        assertAmounts("alice", "100", "1");
        assertEquals(3, store.commits());
    }

    @Test
    void aggregate_failsWithoutApplying_whenContentionPersists() {
        for (int i = 0; i < 4; i++) {
            store.contendNextCommit();
        }

        AggregateWriteException e = assertThrows(AggregateWriteException.class,
                () -> aggregator.apply(insert("a", "alice", "100", "1")));

        assertTrue(e.getMessage().contains("Things#a"), e.getMessage());
        assertTrue(store.rows().isEmpty());
        assertTrue(store.ledgerEntry("Things#a").isEmpty());
    }

    @Test
    void aggregate_fails_whenDynamoDbRefusesTheWrite_andAppliesOnceWhenDeliveredAgain() {
        store.refuseNextCommit();

        assertThrows(AggregateWriteException.class, () -> aggregator.apply(insert("a", "alice", "100", "1")));
        assertTrue(store.rows().isEmpty());

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(insert("a", "alice", "100", "1")));
        assertEquals(ApplyOutcome.DUPLICATE, aggregator.apply(insert("a", "alice", "100", "1")));
        assertAmounts("alice", "100", "1");
    }

    @Test
    void aggregate_rejectsAMalformedImage_withoutTouchingLedgerOrRows() {
        aggregator.apply(insert("a", "alice", "100", "1"));

        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> aggregator.apply(
                new SourceChange(ChangeKind.MODIFY, Map.of("id", AttributeValue.fromS("a")),
                        Map.of("id", AttributeValue.fromS("a"), "group", AttributeValue.fromS("alice"),
                                "value", AttributeValue.fromS("lots")), new SequenceNumber("2"))));

        assertEquals("NewImage attribute value must be of type N, was S", e.getMessage());
        assertAmounts("alice", "100", "1");
        assertEquals(new SequenceNumber("1"), store.ledgerEntry("Things#a").orElseThrow().sequenceNumber());
        // The item's last valid contribution still counts, and the next valid change corrects from it.
        aggregator.apply(modify("a", "alice", "60", "3"));
        assertAmounts("alice", "60", "1");
    }

    @Test
    void aggregate_rejectsAnInsertWithoutNewImage_namingTheViewTypeItNeeds() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> aggregator.apply(
                new SourceChange(ChangeKind.INSERT, Map.of("id", AttributeValue.fromS("a")), null,
                        new SequenceNumber("1"))));

        assertTrue(e.getMessage().contains("NEW_IMAGE"), e.getMessage());
        assertEquals(0, store.commits());
    }

    @Test
    void aggregate_decidesDuplicatesFromTheReadAhead_withoutReadingEachEntry() {
        List<SourceChange> batch = List.of(insert("a", "alice", "1", "1"), insert("b", "bob", "2", "2"),
                modify("a", "alice", "3", "3"));
        LedgerSnapshot first = aggregator.readAhead(batch);
        batch.forEach(change -> aggregator.apply(change, first));
        int singleReads = store.singleReads();

        LedgerSnapshot again = aggregator.readAhead(batch);
        for (SourceChange change : batch) {
            assertTrue(aggregator.apply(change, again) != ApplyOutcome.APPLIED);
        }

        assertEquals(singleReads, store.singleReads());
        assertEquals(0, singleReads, "the first pass read ahead too, and remembered its own commits");
        assertAmounts("alice", "3", "1");
        assertAmounts("bob", "2", "1");
    }

    @Test
    void aggregate_readsAgain_whenTheReadAheadIsOlderThanTheLedger() {
        List<SourceChange> batch = List.of(modify("a", "carol", "9", "3"));
        aggregator.apply(insert("a", "alice", "100", "1"));
        LedgerSnapshot stale = aggregator.readAhead(batch);
        aggregator.apply(modify("a", "bob", "40", "2")); // lands after the read-ahead

        assertEquals(ApplyOutcome.APPLIED, aggregator.apply(batch.get(0), stale));

        assertAmounts("alice", "0", "0");
        assertAmounts("bob", "0", "0");
        assertAmounts("carol", "9", "1");
    }

    @Test
    void aggregate_readsAgain_whenTheReadAheadSawNoEntryButOneAppearedSince() {
        LedgerSnapshot stale = aggregator.readAhead(List.of(insert("a", "alice", "1", "1")));
        aggregator.apply(insert("a", "alice", "1", "1"));

        assertEquals(ApplyOutcome.DUPLICATE, aggregator.apply(insert("a", "alice", "1", "1"), stale));

        assertAmounts("alice", "1", "1");
    }

    @Test
    void readAhead_skipsChangesWithMalformedKeys() {
        SourceChange noKey = new SourceChange(ChangeKind.REMOVE, Map.of(), null, new SequenceNumber("1"));

        assertEquals(1, aggregator.readAhead(List.of(noKey, remove("a", "2"))).size());
    }

    /**
     * Random inserts, modifies (with moves) and removes, delivered in order with random duplicates,
     * bisected retries and stale redeliveries mixed in: the rows must equal the truth computed from the
     * final items, with nothing applied twice.
     */
    @Test
    void aggregate_equalsTheTruth_underRandomRedelivery() {
        Random random = new Random(20240501L);
        Map<String, String[]> items = new HashMap<>();
        List<SourceChange> stream = new ArrayList<>();
        String[] groups = {"alice", "bob", "carol", "dave"};
        for (int seq = 1; seq <= 2_000; seq++) {
            String id = "i" + random.nextInt(60);
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

        int applied = 0;
        int position = 0;
        while (position < stream.size()) {
            int end = Math.min(stream.size(), position + 1 + random.nextInt(10));
            List<SourceChange> batch = stream.subList(position, end);
            if (random.nextInt(5) == 0) {
                deliver(batch.subList(0, (batch.size() + 1) / 2)); // a bisected half, then the whole batch
            }
            applied += deliver(batch);
            if (random.nextInt(4) == 0) {
                deliver(batch); // the same batch again
            }
            if (position > 0 && random.nextInt(4) == 0) {
                List<SourceChange> stale = new ArrayList<>(stream.subList(random.nextInt(position), position));
                Collections.shuffle(stale, random);
                deliver(stale); // already-applied records again, out of order
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
        assertTrue(applied <= stream.size());
    }

    private int deliver(List<SourceChange> batch) {
        int applied = 0;
        for (SourceChange change : batch) {
            if (aggregator.apply(change) == ApplyOutcome.APPLIED) {
                applied++;
            }
        }
        return applied;
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
            Map<String, BigDecimal> normal = new TreeMap<>();
            row.forEach((name, amount) -> normal.put(name, amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros()));
            result.put(group, normal);
        });
        return result;
    }
}
