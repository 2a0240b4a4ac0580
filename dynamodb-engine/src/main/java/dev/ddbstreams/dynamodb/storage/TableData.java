package dev.ddbstreams.dynamodb.storage;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.KeySchema;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One table's items and the projections of its secondary indexes. Mutated only by {@link Database} under
 * the engine's write lock; read by anyone.
 */
public final class TableData {

    private volatile TableDefinition definition;
    private final SortedItems items = new SortedItems();
    private final Map<String, SortedItems> indexes = new ConcurrentHashMap<>();

    TableData(TableDefinition definition) {
        this.definition = definition;
        definition.indexes().forEach(index -> indexes.put(index.name(), new SortedItems()));
    }

    public TableDefinition definition() {
        return definition;
    }

    public long itemCount() {
        return items.count();
    }

    public long sizeBytes() {
        return items.bytes();
    }

    public SortedItems items() {
        return items;
    }

    /** The rows of an index; null when the table has no such index. */
    public SortedItems index(String indexName) {
        return indexes.get(indexName);
    }

    public Map<String, AttributeValue> get(PrimaryKey key) {
        return items.get(key.partition(), new SortedItems.RowKey(key.sort(), null));
    }

    /** Index size and count, as DescribeTable shows them per index. */
    public long[] indexStats(String indexName) {
        SortedItems index = indexes.get(indexName);
        return index == null ? new long[2] : new long[] {index.count(), index.bytes()};
    }

    void put(Map<String, AttributeValue> item) {
        TableDefinition d = definition;
        PrimaryKey key = PrimaryKey.of(d.keySchema(), item);
        SortedItems.RowKey row = new SortedItems.RowKey(key.sort(), null);
        Map<String, AttributeValue> stored = Collections.unmodifiableMap(new LinkedHashMap<>(item));
        Map<String, AttributeValue> old = items.get(key.partition(), row);
        items.put(key.partition(), row, stored);
        if (old != null) {
            unindex(d, key, old);
        }
        index(d, key, stored);
    }

    void delete(PrimaryKey key) {
        TableDefinition d = definition;
        SortedItems.RowKey row = new SortedItems.RowKey(key.sort(), null);
        Map<String, AttributeValue> old = items.get(key.partition(), row);
        if (old != null) {
            items.remove(key.partition(), row);
            unindex(d, key, old);
        }
    }

    /** Installs a changed definition: indexes that appeared are backfilled, indexes that went are dropped. */
    void redefine(TableDefinition newDefinition) {
        Map<String, IndexDefinition> before = new HashMap<>();
        definition.indexes().forEach(i -> before.put(i.name(), i));
        definition = newDefinition;
        for (IndexDefinition index : newDefinition.indexes()) {
            if (!before.containsKey(index.name())) {
                SortedItems rows = new SortedItems();
                for (Iterator<Map<String, AttributeValue>> it = items.all(); it.hasNext();) {
                    Map<String, AttributeValue> item = it.next();
                    indexOne(newDefinition.keySchema(), PrimaryKey.of(newDefinition.keySchema(), item), item, index,
                            rows);
                }
                indexes.put(index.name(), rows);
            }
            before.remove(index.name());
        }
        before.keySet().forEach(indexes::remove);
    }

    private void index(TableDefinition d, PrimaryKey key, Map<String, AttributeValue> item) {
        for (IndexDefinition index : d.indexes()) {
            SortedItems rows = indexes.get(index.name());
            if (rows != null) {
                indexOne(d.keySchema(), key, item, index, rows);
            }
        }
    }

    private static void indexOne(KeySchema tableKeys, PrimaryKey key, Map<String, AttributeValue> item,
            IndexDefinition index, SortedItems rows) {
        Map<String, AttributeValue> projected = Projections.project(tableKeys, index, item);
        if (projected != null) {
            KeySchema ks = index.keySchema();
            rows.put(item.get(ks.partitionKey()),
                    new SortedItems.RowKey(ks.hasSortKey() ? item.get(ks.sortKey()) : null, key), projected);
        }
    }

    private void unindex(TableDefinition d, PrimaryKey key, Map<String, AttributeValue> old) {
        for (IndexDefinition index : d.indexes()) {
            SortedItems rows = indexes.get(index.name());
            KeySchema ks = index.keySchema();
            AttributeValue partition = old.get(ks.partitionKey());
            if (rows != null && partition != null) {
                rows.remove(partition, new SortedItems.RowKey(ks.hasSortKey() ? old.get(ks.sortKey()) : null, key));
            }
        }
    }
}
