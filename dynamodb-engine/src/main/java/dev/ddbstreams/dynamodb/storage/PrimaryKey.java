package dev.ddbstreams.dynamodb.storage;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.KeyValues;
import dev.ddbstreams.dynamodb.tables.TableDefinition.KeySchema;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The primary key of one item: its partition key value and its sort key value (null without a sort key). */
public record PrimaryKey(AttributeValue partition, AttributeValue sort) {

    /** Table order: partitions by hash (as Scan walks them), then sort key values. */
    public static final Comparator<PrimaryKey> ORDER = Comparator
            .comparing(PrimaryKey::partition, KeyValues.PARTITION_ORDER)
            .thenComparing(PrimaryKey::sort, Comparator.nullsFirst(KeyValues.ORDER));

    /** The key of {@code item} under {@code schema}; the caller has checked the key attributes exist. */
    public static PrimaryKey of(KeySchema schema, Map<String, AttributeValue> item) {
        return new PrimaryKey(item.get(schema.partitionKey()),
                schema.hasSortKey() ? item.get(schema.sortKey()) : null);
    }

    public Map<String, AttributeValue> toMap(KeySchema schema) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        map.put(schema.partitionKey(), partition);
        if (schema.hasSortKey()) {
            map.put(schema.sortKey(), sort);
        }
        return map;
    }
}
