package dev.ddbstreams.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The store's requests and its reading of DynamoDB's answers, against a scripted client. */
class DynamoDbAggregateStoreTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final ScriptedDynamoDb dynamoDb = new ScriptedDynamoDb();
    private final DynamoDbAggregateStore store =
            new DynamoDbAggregateStore(dynamoDb, new TestView(), "Totals", "AggregateLedger");

    @Test
    void commit_writesLedgerAndDeltasInOneTransaction_conditionedOnTheEntryRead() {
        LedgerEntry before = entry("1", "alice", "100");
        LedgerEntry next = entry("12", "bob", "40.50");

        assertEquals(AggregateStore.CommitOutcome.COMMITTED, store.commit(Optional.of(before), next,
                AggregateDeltas.between(before.contribution(), next.contribution())));

        List<TransactWriteItem> items = dynamoDb.transactions.get(0).transactItems();
        assertEquals(3, items.size());
        var put = items.get(0).put();
        assertEquals("AggregateLedger", put.tableName());
        assertEquals("#seq = :expected", put.conditionExpression());
        assertEquals("0".repeat(39) + "1", put.expressionAttributeValues().get(":expected").s());
        assertEquals("0".repeat(38) + "12", put.item().get("sequenceNumber").s());
        assertEquals("bob", put.item().get("groupKey").s());
        assertEquals("40.5", put.item().get("amounts").m().get("total").n());
        assertFalse(put.item().containsKey("expiresAt"));
        var leave = items.get(1).update();
        assertEquals("Totals", leave.tableName());
        assertEquals(Map.of("group", AttributeValue.fromS("alice")), leave.key());
        assertEquals("ADD #a0 :a0, #a1 :a1", leave.updateExpression());
        assertEquals(Map.of("#a0", "count", "#a1", "total"), leave.expressionAttributeNames());
        assertEquals(Map.of(":a0", AttributeValue.fromN("-1"), ":a1", AttributeValue.fromN("-100")),
                leave.expressionAttributeValues());
        assertEquals(Map.of(":a0", AttributeValue.fromN("1"), ":a1", AttributeValue.fromN("40.5")),
                items.get(2).update().expressionAttributeValues());
    }

    @Test
    void commit_requiresNoEntry_whenNoneWasRead_andWritesTombstonesWithTheirExpiry() {
        LedgerEntry tombstone = LedgerEntry.tombstone("Things#a", new SequenceNumber("5"), NOW, NOW.plusSeconds(172_800));

        store.commit(Optional.empty(), tombstone, List.of());

        var put = dynamoDb.transactions.get(0).transactItems().get(0).put();
        assertEquals("attribute_not_exists(#key)", put.conditionExpression());
        assertFalse(put.hasExpressionAttributeValues(), "DynamoDB rejects an empty ExpressionAttributeValues");
        assertEquals(Long.toString(NOW.plusSeconds(172_800).getEpochSecond()), put.item().get("expiresAt").n());
        assertFalse(put.item().containsKey("groupKey"));
        assertEquals(1, dynamoDb.transactions.get(0).transactItems().size());
    }

    @Test
    void commit_reportsLedgerChanged_whenTheLedgerConditionFailed() {
        dynamoDb.cancel("ConditionalCheckFailed", "None");

        assertEquals(AggregateStore.CommitOutcome.LEDGER_CHANGED, commitInsert());
    }

    @Test
    void commit_reportsContention_whenAnotherTransactionHeldAnItem() {
        dynamoDb.cancel("None", "TransactionConflict");

        assertEquals(AggregateStore.CommitOutcome.CONTENDED, commitInsert());
    }

    @Test
    void commit_fails_forEveryOtherCancellationReason() {
        dynamoDb.cancel("None", "ThrottlingError");

        AggregateWriteException e = assertThrows(AggregateWriteException.class, this::commitInsert);

        assertTrue(e.getMessage().contains("ThrottlingError"), e.getMessage());
    }

    @Test
    void commit_fails_whenTheCancellationCarriesNoReasons() {
        dynamoDb.cancel();

        assertThrows(AggregateWriteException.class, this::commitInsert);
    }

    @Test
    void commit_letsOtherDynamoDbErrorsThrough_forTheRecordToFail() {
        dynamoDb.transactFailure = ProvisionedThroughputExceededException.builder().message("slow down").build();

        assertThrows(ProvisionedThroughputExceededException.class, this::commitInsert);
    }

    @Test
    void readLedger_failsLoudly_onAnEntryItDidNotWrite() {
        dynamoDb.item = Map.of("recordKey", AttributeValue.fromS("Things#a"), "sequenceNumber", AttributeValue.fromN("1"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.readLedger("Things#a"));

        assertTrue(e.getMessage().startsWith("Ledger entry Things#a is not in the expected shape"), e.getMessage());
    }

    @Test
    void readLedgers_leavesUnprocessedAndCorruptKeysToSingleReads() {
        dynamoDb.batchResponse = BatchGetItemResponse.builder()
                .responses(Map.of("AggregateLedger", List.of(
                        Map.of("recordKey", AttributeValue.fromS("Things#a"),
                                "sequenceNumber", AttributeValue.fromS("0".repeat(39) + "7"),
                                "lastEvent", AttributeValue.fromS("INSERT"),
                                "appliedAt", AttributeValue.fromS(NOW.toString()),
                                "groupKey", AttributeValue.fromS("alice"),
                                "amounts", AttributeValue.fromM(Map.of("total", AttributeValue.fromN("3")))),
                        Map.of("recordKey", AttributeValue.fromS("Things#corrupt")))))
                .unprocessedKeys(Map.of("AggregateLedger", KeysAndAttributes.builder()
                        .keys(List.of(Map.of("recordKey", AttributeValue.fromS("Things#c")))).build()))
                .build();

        Map<String, Optional<LedgerEntry>> entries =
                store.readLedgers(List.of("Things#a", "Things#b", "Things#c", "Things#corrupt"));

        assertEquals(new SequenceNumber("7"), entries.get("Things#a").orElseThrow().sequenceNumber());
        assertEquals(Optional.empty(), entries.get("Things#b"));
        assertFalse(entries.containsKey("Things#c"));
        assertFalse(entries.containsKey("Things#corrupt"));
        assertTrue(dynamoDb.batchRequests.get(0).requestItems().get("AggregateLedger").consistentRead());
    }

    @Test
    void readLedgers_asksAtMostAHundredKeysPerRequest() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            keys.add("Things#" + i);
        }

        assertEquals(250, store.readLedgers(keys).size());

        assertEquals(List.of(100, 100, 50), dynamoDb.batchRequests.stream()
                .map(r -> r.requestItems().get("AggregateLedger").keys().size()).toList());
    }

    private AggregateStore.CommitOutcome commitInsert() {
        LedgerEntry next = entry("1", "alice", "1");
        return store.commit(Optional.empty(), next, AggregateDeltas.between(null, next.contribution()));
    }

    private static LedgerEntry entry(String sequence, String group, String total) {
        return LedgerEntry.live("Things#a", new SequenceNumber(sequence), ChangeKind.INSERT,
                new Contribution(group, Map.of("total", new BigDecimal(total), "count", BigDecimal.ONE)), NOW);
    }

    /** Records requests and answers as scripted; every other operation is unsupported, as in the SDK's interface. */
    private static final class ScriptedDynamoDb implements DynamoDbClient {
        final List<TransactWriteItemsRequest> transactions = new ArrayList<>();
        final List<BatchGetItemRequest> batchRequests = new ArrayList<>();
        RuntimeException transactFailure;
        Map<String, AttributeValue> item = Map.of();
        BatchGetItemResponse batchResponse;

        void cancel(String... reasons) {
            transactFailure = TransactionCanceledException.builder().message("Transaction cancelled")
                    .cancellationReasons(reasons.length == 0 ? null : java.util.Arrays.stream(reasons)
                            .map(code -> CancellationReason.builder().code(code).build()).toList())
                    .build();
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            transactions.add(request);
            if (transactFailure != null) {
                throw transactFailure;
            }
            return TransactWriteItemsResponse.builder().build();
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return GetItemResponse.builder().item(item).build();
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            batchRequests.add(request);
            return batchResponse != null ? batchResponse : BatchGetItemResponse.builder().responses(Map.of()).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
