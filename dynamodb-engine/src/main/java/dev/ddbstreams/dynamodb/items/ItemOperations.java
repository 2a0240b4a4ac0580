package dev.ddbstreams.dynamodb.items;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ConditionalCheckFailedException;
import dev.ddbstreams.dynamodb.errors.ResourceNotFoundException;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.expression.ConditionExpression;
import dev.ddbstreams.dynamodb.expression.ProjectionExpression;
import dev.ddbstreams.dynamodb.expression.UpdateExpression;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.ItemSizes;
import dev.ddbstreams.dynamodb.protocol.AttributeValueJson;
import dev.ddbstreams.dynamodb.protocol.Json;
import dev.ddbstreams.dynamodb.protocol.Operation;
import dev.ddbstreams.dynamodb.protocol.Params;
import dev.ddbstreams.dynamodb.storage.Database;
import dev.ddbstreams.dynamodb.storage.PrimaryKey;
import dev.ddbstreams.dynamodb.storage.TableData;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The single-item operations: PutItem, GetItem, UpdateItem and DeleteItem.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html">Working with items</a>
 */
public final class ItemOperations {

    private final Database database;

    public ItemOperations(Database database) {
        this.database = database;
    }

    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("PutItem", this::putItem);
        ops.put("GetItem", this::getItem);
        ops.put("UpdateItem", this::updateItem);
        ops.put("DeleteItem", this::deleteItem);
        return ops;
    }

    /** Item operations name a missing table without saying which (unlike DescribeTable). */
    static TableData table(Database database, String name) {
        TableData table = database.table(name);
        if (table == null) {
            throw new ResourceNotFoundException("Requested resource not found");
        }
        return table;
    }

    static String tableName(Params request) {
        String name = request.requiredString("TableName");
        if (name.length() < 3 || name.length() > 255 || !name.matches("[a-zA-Z0-9_.-]+")) {
            throw new ValidationException("1 validation error detected: Value '" + name + "' at 'tableName' failed to"
                    + " satisfy constraint: Member must " + (name.length() < 3 ? "have length greater than or equal to 3"
                            : name.length() > 255 ? "have length less than or equal to 255"
                                    : "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
        }
        return name;
    }

    static String returnValues(Params request, Set<String> allowed, String message) {
        String value = request.string("ReturnValues");
        if (value == null) {
            return "NONE";
        }
        if (!Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW").contains(value)) {
            throw new ValidationException("1 validation error detected: Value '" + value + "' at 'returnValues' failed"
                    + " to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD,"
                    + " NONE, UPDATED_NEW]");
        }
        if (!allowed.contains(value)) {
            throw new ValidationException(message);
        }
        return value;
    }

    static boolean returnOldOnConditionFailure(Params request) {
        String value = request.string("ReturnValuesOnConditionCheckFailure");
        if (value == null || "NONE".equals(value)) {
            return false;
        }
        if (!"ALL_OLD".equals(value)) {
            throw new ValidationException("1 validation error detected: Value '" + value + "' at"
                    + " 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum"
                    + " value set: [ALL_OLD, NONE]");
        }
        return true;
    }

    /** Evaluates a condition against the stored item (an empty map when there is none). */
    static boolean holds(ConditionExpression condition, Map<String, AttributeValue> item) {
        return condition == null || condition.test(item == null ? Collections.emptyMap() : item);
    }

    static void checkReturnItemCollectionMetrics(Params request) {
        String value = request.string("ReturnItemCollectionMetrics");
        if (value != null && !Set.of("SIZE", "NONE").contains(value)) {
            throw new ValidationException("1 validation error detected: Value '" + value + "' at"
                    + " 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [SIZE, NONE]");
        }
    }

    /**
     * ItemCollectionMetrics for a table with local secondary indexes when SIZE was asked for.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections">Item collections</a>
     */
    static ObjectNode itemCollectionMetrics(Params request, TableData table, PrimaryKey key) {
        if (!"SIZE".equals(request.string("ReturnItemCollectionMetrics"))
                || table.definition().localSecondaryIndexes().isEmpty()) {
            return null;
        }
        TableDefinition d = table.definition();
        long bytes = 0;
        for (Map<String, AttributeValue> item : table.items().partition(key.partition()).values()) {
            bytes += ItemSizes.itemSize(item);
        }
        double gb = bytes / (1024.0 * 1024 * 1024);
        ObjectNode node = Json.object();
        node.putObject("ItemCollectionKey").set(d.keySchema().partitionKey(), AttributeValueJson.write(key.partition()));
        node.putArray("SizeEstimateRangeGB").add(Math.floor(gb)).add(Math.floor(gb) + 1);
        return node;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html">PutItem</a> */
    ObjectNode putItem(Params original) {
        Params request = LegacyParameters.translate(original);
        String tableName = tableName(request);
        Map<String, AttributeValue> item = request.attributeMap("Item");
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"), "ReturnValues can only be ALL_OLD or NONE");
        boolean oldOnFailure = returnOldOnConditionFailure(request);
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        checkReturnItemCollectionMetrics(request);
        RequestExpressions expressions = new RequestExpressions(request, "ConditionExpression");
        ConditionExpression condition = expressions.condition("ConditionExpression");
        expressions.checkAllUsed();
        TableData table = table(database, tableName);
        TableDefinition definition = table.definition();
        PrimaryKey key = ItemRules.item(definition, item, false);
        Map<String, AttributeValue> old = replaceIfConditionHolds(tableName, key, condition, oldOnFailure, capacity, item);
        return oldItemResponse(request, returnValues, old, capacity, table, key);
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html">GetItem</a> */
    ObjectNode getItem(Params original) {
        Params request = LegacyParameters.translate(original);
        String tableName = tableName(request);
        Map<String, AttributeValue> keyMap = request.attributeMap("Key");
        boolean consistent = Boolean.TRUE.equals(request.bool("ConsistentRead"));
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        RequestExpressions expressions = new RequestExpressions(request, "ProjectionExpression");
        ProjectionExpression projection = expressions.projection();
        if (projection == null) {
            projection = expressions.attributesToGet();
        }
        expressions.checkAllUsed();
        TableData table = table(database, tableName);
        PrimaryKey key = ItemRules.key(table.definition(), keyMap);
        Map<String, AttributeValue> item = table.get(key);
        capacity.read(tableName, item == null ? 0 : ItemSizes.itemSize(item), consistent, 1);
        ObjectNode response = Json.object();
        if (item != null) {
            response.set("Item", AttributeValueJson.writeMap(projection == null ? item : projection.project(item)));
        }
        addCapacity(response, capacity, tableName);
        return response;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html">DeleteItem</a> */
    ObjectNode deleteItem(Params original) {
        Params request = LegacyParameters.translate(original);
        String tableName = tableName(request);
        Map<String, AttributeValue> keyMap = request.attributeMap("Key");
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"), "ReturnValues can only be ALL_OLD or NONE");
        boolean oldOnFailure = returnOldOnConditionFailure(request);
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        checkReturnItemCollectionMetrics(request);
        RequestExpressions expressions = new RequestExpressions(request, "ConditionExpression");
        ConditionExpression condition = expressions.condition("ConditionExpression");
        expressions.checkAllUsed();
        TableData table = table(database, tableName);
        PrimaryKey key = ItemRules.key(table.definition(), keyMap);
        Map<String, AttributeValue> old = replaceIfConditionHolds(tableName, key, condition, oldOnFailure, capacity, null);
        return oldItemResponse(request, returnValues, old, capacity, table, key);
    }

    /**
     * PutItem's and DeleteItem's write: under the write lock, checks the condition against the item as it is and
     * replaces it with {@code item} (null deletes it).
     *
     * @return the item as it was (null when there was none)
     * @throws ConditionalCheckFailedException carrying the old item when {@code oldOnFailure}
     */
    private Map<String, AttributeValue> replaceIfConditionHolds(String tableName, PrimaryKey key,
            ConditionExpression condition, boolean oldOnFailure, Capacity capacity, Map<String, AttributeValue> item) {
        return database.write(() -> {
            TableData current = table(database, tableName);
            Map<String, AttributeValue> before = current.get(key);
            if (!holds(condition, before)) {
                throw new ConditionalCheckFailedException(oldOnFailure ? before : null);
            }
            capacity.write(current.definition(), before, item, 1);
            database.commit(database.newCommit().writeItem(current.definition(), before, item, false));
            return before;
        });
    }

    /** PutItem's and DeleteItem's answer: the old item for ALL_OLD, consumed capacity, item collection metrics. */
    private ObjectNode oldItemResponse(Params request, String returnValues, Map<String, AttributeValue> old,
            Capacity capacity, TableData table, PrimaryKey key) {
        ObjectNode response = Json.object();
        if ("ALL_OLD".equals(returnValues) && old != null) {
            response.set("Attributes", AttributeValueJson.writeMap(old));
        }
        addCapacity(response, capacity, table.definition().name());
        ObjectNode metrics = itemCollectionMetrics(request, table, key);
        if (metrics != null) {
            response.set("ItemCollectionMetrics", metrics);
        }
        return response;
    }

    /** An item before and after an update (either may be null). */
    private record Images(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html">UpdateItem</a> */
    ObjectNode updateItem(Params original) {
        Params request = LegacyParameters.translate(original);
        String tableName = tableName(request);
        Map<String, AttributeValue> keyMap = request.attributeMap("Key");
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"),
                "");
        boolean oldOnFailure = returnOldOnConditionFailure(request);
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        checkReturnItemCollectionMetrics(request);
        RequestExpressions expressions = new RequestExpressions(request, "UpdateExpression", "ConditionExpression");
        UpdateExpression update = expressions.update();
        ConditionExpression condition = expressions.condition("ConditionExpression");
        expressions.checkAllUsed();
        TableData table = table(database, tableName);
        TableDefinition definition = table.definition();
        PrimaryKey key = ItemRules.key(definition, keyMap);
        if (update != null) {
            checkKeyNotUpdated(definition, update);
        }
        Images images = database.write(() -> {
            TableData current = table(database, tableName);
            Map<String, AttributeValue> before = current.get(key);
            if (!holds(condition, before)) {
                throw new ConditionalCheckFailedException(oldOnFailure ? before : null);
            }
            Map<String, AttributeValue> after = applyUpdate(current.definition(), key, before, update);
            if (before == null && update != null && after.equals(key.toMap(current.definition().keySchema()))) {
                // An update that only removes attributes does not create a missing item.
                after = null;
            }
            capacity.write(current.definition(), before, after, 1);
            database.commit(database.newCommit().writeItem(current.definition(), before, after, false));
            return new Images(before, after);
        });
        ObjectNode response = Json.object();
        Map<String, AttributeValue> returned = returnedAttributes(returnValues, images.before(), images.after(), update);
        if (returned != null && !returned.isEmpty()) {
            response.set("Attributes", AttributeValueJson.writeMap(returned));
        }
        addCapacity(response, capacity, tableName);
        ObjectNode metrics = itemCollectionMetrics(request, table, key);
        if (metrics != null) {
            response.set("ItemCollectionMetrics", metrics);
        }
        return response;
    }

    static void checkKeyNotUpdated(TableDefinition definition, UpdateExpression update) {
        for (String name : update.topLevelAttributes()) {
            if (definition.keySchema().names().contains(name)) {
                throw new ValidationException("One or more parameter values were invalid: Cannot update attribute "
                        + name + ". This attribute is part of the key");
            }
        }
    }

    /** The item after an update: the stored one, or one made of the key alone when there is none. */
    static Map<String, AttributeValue> applyUpdate(TableDefinition definition, PrimaryKey key,
            Map<String, AttributeValue> before, UpdateExpression update) {
        Map<String, AttributeValue> base = before != null ? before : key.toMap(definition.keySchema());
        Map<String, AttributeValue> after = update == null ? new LinkedHashMap<>(base) : update.apply(base);
        ItemRules.item(definition, after, true);
        return after;
    }

    /**
     * ReturnValues of UpdateItem. UPDATED_* return the top-level attributes the update expression names.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues">ReturnValues</a>
     */
    static Map<String, AttributeValue> returnedAttributes(String returnValues, Map<String, AttributeValue> before,
            Map<String, AttributeValue> after, UpdateExpression update) {
        switch (returnValues) {
            case "ALL_OLD":
                return before;
            case "ALL_NEW":
                return after;
            case "UPDATED_OLD":
            case "UPDATED_NEW": {
                Map<String, AttributeValue> source = returnValues.equals("UPDATED_OLD") ? before : after;
                if (source == null || update == null) {
                    return null;
                }
                Map<String, AttributeValue> other = returnValues.equals("UPDATED_OLD") ? after : before;
                Map<String, AttributeValue> updated = new LinkedHashMap<>();
                for (String name : update.topLevelAttributes()) {
                    AttributeValue value = source.get(name);
                    if (value != null) {
                        updated.put(name, changedPart(value, other == null ? null : other.get(name)));
                    }
                }
                return updated;
            }
            default:
                return null;
        }
    }

    /**
     * The part of a map that an update changed (nested maps recursively), so that UPDATED_* return only the
     * updated paths as AWS does; any other value, or a map whose change cannot be narrowed, is returned whole.
     */
    private static AttributeValue changedPart(AttributeValue value, AttributeValue other) {
        if (value instanceof AttributeValue.M map && other instanceof AttributeValue.M otherMap) {
            Map<String, AttributeValue> changed = new LinkedHashMap<>();
            map.values().forEach((key, element) -> {
                AttributeValue otherElement = otherMap.values().get(key);
                if (!element.equals(otherElement)) {
                    changed.put(key, changedPart(element, otherElement));
                }
            });
            return changed.isEmpty() ? value : new AttributeValue.M(changed);
        }
        return value;
    }

    static void addCapacity(ObjectNode response, Capacity capacity, String tableName) {
        ObjectNode consumed = capacity.describe(tableName);
        if (consumed != null) {
            response.set("ConsumedCapacity", consumed);
        }
    }
}
