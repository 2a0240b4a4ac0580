package dev.ddbstreams.dynamodb.storage;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.ItemSizes;
import dev.ddbstreams.dynamodb.model.KeyValues;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Items (of a table, or projected into an index) grouped by partition key value and ordered within a
 * partition by sort key value. Partitions are ordered by key hash, the order Scan returns them in. Readers
 * never lock: one engine-wide lock serialises writers, and stored items are immutable maps.
 */
public final class SortedItems {

    /** Within a partition: the (index) sort key value, then the table's primary key to tell apart index rows. */
    public record RowKey(AttributeValue sort, PrimaryKey tableKey) {
    }

    private static final Comparator<RowKey> ROW_ORDER = Comparator
            .comparing(RowKey::sort, Comparator.nullsFirst(KeyValues.ORDER))
            .thenComparing(RowKey::tableKey, Comparator.nullsFirst(PrimaryKey.ORDER));

    private final ConcurrentSkipListMap<AttributeValue, ConcurrentSkipListMap<RowKey, Map<String, AttributeValue>>> partitions =
            new ConcurrentSkipListMap<>(KeyValues.PARTITION_ORDER);
    /** Written only under the engine's write lock. */
    private volatile long count;
    private volatile long bytes;

    public static Comparator<RowKey> rowOrder() {
        return ROW_ORDER;
    }

    public Map<String, AttributeValue> get(AttributeValue partition, RowKey row) {
        NavigableMap<RowKey, Map<String, AttributeValue>> rows = partitions.get(partition);
        return rows == null ? null : rows.get(row);
    }

    public void put(AttributeValue partition, RowKey row, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> previous = partitions
                .computeIfAbsent(partition, p -> new ConcurrentSkipListMap<>(ROW_ORDER)).put(row, item);
        if (previous != null) {
            count--;
            bytes -= ItemSizes.itemSize(previous);
        }
        count++;
        bytes += ItemSizes.itemSize(item);
    }

    /** How many rows there are (kept as rows come and go; DescribeTable shows it per index). */
    public long count() {
        return count;
    }

    /** The size of all rows, as AWS counts item sizes. */
    public long bytes() {
        return bytes;
    }

    public void remove(AttributeValue partition, RowKey row) {
        ConcurrentSkipListMap<RowKey, Map<String, AttributeValue>> rows = partitions.get(partition);
        if (rows != null) {
            Map<String, AttributeValue> removed = rows.remove(row);
            if (removed != null) {
                count--;
                bytes -= ItemSizes.itemSize(removed);
            }
            if (rows.isEmpty()) {
                // Only writers remove, under the engine lock, so no put can race with this.
                partitions.remove(partition, rows);
            }
        }
    }

    /** The rows of one partition in sort order (empty when there are none). */
    public NavigableMap<RowKey, Map<String, AttributeValue>> partition(AttributeValue partition) {
        NavigableMap<RowKey, Map<String, AttributeValue>> rows = partitions.get(partition);
        return rows == null ? Collections.emptyNavigableMap() : rows;
    }

    /** All partitions in hash order, starting with {@code from} (inclusive) when given. */
    public NavigableMap<AttributeValue, ConcurrentSkipListMap<RowKey, Map<String, AttributeValue>>> partitionsFrom(
            AttributeValue from, boolean inclusive) {
        return from == null ? partitions : partitions.tailMap(from, inclusive);
    }

    public Iterator<Map<String, AttributeValue>> all() {
        return partitions.values().stream().flatMap(rows -> rows.values().stream()).iterator();
    }

    public void clear() {
        partitions.clear();
        count = 0;
        bytes = 0;
    }
}
