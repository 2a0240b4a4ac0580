package dev.ddbstreams.dynamodb.items;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ConditionalCheckFailedException;

import dev.ddbstreams.dynamodb.errors.IdempotentParameterMismatchException;
import dev.ddbstreams.dynamodb.errors.TransactionCanceledException;
import dev.ddbstreams.dynamodb.errors.TransactionCanceledException.CancellationReason;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems: all-or-nothing over up to 100 items, each touched once; a failed
 * condition cancels the whole transaction with one reason per action, in order. A ClientRequestToken makes a
 * TransactWriteItems idempotent for 10 minutes.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html">TransactWriteItems</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html">TransactGetItems</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html">Transactions</a>
 */
public final class TransactionOperations {

    static final int MAX_ACTIONS = 100;
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final Database database;
    /** ClientRequestToken -> the request it came with and when; guarded by the engine's write lock. */
    private final Map<String, TokenUse> tokens = new LinkedHashMap<>();

    private record TokenUse(com.fasterxml.jackson.databind.JsonNode request, long atMillis) {
    }

    public TransactionOperations(Database database) {
        this.database = database;
    }

    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("TransactWriteItems", this::transactWriteItems);
        ops.put("TransactGetItems", this::transactGetItems);
        return ops;
    }

    /** One action of a TransactWriteItems, parsed and validated before the transaction runs. */
    private record Action(String kind, TableDefinition table, PrimaryKey key, Map<String, AttributeValue> item,
            ConditionExpression condition, UpdateExpression update, boolean oldOnFailure, String invalid) {
    }

    ObjectNode transactWriteItems(Params request) {
        List<Params> items = request.list("TransactItems");
        if (items == null) {
            throw Params.missing("TransactItems");
        }
        checkCount(items.size(), "transactItems");
        String token = request.string("ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw new ValidationException("1 validation error detected: Value '" + token + "' at 'clientRequestToken'"
                    + " failed to satisfy constraint: Member must have length " + (token.isEmpty()
                            ? "greater than or equal to 1" : "less than or equal to 36"));
        }
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        ItemOperations.checkReturnItemCollectionMetrics(request);
        List<Action> actions = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (Params item : items) {
            Action action = parse(item);
            if (action.key() != null && !touched.add(action.table().name() + "\u0000" + action.key())) {
                throw new ValidationException("Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }
        ObjectNode response = Json.object();
        database.write(() -> {
            long now = database.clock().millis();
            if (token != null) {
                expireTokens(now);
                TokenUse previous = tokens.get(token);
                if (previous != null) {
                    if (!previous.request().equals(withoutCapacity(request))) {
                        throw new IdempotentParameterMismatchException("The request uses the same client token as a"
                                + " previous, but non-identical request.");
                    }
                    // Same request again within 10 minutes: succeeds without writing anything again.
                    actions.forEach(a -> capacity.touch(a.table().name()));
                    return null;
                }
            }
            List<CancellationReason> reasons = new ArrayList<>();
            boolean cancelled = false;
            List<Map<String, AttributeValue>> befores = new ArrayList<>();
            List<Map<String, AttributeValue>> afters = new ArrayList<>();
            for (Action action : actions) {
                TableData table = ItemOperations.table(database, action.table().name());
                Map<String, AttributeValue> before = action.key() == null ? null : table.get(action.key());
                befores.add(before);
                Map<String, AttributeValue> after = before;
                CancellationReason reason = CancellationReason.none();
                try {
                    if (action.invalid() != null) {
                        reason = new CancellationReason("ValidationError", action.invalid(), null);
                    } else if (!ItemOperations.holds(action.condition(), before)) {
                        reason = new CancellationReason("ConditionalCheckFailed",
                                ConditionalCheckFailedException.MESSAGE, action.oldOnFailure() ? before : null);
                    } else {
                        switch (action.kind()) {
                            case "Put":
                                after = action.item();
                                break;
                            case "Delete":
                                after = null;
                                break;
                            case "Update":
                                after = ItemOperations.applyUpdate(table.definition(), action.key(), before,
                                        action.update());
                                break;
                            default:
                                break;
                        }
                    }
                } catch (ValidationException e) {
                    reason = new CancellationReason("ValidationError", e.getMessage(), null);
                }
                if (!"None".equals(reason.code())) {
                    cancelled = true;
                }
                reasons.add(reason);
                afters.add(after);
            }
            if (cancelled) {
                throw new TransactionCanceledException(reasons);
            }
            Database.Commit commit = database.newCommit();
            for (int i = 0; i < actions.size(); i++) {
                Action action = actions.get(i);
                TableDefinition definition = database.table(action.table().name()).definition();
                if ("ConditionCheck".equals(action.kind())) {
                    capacity.read(definition.name(), befores.get(i) == null ? 0 : ItemSizes.itemSize(befores.get(i)),
                            true, 2);
                    continue;
                }
                capacity.write(definition, befores.get(i), afters.get(i), 2);
                commit.writeItem(definition, befores.get(i), afters.get(i), false);
            }
            database.commit(commit);
            if (token != null) {
                tokens.put(token, new TokenUse(withoutCapacity(request), now));
            }
            return null;
        });
        if (capacity.wanted()) {
            response.set("ConsumedCapacity", capacity.describeAll());
        }
        return response;
    }

    /** Whether a retried request is "the same": everything but what it asks to have returned. */
    private static com.fasterxml.jackson.databind.JsonNode withoutCapacity(Params request) {
        ObjectNode copy = (ObjectNode) request.node().deepCopy();
        copy.remove("ReturnConsumedCapacity");
        copy.remove("ReturnItemCollectionMetrics");
        return copy;
    }

    private void expireTokens(long now) {
        for (Iterator<TokenUse> it = tokens.values().iterator(); it.hasNext();) {
            if (now - it.next().atMillis() >= TOKEN_LIFETIME.toMillis()) {
                it.remove();
            } else {
                break; // insertion order is time order
            }
        }
    }

    private Action parse(Params item) {
        List<String> kinds = new ArrayList<>();
        for (String kind : List.of("ConditionCheck", "Put", "Delete", "Update")) {
            if (item.has(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            throw new ValidationException("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = kinds.get(0);
        Params action = item.object(kind);
        String tableName = ItemOperations.tableName(action);
        boolean oldOnFailure = ItemOperations.returnOldOnConditionFailure(action);
        RequestExpressions expressions = new RequestExpressions(action);
        UpdateExpression update = "Update".equals(kind) ? expressions.update() : null;
        ConditionExpression condition = expressions.condition("ConditionExpression");
        expressions.checkAllUsed();
        TableDefinition definition = ItemOperations.table(database, tableName).definition();
        PrimaryKey key = null;
        Map<String, AttributeValue> newItem = null;
        if ("Update".equals(kind) && update == null) {
            throw Params.missing("UpdateExpression");
        }
        if ("ConditionCheck".equals(kind) && condition == null) {
            throw new ValidationException("1 validation error detected: Value null at"
                    + " 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        // A key or item DynamoDB refuses cancels the transaction with a ValidationError reason (recorded against
        // AWS by alternator's test_transact.py) rather than failing the request.
        try {
            switch (kind) {
                case "Put":
                    newItem = action.attributeMap("Item");
                    key = ItemRules.item(definition, newItem, false);
                    break;
                default:
                    key = ItemRules.key(definition, action.attributeMap("Key"));
                    break;
            }
        } catch (ValidationException e) {
            return new Action(kind, definition, null, newItem, condition, update, oldOnFailure, e.getMessage());
        }
        if ("Update".equals(kind)) {
            ItemOperations.checkKeyNotUpdated(definition, update);
        }
        return new Action(kind, definition, key, newItem, condition, update, oldOnFailure, null);
    }

    private static void checkCount(int size, String member) {
        if (size < 1) {
            throw new ValidationException("1 validation error detected: Value '[]' at '" + member + "' failed to"
                    + " satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (size > MAX_ACTIONS) {
            throw new ValidationException("1 validation error detected: Value at '" + member + "' failed to satisfy"
                    + " constraint: Member must have length less than or equal to " + MAX_ACTIONS);
        }
    }

    ObjectNode transactGetItems(Params request) {
        List<Params> items = request.list("TransactItems");
        if (items == null) {
            throw Params.missing("TransactItems");
        }
        checkCount(items.size(), "transactItems");
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        record Get(TableData table, PrimaryKey key, ProjectionExpression projection) {
        }
        List<Get> gets = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (Params item : items) {
            Params get = item.object("Get");
            if (get == null) {
                throw Params.missing("Get");
            }
            String tableName = ItemOperations.tableName(get);
            RequestExpressions expressions = new RequestExpressions(get);
            ProjectionExpression projection = expressions.projection();
            expressions.checkAllUsed();
            TableData table = ItemOperations.table(database, tableName);
            PrimaryKey key = ItemRules.key(table.definition(), get.attributeMap("Key"));
            if (!touched.add(tableName + "\u0000" + key)) {
                throw new ValidationException("Transaction request cannot include multiple operations on one item");
            }
            gets.add(new Get(table, key, projection));
        }
        // Read under the write lock so that the items come from one point in time, as a transaction's do.
        List<Map<String, AttributeValue>> found = database.write(() -> {
            List<Map<String, AttributeValue>> result = new ArrayList<>();
            for (Get get : gets) {
                result.add(get.table().get(get.key()));
            }
            return result;
        });
        ObjectNode response = Json.object();
        ArrayNode responses = response.putArray("Responses");
        for (int i = 0; i < gets.size(); i++) {
            Map<String, AttributeValue> item = found.get(i);
            Get get = gets.get(i);
            capacity.read(get.table().definition().name(), item == null ? 0 : ItemSizes.itemSize(item), true, 2);
            ObjectNode entry = responses.addObject();
            if (item != null) {
                entry.set("Item", AttributeValueJson.writeMap(get.projection() == null ? item
                        : get.projection().project(item)));
            }
        }
        if (capacity.wanted()) {
            response.set("ConsumedCapacity", capacity.describeAll());
        }
        return response;
    }

}
