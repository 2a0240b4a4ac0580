package dev.ddbstreams.aggregate;

import dev.ddbstreams.lambda.StructuredLog;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The ledger and the aggregate rows of one view in DynamoDB.
 *
 * <p>Ledger items (table {@code AggregateLedger}, partition key {@code recordKey} S, TTL attribute
 * {@code expiresAt}): {@code recordKey}, {@code sequenceNumber} (S, zero-padded to 40 digits so that
 * string comparison is numeric order), {@code lastEvent} (S), {@code groupKey} (S) and {@code amounts}
 * (M of N) while the item contributes, {@code appliedAt} (S, ISO-8601), and on tombstones
 * {@code expiresAt} (N, epoch seconds).
 *
 * <p>Aggregate rows: the view's group attribute as partition key (S) and one N per amount attribute,
 * changed only by {@code ADD} so that concurrent transactions from other shards compose.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html">BatchGetItem: 100 keys, UnprocessedKeys</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html">TransactWriteItems and CancellationReasons</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD">Update expressions: ADD</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html">Time to Live</a>
 */
public final class DynamoDbAggregateStore implements AggregateStore {

    public static final String RECORD_KEY = "recordKey";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String LAST_EVENT = "lastEvent";
    public static final String GROUP_KEY = "groupKey";
    public static final String AMOUNTS = "amounts";
    public static final String APPLIED_AT = "appliedAt";
    public static final String EXPIRES_AT = "expiresAt";

    private static final StructuredLog LOG = StructuredLog.of(DynamoDbAggregateStore.class);
    /** BatchGetItem reads at most 100 items per request. */
    private static final int BATCH_GET_LIMIT = 100;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final DynamoDbClient dynamoDb;
    private final AggregateView view;
    private final String aggregateTable;
    private final String ledgerTable;

    public DynamoDbAggregateStore(DynamoDbClient dynamoDb, AggregateView view, String aggregateTable,
            String ledgerTable) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.view = Objects.requireNonNull(view, "view");
        this.aggregateTable = Objects.requireNonNull(aggregateTable, "aggregateTable");
        this.ledgerTable = Objects.requireNonNull(ledgerTable, "ledgerTable");
    }

    @Override
    public Optional<LedgerEntry> readLedger(String recordKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(ledgerTable)
                .key(Map.of(RECORD_KEY, AttributeValue.fromS(recordKey)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(entryOf(item));
    }

    @Override
    public Map<String, Optional<LedgerEntry>> readLedgers(Collection<String> recordKeys) {
        Map<String, Optional<LedgerEntry>> entries = new HashMap<>();
        List<String> keys = List.copyOf(new LinkedHashSet<>(recordKeys));
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))
                    .stream().map(key -> Map.of(RECORD_KEY, AttributeValue.fromS(key))).toList();
            BatchGetItemResponse response;
            try {
                response = dynamoDb.batchGetItem(b -> b.requestItems(Map.of(ledgerTable,
                        KeysAndAttributes.builder().keys(chunk).consistentRead(true).build())));
            } catch (SdkException e) {
                // Only an optimisation: each record reads its own entry instead.
                LOG.warn("ledger read-ahead failed", Map.of("table", ledgerTable, "keys", chunk.size(),
                        "errorType", e.getClass().getName(), "errorMessage", String.valueOf(e.getMessage())));
                continue;
            }
            Set<String> unprocessed = new HashSet<>();
            KeysAndAttributes left = response.unprocessedKeys().get(ledgerTable);
            if (left != null) {
                left.keys().forEach(key -> unprocessed.add(key.get(RECORD_KEY).s()));
            }
            chunk.forEach(key -> {
                String recordKey = key.get(RECORD_KEY).s();
                if (!unprocessed.contains(recordKey)) {
                    entries.put(recordKey, Optional.empty());
                }
            });
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(ledgerTable, List.of())) {
                String recordKey = item.get(RECORD_KEY).s();
                try {
                    entries.put(recordKey, Optional.of(entryOf(item)));
                } catch (IllegalStateException corrupt) {
                    // Left to the record's own read, which fails that record (not the batch) with this error.
                    entries.remove(recordKey);
                }
            }
        }
        return entries;
    }

    @Override
    public CommitOutcome commitAll(List<LedgerWrite> ledgerWrites, List<GroupDelta> deltas) {
        if (ledgerWrites.isEmpty()) {
            throw new IllegalArgumentException("A commit writes at least one ledger entry");
        }
        List<TransactWriteItem> items = new ArrayList<>(ledgerWrites.size() + deltas.size());
        for (LedgerWrite write : ledgerWrites) {
            items.add(TransactWriteItem.builder().put(ledgerPut(write.expected(), write.next())).build());
        }
        for (GroupDelta delta : deltas) {
            if (!delta.amounts().isEmpty()) {
                items.add(TransactWriteItem.builder().update(aggregateUpdate(delta)).build());
            }
        }
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(items));
            return CommitOutcome.COMMITTED;
        } catch (TransactionCanceledException e) {
            String subject = ledgerWrites.size() == 1 ? ledgerWrites.get(0).next().recordKey()
                    : ledgerWrites.size() + " ledger entries from " + ledgerWrites.get(0).next().recordKey();
            return outcomeOf(subject, ledgerWrites.size(), e);
        }
    }

    @Override
    public boolean deleteIfEmpty(String group) {
        Map<String, String> names = new HashMap<>();
        StringBuilder condition = new StringBuilder();
        List<String> attributes = view.amountAttributes();
        for (int i = 0; i < attributes.size(); i++) {
            names.put("#a" + i, attributes.get(i));
            condition.append(i == 0 ? "" : " AND ").append("#a").append(i).append(" = :zero");
        }
        try {
            dynamoDb.deleteItem(b -> b.tableName(aggregateTable)
                    .key(Map.of(view.groupAttribute(), AttributeValue.fromS(group)))
                    .conditionExpression(condition.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))));
            return true;
        } catch (ConditionalCheckFailedException stillUsed) {
            return false;
        } catch (SdkException e) {
            // The change itself is committed; a zero row left behind reads the same as no row.
            LOG.warn("empty aggregate row not deleted", Map.of("table", aggregateTable, "group", group,
                    "errorType", e.getClass().getName(), "errorMessage", String.valueOf(e.getMessage())));
            return false;
        }
    }

    private Put ledgerPut(Optional<LedgerEntry> expected, LedgerEntry next) {
        Put.Builder put = Put.builder().tableName(ledgerTable).item(itemOf(next));
        if (expected.isEmpty()) {
            return put.conditionExpression("attribute_not_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", RECORD_KEY))
                    .build();
        }
        // Equality with what we read, not merely "older than this record": the deltas were computed from
        // the contribution we read, so any change in between must make us read again.
        return put.conditionExpression("#seq = :expected")
                .expressionAttributeNames(Map.of("#seq", SEQUENCE_NUMBER))
                .expressionAttributeValues(Map.of(":expected",
                        AttributeValue.fromS(expected.get().sequenceNumber().padded())))
                .build();
    }

    private Update aggregateUpdate(GroupDelta delta) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        StringBuilder expression = new StringBuilder("ADD ");
        int i = 0;
        for (Map.Entry<String, BigDecimal> amount : delta.amounts().entrySet()) {
            names.put("#a" + i, amount.getKey());
            values.put(":a" + i, AttributeValue.fromN(ImageAttributes.canonicalNumber(amount.getValue())));
            expression.append(i == 0 ? "" : ", ").append("#a").append(i).append(" :a").append(i);
            i++;
        }
        return Update.builder().tableName(aggregateTable)
                .key(Map.of(view.groupAttribute(), AttributeValue.fromS(delta.group())))
                .updateExpression(expression.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private static CommitOutcome outcomeOf(String subject, int ledgerPuts, TransactionCanceledException e) {
        List<String> codes = e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(CancellationReason::code).map(String::valueOf).toList()
                : List.of();
        // The ledger Puts come first, in order: their reasons are the ones that say "not what you read".
        // (Reasons are listed in the order of the transaction's items, "None" for those that passed.)
        if (codes.subList(0, Math.min(ledgerPuts, codes.size())).contains(CONDITIONAL_CHECK_FAILED)) {
            return CommitOutcome.LEDGER_CHANGED;
        }
        if (codes.contains(TRANSACTION_CONFLICT)) {
            return CommitOutcome.CONTENDED;
        }
        throw new AggregateWriteException("Transaction for " + subject + " cancelled, reasons " + codes, e);
    }

    private static Map<String, AttributeValue> itemOf(LedgerEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RECORD_KEY, AttributeValue.fromS(entry.recordKey()));
        item.put(SEQUENCE_NUMBER, AttributeValue.fromS(entry.sequenceNumber().padded()));
        item.put(LAST_EVENT, AttributeValue.fromS(entry.kind().name()));
        item.put(APPLIED_AT, AttributeValue.fromS(entry.appliedAt().toString()));
        entry.currentContribution().ifPresent(contribution -> {
            item.put(GROUP_KEY, AttributeValue.fromS(contribution.group()));
            Map<String, AttributeValue> amounts = new HashMap<>();
            contribution.amounts().forEach((name, amount) ->
                    amounts.put(name, AttributeValue.fromN(ImageAttributes.canonicalNumber(amount))));
            item.put(AMOUNTS, AttributeValue.fromM(amounts));
        });
        if (entry.expiresAt() != null) {
            item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(entry.expiresAt().getEpochSecond())));
        }
        return item;
    }

    private static LedgerEntry entryOf(Map<String, AttributeValue> item) {
        String recordKey = item.get(RECORD_KEY).s();
        try {
            SequenceNumber sequence = SequenceNumber.parse(item.get(SEQUENCE_NUMBER).s());
            ChangeKind kind = ChangeKind.valueOf(item.get(LAST_EVENT).s());
            Instant appliedAt = Instant.parse(item.get(APPLIED_AT).s());
            Instant expiresAt = item.containsKey(EXPIRES_AT)
                    ? Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())) : null;
            Contribution contribution = null;
            if (item.containsKey(GROUP_KEY)) {
                Map<String, BigDecimal> amounts = new HashMap<>();
                item.get(AMOUNTS).m().forEach((name, amount) -> amounts.put(name, new BigDecimal(amount.n())));
                contribution = new Contribution(item.get(GROUP_KEY).s(), amounts);
            }
            return new LedgerEntry(recordKey, sequence, kind, contribution, appliedAt, expiresAt);
        } catch (RuntimeException e) {
            // Only this code writes the ledger; an entry it cannot read needs a human, not a silent reset.
            throw new IllegalStateException("Ledger entry " + recordKey + " is not in the expected shape: " + e, e);
        }
    }
}
