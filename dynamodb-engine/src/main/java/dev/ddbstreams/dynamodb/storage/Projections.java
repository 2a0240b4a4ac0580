package dev.ddbstreams.dynamodb.storage;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.KeySchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What of an item an index holds. An item without one of the index's key attributes is not in the index
 * (a sparse index); KEYS_ONLY holds the table and index keys, INCLUDE adds the named attributes, ALL all.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections">Attribute projections</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html">Sparse indexes</a>
 */
public final class Projections {

    private Projections() {
    }

    /** The index row for {@code item}, or null when the item is not in the index. */
    public static Map<String, AttributeValue> project(KeySchema tableKeys, IndexDefinition index,
            Map<String, AttributeValue> item) {
        KeySchema ks = index.keySchema();
        if (!item.containsKey(ks.partitionKey()) || (ks.hasSortKey() && !item.containsKey(ks.sortKey()))) {
            return null;
        }
        if ("ALL".equals(index.projection().type())) {
            return item;
        }
        Map<String, AttributeValue> row = new LinkedHashMap<>();
        for (String name : tableKeys.names()) {
            row.put(name, item.get(name));
        }
        for (String name : ks.names()) {
            row.put(name, item.get(name));
        }
        if ("INCLUDE".equals(index.projection().type()) && index.projection().nonKeyAttributes() != null) {
            for (String name : index.projection().nonKeyAttributes()) {
                AttributeValue value = item.get(name);
                if (value != null) {
                    row.put(name, value);
                }
            }
        }
        return row;
    }
}
