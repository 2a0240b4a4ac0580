package dev.ddbstreams.dynamodb.items;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.ItemSizes;
import dev.ddbstreams.dynamodb.storage.PrimaryKey;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import java.util.Map;

/**
 * DynamoDB's rules for keys and items, with its messages (recorded against AWS by dynalite's and moto's
 * test suites where the documentation does not give them).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items">Item limits</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey">Primary key</a>
 */
public final class ItemRules {

    /** A partition key value is at most 2048 bytes. */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    /** A sort key value is at most 1024 bytes. */
    public static final int MAX_SORT_KEY_BYTES = 1024;

    private ItemRules() {
    }

    /** A Key parameter: exactly the key attributes, of the declared types, not empty. */
    public static PrimaryKey key(TableDefinition table, Map<String, AttributeValue> key) {
        if (key == null) {
            throw new ValidationException("1 validation error detected: Value null at 'key' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        TableDefinition.KeySchema schema = table.keySchema();
        if (key.size() != schema.names().size()) {
            throw new ValidationException("The provided key element does not match the schema");
        }
        for (String name : schema.names()) {
            AttributeValue value = key.get(name);
            if (value == null || !value.type().equals(table.attributeDefinitions().get(name))) {
                throw new ValidationException("The provided key element does not match the schema");
            }
            checkKeyValue(name, value);
        }
        return PrimaryKey.of(schema, key);
    }

    private static void checkKeyValue(String name, AttributeValue value) {
        if (value instanceof AttributeValue.S s && s.value().isEmpty()
                || value instanceof AttributeValue.B b && b.value().length == 0) {
            throw new ValidationException("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
                    + " value. Key: " + name);
        }
    }

    /**
     * A whole item as stored: its key attributes present and well typed, index key attributes well typed,
     * size within 400 KB.
     *
     * @param update true for UpdateItem, whose size message differs
     */
    public static PrimaryKey item(TableDefinition table, Map<String, AttributeValue> item, boolean update) {
        if (item == null) {
            throw new ValidationException("1 validation error detected: Value null at 'item' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        TableDefinition.KeySchema schema = table.keySchema();
        for (String name : schema.names()) {
            AttributeValue value = item.get(name);
            if (value == null) {
                throw new ValidationException("One or more parameter values were invalid: Missing the key " + name
                        + " in the item");
            }
            String expected = table.attributeDefinitions().get(name);
            if (!value.type().equals(expected)) {
                throw new ValidationException("One or more parameter values were invalid: Type mismatch for key "
                        + name + " expected: " + expected + " actual: " + value.type());
            }
            checkKeyValue(name, value);
        }
        for (IndexDefinition index : table.indexes()) {
            for (String name : index.keySchema().names()) {
                AttributeValue value = item.get(name);
                if (value == null || schema.names().contains(name)) {
                    continue;
                }
                String expected = table.attributeDefinitions().get(name);
                if (!value.type().equals(expected)) {
                    throw new ValidationException("One or more parameter values were invalid: Type mismatch for Index"
                            + " Key " + name + " Expected: " + expected + " Actual: " + value.type() + " IndexName: "
                            + index.name());
                }
                if (value instanceof AttributeValue.S s && s.value().isEmpty()
                        || value instanceof AttributeValue.B b && b.value().length == 0) {
                    throw new ValidationException("One or more parameter values are not valid. A value specified for"
                            + " a secondary index key is not supported. The AttributeValue for a key attribute cannot"
                            + " contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
                            + " value. IndexName: " + index.name() + ", IndexKey: " + name);
                }
            }
        }
        if (ItemSizes.itemSize(item) > ItemSizes.MAX_ITEM_BYTES) {
            throw new ValidationException(update ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size");
        }
        AttributeValue partition = item.get(schema.partitionKey());
        if (ItemSizes.valueSize(partition) > MAX_PARTITION_KEY_BYTES) {
            throw new ValidationException("One or more parameter values were invalid: Size of hashkey has exceeded the"
                    + " maximum size limit of2048 bytes");
        }
        if (schema.hasSortKey() && ItemSizes.valueSize(item.get(schema.sortKey())) > MAX_SORT_KEY_BYTES) {
            throw new ValidationException("One or more parameter values were invalid: Aggregated size of all range"
                    + " keys has exceeded the size limit of 1024 bytes");
        }
        return PrimaryKey.of(schema, item);
    }
}
