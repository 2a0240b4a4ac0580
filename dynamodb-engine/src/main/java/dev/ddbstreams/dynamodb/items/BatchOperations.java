package dev.ddbstreams.dynamodb.items;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.expression.ProjectionExpression;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem (up to 100 keys, 16 MB of items) and BatchWriteItem (up to 25 puts and deletes, each atomic on
 * its own). Everything is validated before anything is read or written; a key may appear only once.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html">BatchGetItem</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html">BatchWriteItem</a>
 */
public final class BatchOperations {

    static final int MAX_GET_KEYS = 100;
    static final int MAX_WRITES = 25;
    static final long MAX_GET_BYTES = 16L * 1024 * 1024;

    private final Database database;

    public BatchOperations(Database database) {
        this.database = database;
    }

    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("BatchGetItem", this::batchGetItem);
        ops.put("BatchWriteItem", this::batchWriteItem);
        return ops;
    }

    private record TableKeys(String table, Params request, List<PrimaryKey> keys, List<Map<String, AttributeValue>> keyMaps,
            ProjectionExpression projection, boolean consistent) {
    }

    ObjectNode batchGetItem(Params request) {
        Map<String, Params> requestItems = request.objectMap("RequestItems");
        if (requestItems == null) {
            throw Params.missing("RequestItems");
        }
        if (requestItems.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        List<TableKeys> tables = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Params> entry : requestItems.entrySet()) {
            List<Params> keys = entry.getValue().list("Keys");
            total += keys == null ? 0 : keys.size();
        }
        if (total > MAX_GET_KEYS) {
            throw new ValidationException("Too many items requested for the BatchGetItem call");
        }
        for (Map.Entry<String, Params> entry : requestItems.entrySet()) {
            String tableName = entry.getKey();
            Params tableRequest = entry.getValue();
            List<Params> keyParams = tableRequest.list("Keys");
            if (keyParams == null || keyParams.isEmpty()) {
                throw new ValidationException("1 validation error detected: Value null at"
                        + " 'requestItems." + tableName + ".member.keys' failed to satisfy constraint: Member must have"
                        + " length greater than or equal to 1");
            }
            RequestExpressions expressions = new RequestExpressions(tableRequest);
            ProjectionExpression projection = expressions.projection();
            if (projection == null) {
                projection = expressions.attributesToGet();
            }
            expressions.checkAllUsed();
            TableData table = ItemOperations.table(database, tableName);
            List<PrimaryKey> keys = new ArrayList<>();
            List<Map<String, AttributeValue>> keyMaps = new ArrayList<>();
            Set<PrimaryKey> seen = new HashSet<>();
            for (Params keyParam : keyParams) {
                Map<String, AttributeValue> keyMap = AttributeValueJson.readMap(keyParam.node());
                PrimaryKey key = ItemRules.key(table.definition(), keyMap);
                if (!seen.add(key)) {
                    throw new ValidationException("Provided list of item keys contains duplicates");
                }
                keys.add(key);
                keyMaps.add(keyMap);
            }
            tables.add(new TableKeys(tableName, tableRequest, keys, keyMaps, projection,
                    Boolean.TRUE.equals(tableRequest.bool("ConsistentRead"))));
        }
        ObjectNode response = Json.object();
        ObjectNode responses = response.putObject("Responses");
        ObjectNode unprocessed = response.putObject("UnprocessedKeys");
        long bytes = 0;
        for (TableKeys tableKeys : tables) {
            TableData table = ItemOperations.table(database, tableKeys.table());
            ArrayNode items = responses.putArray(tableKeys.table());
            ArrayNode leftOver = null;
            for (int i = 0; i < tableKeys.keys().size(); i++) {
                if (bytes >= MAX_GET_BYTES) {
                    // The rest is returned as UnprocessedKeys, with the table's request settings.
                    if (leftOver == null) {
                        ObjectNode rest = tableKeys.request().node().deepCopy();
                        leftOver = rest.putArray("Keys");
                        unprocessed.set(tableKeys.table(), rest);
                    }
                    leftOver.add(AttributeValueJson.writeMap(tableKeys.keyMaps().get(i)));
                    continue;
                }
                Map<String, AttributeValue> item = table.get(tableKeys.keys().get(i));
                long size = item == null ? 0 : ItemSizes.itemSize(item);
                bytes += size;
                capacity.read(tableKeys.table(), size, tableKeys.consistent(), 1);
                if (item != null) {
                    items.add(AttributeValueJson.writeMap(tableKeys.projection() == null ? item
                            : tableKeys.projection().project(item)));
                }
            }
        }
        if (capacity.wanted()) {
            response.set("ConsumedCapacity", capacity.describeAll());
        }
        return response;
    }

    private record Write(TableDefinition table, PrimaryKey key, Map<String, AttributeValue> item) {
    }

    ObjectNode batchWriteItem(Params request) {
        Map<String, Params> requestItems = request.objectMap("RequestItems");
        if (requestItems == null) {
            throw Params.missing("RequestItems");
        }
        if (requestItems.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        ItemOperations.checkReturnItemCollectionMetrics(request);
        List<Write> writes = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Params> entry : requestItems.entrySet()) {
            total += entry.getValue().listOfSelf().size();
        }
        if (total > MAX_WRITES) {
            throw new ValidationException("1 validation error detected: Value at 'requestItems' failed to satisfy"
                    + " constraint: Map value must satisfy constraint: [Member must have length less than or equal to"
                    + " 25, Member must have length greater than or equal to 1]");
        }
        for (Map.Entry<String, Params> entry : requestItems.entrySet()) {
            String tableName = entry.getKey();
            List<Params> list = entry.getValue().listOfSelf();
            if (list.isEmpty()) {
                throw new ValidationException("1 validation error detected: Value at 'requestItems' failed to satisfy"
                        + " constraint: Map value must satisfy constraint: [Member must have length less than or equal"
                        + " to 25, Member must have length greater than or equal to 1]");
            }
            TableData table = ItemOperations.table(database, tableName);
            TableDefinition definition = table.definition();
            Set<PrimaryKey> seen = new HashSet<>();
            for (Params writeRequest : list) {
                Params put = writeRequest.object("PutRequest");
                Params delete = writeRequest.object("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw new ValidationException("Supplied AttributeValue has more than one datatypes set, must"
                            + " contain exactly one of the supported datatypes");
                }
                Write write;
                if (put != null) {
                    Map<String, AttributeValue> item = put.attributeMap("Item");
                    if (item == null || definition.keySchema().names().stream().anyMatch(name -> item.get(name) == null
                            || !item.get(name).type().equals(definition.attributeDefinitions().get(name)))) {
                        // BatchWriteItem words a missing or mistyped key like a Key parameter's.
                        throw new ValidationException("The provided key element does not match the schema");
                    }
                    write = new Write(definition, ItemRules.item(definition, item, false), item);
                } else {
                    write = new Write(definition, ItemRules.key(definition, delete.attributeMap("Key")), null);
                }
                if (!seen.add(write.key())) {
                    throw new ValidationException("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }
        database.write(() -> {
            // One commit for the batch: each write is atomic on its own, as AWS's are; none is refused here.
            Database.Commit commit = database.newCommit();
            for (Write write : writes) {
                TableData table = ItemOperations.table(database, write.table().name());
                Map<String, AttributeValue> before = table.get(write.key());
                capacity.write(table.definition(), before, write.item(), 1);
                commit.writeItem(table.definition(), before, write.item(), false);
            }
            database.commit(commit);
            return null;
        });
        ObjectNode response = Json.object();
        response.putObject("UnprocessedItems");
        if (capacity.wanted()) {
            response.set("ConsumedCapacity", capacity.describeAll());
        }
        return response;
    }
}
