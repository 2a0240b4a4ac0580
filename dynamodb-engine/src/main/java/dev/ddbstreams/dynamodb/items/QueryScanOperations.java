package dev.ddbstreams.dynamodb.items;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.expression.ConditionExpression;
import dev.ddbstreams.dynamodb.expression.KeyCondition;
import dev.ddbstreams.dynamodb.expression.ProjectionExpression;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.ItemSizes;
import dev.ddbstreams.dynamodb.model.KeyValues;
import dev.ddbstreams.dynamodb.protocol.AttributeValueJson;
import dev.ddbstreams.dynamodb.protocol.Json;
import dev.ddbstreams.dynamodb.protocol.Operation;
import dev.ddbstreams.dynamodb.protocol.Params;
import dev.ddbstreams.dynamodb.storage.Database;
import dev.ddbstreams.dynamodb.storage.PrimaryKey;
import dev.ddbstreams.dynamodb.storage.SortedItems;
import dev.ddbstreams.dynamodb.storage.SortedItems.RowKey;
import dev.ddbstreams.dynamodb.storage.TableData;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.KeySchema;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Query and Scan, on a table or one of its indexes: pages of at most 1 MB read (or Limit items evaluated),
 * filters applied after reading, LastEvaluatedKey to go on from.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.html">Querying tables</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html">Scanning tables</a>
 */
public final class QueryScanOperations {

    /** "A single Query operation will read up to a maximum of 1 MB of data". */
    static final long PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECTS = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
            "SPECIFIC_ATTRIBUTES", "COUNT");

    private final Database database;

    public QueryScanOperations(Database database) {
        this.database = database;
    }

    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("Query", request -> read(request, true));
        ops.put("Scan", request -> read(request, false));
        return ops;
    }

    /** What one Query or Scan reads from: the table or an index, and how items come out. */
    private record Source(TableData table, IndexDefinition index, SortedItems rows, KeySchema keys, boolean fetchFromTable) {
    }

    private ObjectNode read(Params original, boolean query) {
        Params request = LegacyParameters.translate(original);
        String tableName = ItemOperations.tableName(request);
        String indexName = request.string("IndexName");
        boolean consistent = Boolean.TRUE.equals(request.bool("ConsistentRead"));
        Integer limit = request.integer("Limit");
        if (limit != null && limit < 1) {
            throw new ValidationException("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value greater than or equal to 1");
        }
        String select = request.string("Select");
        if (select != null && !SELECTS.contains(select)) {
            throw new ValidationException("1 validation error detected: Value '" + select + "' at 'select' failed to"
                    + " satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT,"
                    + " ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }
        Integer segment = request.integer("Segment");
        Integer totalSegments = request.integer("TotalSegments");
        if (!query) {
            checkSegments(segment, totalSegments);
        }
        Capacity capacity = new Capacity(request.string("ReturnConsumedCapacity"));
        RequestExpressions expressions = query
                ? new RequestExpressions(request, "KeyConditionExpression", "FilterExpression", "ProjectionExpression")
                : new RequestExpressions(request, "FilterExpression", "ProjectionExpression");
        TableData table = ItemOperations.table(database, tableName);
        TableDefinition definition = table.definition();
        IndexDefinition index = null;
        if (indexName != null) {
            index = definition.index(indexName).orElseThrow(() -> new ValidationException(
                    "The table does not have the specified index: " + indexName));
            if (index.global() && consistent) {
                throw new ValidationException("Consistent reads are not supported on global secondary indexes");
            }
        }
        KeySchema keys = index == null ? definition.keySchema() : index.keySchema();
        KeyCondition keyCondition = null;
        if (query) {
            if (!request.has("KeyConditionExpression")) {
                throw new ValidationException("Either the KeyConditions or KeyConditionExpression parameter must be"
                        + " specified in the request.");
            }
            keyCondition = expressions.keyCondition(keys.partitionKey(), keys.sortKey());
        }
        ConditionExpression filter = expressions.condition("FilterExpression");
        ProjectionExpression projection = expressions.projection();
        boolean attributesToGet = false;
        if (projection == null) {
            projection = expressions.attributesToGet();
            attributesToGet = projection != null;
        }
        expressions.checkAllUsed();
        String effectiveSelect = checkSelect(select, projection != null, attributesToGet, index);
        if (keyCondition != null) {
            checkKeyConditionTypes(definition, keys, keyCondition);
        }
        boolean fetchFromTable = index != null && !index.global() && !"ALL".equals(index.projection().type())
                && ("ALL_ATTRIBUTES".equals(effectiveSelect) || projection != null);
        SortedItems rows = index == null ? table.items() : table.index(index.name());
        Source source = new Source(table, index, rows, keys, fetchFromTable);
        Map<String, AttributeValue> startKey = request.attributeMap("ExclusiveStartKey");
        RowPosition start = startKey == null ? null : startPosition(definition, index, keys, startKey);
        boolean forward = !Boolean.FALSE.equals(request.bool("ScanIndexForward"));

        Page page = new Page(limit, filter, projection, "COUNT".equals(effectiveSelect));
        if (query) {
            if (start != null && !start.partition.equals(keyCondition.partitionKeyValue())) {
                throw new ValidationException("The provided starting key is invalid: The provided key element does not"
                        + " match the schema");
            }
            NavigableMap<RowKey, Map<String, AttributeValue>> partition = rows.partition(keyCondition.partitionKeyValue());
            NavigableMap<RowKey, Map<String, AttributeValue>> ordered = forward ? partition : partition.descendingMap();
            if (start != null) {
                ordered = ordered.tailMap(start.row, false);
            }
            KeyCondition.SortKeyCondition sortCondition = keyCondition.sortKeyCondition().orElse(null);
            for (Map.Entry<RowKey, Map<String, AttributeValue>> row : ordered.entrySet()) {
                if (sortCondition != null && !sortMatches(sortCondition, row.getKey().sort())) {
                    continue;
                }
                if (!page.add(row.getValue(), source)) {
                    break;
                }
            }
        } else {
            long low = 0;
            long high = 1L << 32;
            if (totalSegments != null) {
                low = (1L << 32) * segment / totalSegments;
                high = (1L << 32) * (segment + 1) / totalSegments;
            }
            NavigableMap<AttributeValue, ConcurrentSkipListMap<RowKey, Map<String, AttributeValue>>> partitions =
                    rows.partitionsFrom(start == null ? null : start.partition, true);
            scan:
            for (Map.Entry<AttributeValue, ConcurrentSkipListMap<RowKey, Map<String, AttributeValue>>> partition
                    : partitions.entrySet()) {
                long hash = KeyValues.partitionHash(partition.getKey());
                if (hash < low) {
                    continue;
                }
                if (hash >= high) {
                    break;
                }
                NavigableMap<RowKey, Map<String, AttributeValue>> partitionRows = partition.getValue();
                if (start != null && partition.getKey().equals(start.partition)) {
                    partitionRows = partitionRows.tailMap(start.row, false);
                }
                for (Map<String, AttributeValue> item : partitionRows.values()) {
                    if (!page.add(item, source)) {
                        break scan;
                    }
                }
            }
        }
        if (index == null) {
            capacity.read(tableName, page.bytes, consistent, 1);
        } else {
            capacity.readIndex(tableName, index, page.bytes, consistent);
        }
        ObjectNode response = Json.object();
        if (!page.countOnly) {
            response.set("Items", page.items);
        }
        response.put("Count", page.count);
        response.put("ScannedCount", page.scanned);
        if (page.stoppedAt != null) {
            response.set("LastEvaluatedKey", AttributeValueJson.writeMap(lastEvaluatedKey(definition, index,
                    page.stoppedAt)));
        }
        ItemOperations.addCapacity(response, capacity, tableName);
        return response;
    }

    /** The items of one page as they are read. */
    private static final class Page {
        final Integer limit;
        final ConditionExpression filter;
        final ProjectionExpression projection;
        final boolean countOnly;
        final ArrayNode items = Json.MAPPER.createArrayNode();
        int count;
        int scanned;
        long bytes;
        Map<String, AttributeValue> stoppedAt;

        Page(Integer limit, ConditionExpression filter, ProjectionExpression projection, boolean countOnly) {
            this.limit = limit;
            this.filter = filter;
            this.projection = projection;
            this.countOnly = countOnly;
        }

        /** Reads one item; false when the page is full (Limit items evaluated or 1 MB read). */
        boolean add(Map<String, AttributeValue> row, Source source) {
            Map<String, AttributeValue> item = row;
            if (source.fetchFromTable) {
                Map<String, AttributeValue> full = source.table.get(PrimaryKey.of(source.table.definition().keySchema(),
                        row));
                item = full == null ? row : full;
            }
            scanned++;
            bytes += ItemSizes.itemSize(item);
            if (filter == null || filter.test(item)) {
                count++;
                if (!countOnly) {
                    items.add(AttributeValueJson.writeMap(projection == null ? item : projection.project(item)));
                }
            }
            if ((limit != null && scanned >= limit) || bytes >= PAGE_BYTES) {
                stoppedAt = row;
                return false;
            }
            return true;
        }
    }

    private record RowPosition(AttributeValue partition, RowKey row) {
    }

    /** Where ExclusiveStartKey says to go on from; it must hold the table's keys (and the index's). */
    private static RowPosition startPosition(TableDefinition definition, IndexDefinition index, KeySchema keys,
            Map<String, AttributeValue> startKey) {
        KeySchema tableKeys = definition.keySchema();
        java.util.Set<String> expected = new java.util.HashSet<>(tableKeys.names());
        expected.addAll(keys.names());
        if (!startKey.keySet().equals(expected)) {
            // dynalite records AWS's shorter wording for a start key missing (or adding) key attributes.
            throw new ValidationException("The provided starting key is invalid");
        }
        for (String name : expected) {
            if (!startKey.get(name).type().equals(definition.attributeDefinitions().get(name))) {
                throw new ValidationException("The provided starting key is invalid: The provided key element does"
                        + " not match the schema");
            }
        }
        PrimaryKey tableKey = PrimaryKey.of(tableKeys, startKey);
        if (index == null) {
            return new RowPosition(tableKey.partition(), new RowKey(tableKey.sort(), null));
        }
        return new RowPosition(startKey.get(keys.partitionKey()),
                new RowKey(keys.hasSortKey() ? startKey.get(keys.sortKey()) : null, tableKey));
    }

    private static Map<String, AttributeValue> lastEvaluatedKey(TableDefinition definition, IndexDefinition index,
            Map<String, AttributeValue> row) {
        Map<String, AttributeValue> key = new LinkedHashMap<>(PrimaryKey.of(definition.keySchema(), row)
                .toMap(definition.keySchema()));
        if (index != null) {
            for (String name : index.keySchema().names()) {
                key.put(name, row.get(name));
            }
        }
        return key;
    }

    private static String checkSelect(String select, boolean projection, boolean attributesToGet,
            IndexDefinition index) {
        String parameter = attributesToGet ? "AttributesToGet" : "ProjectionExpression";
        if (select == null) {
            if (projection) {
                return "SPECIFIC_ATTRIBUTES";
            }
            return index == null ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES";
        }
        switch (select) {
            case "SPECIFIC_ATTRIBUTES":
                if (!projection) {
                    throw new ValidationException("One or more parameter values were invalid: Must specify the"
                            + " AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
                }
                break;
            case "COUNT":
                if (projection) {
                    throw new ValidationException("Cannot specify the " + parameter
                            + " when choosing to get only the Count");
                }
                break;
            case "ALL_ATTRIBUTES":
                if (projection) {
                    throw new ValidationException("One or more parameter values were invalid: Cannot specify the "
                            + parameter + " when choosing to get ALL_ATTRIBUTES");
                }
                if (index != null && index.global() && !"ALL".equals(index.projection().type())) {
                    throw new ValidationException("One or more parameter values were invalid: Select type"
                            + " ALL_ATTRIBUTES is not supported for global secondary index " + index.name()
                            + " because its projection type is not ALL");
                }
                break;
            case "ALL_PROJECTED_ATTRIBUTES":
                if (index == null) {
                    throw new ValidationException("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an"
                            + " IndexName");
                }
                if (projection) {
                    throw new ValidationException("One or more parameter values were invalid: Cannot specify the "
                            + parameter + " when choosing to get ALL_PROJECTED_ATTRIBUTES");
                }
                break;
            default:
                break;
        }
        return select;
    }

    private static void checkSegments(Integer segment, Integer totalSegments) {
        if (segment != null && totalSegments == null) {
            throw new ValidationException("The TotalSegments parameter is required but was not present in the request"
                    + " when Segment parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw new ValidationException("The Segment parameter is required but was not present in the request when"
                    + " parameter TotalSegments is present");
        }
        if (totalSegments != null) {
            if (totalSegments < 1 || totalSegments > 1_000_000) {
                throw new ValidationException("1 validation error detected: Value '" + totalSegments + "' at"
                        + " 'totalSegments' failed to satisfy constraint: Member must have value "
                        + (totalSegments < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"));
            }
            if (segment < 0) {
                throw new ValidationException("1 validation error detected: Value '" + segment + "' at 'segment'"
                        + " failed to satisfy constraint: Member must have value greater than or equal to 0");
            }
            if (segment >= totalSegments) {
                throw new ValidationException("The Segment parameter is zero-based and must be less than parameter"
                        + " TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
            }
        }
    }

    private static void checkKeyConditionTypes(TableDefinition definition, KeySchema keys, KeyCondition condition) {
        String partitionType = definition.attributeDefinitions().get(keys.partitionKey());
        if (!condition.partitionKeyValue().type().equals(partitionType)) {
            throw new ValidationException("One or more parameter values were invalid: Condition parameter type does not"
                    + " match schema type");
        }
        condition.sortKeyCondition().ifPresent(sort -> {
            String sortType = definition.attributeDefinitions().get(keys.sortKey());
            for (AttributeValue operand : sort.operands()) {
                if (!operand.type().equals(sortType)) {
                    throw new ValidationException("One or more parameter values were invalid: Condition parameter type"
                            + " does not match schema type");
                }
            }
            if ("BEGINS_WITH".equals(sort.operator()) && "N".equals(sortType)) {
                throw new ValidationException("Invalid KeyConditionExpression: Incorrect operand type for operator or"
                        + " function; operator or function: begins_with, operand type: N");
            }
        });
    }

    static boolean sortMatches(KeyCondition.SortKeyCondition condition, AttributeValue value) {
        if (value == null) {
            return false;
        }
        List<AttributeValue> operands = condition.operands();
        switch (condition.operator()) {
            case "EQ":
                return KeyValues.compare(value, operands.get(0)) == 0;
            case "LT":
                return KeyValues.compare(value, operands.get(0)) < 0;
            case "LE":
                return KeyValues.compare(value, operands.get(0)) <= 0;
            case "GT":
                return KeyValues.compare(value, operands.get(0)) > 0;
            case "GE":
                return KeyValues.compare(value, operands.get(0)) >= 0;
            case "BETWEEN":
                return KeyValues.compare(value, operands.get(0)) >= 0 && KeyValues.compare(value, operands.get(1)) <= 0;
            case "BEGINS_WITH":
                if (value instanceof AttributeValue.S s && operands.get(0) instanceof AttributeValue.S prefix) {
                    return s.value().startsWith(prefix.value());
                }
                if (value instanceof AttributeValue.B b && operands.get(0) instanceof AttributeValue.B prefix) {
                    byte[] bytes = b.value();
                    byte[] start = prefix.value();
                    return bytes.length >= start.length
                            && Arrays.equals(Arrays.copyOf(bytes, start.length), start);
                }
                return false;
            default:
                throw new IllegalStateException("unknown sort key operator " + condition.operator());
        }
    }

    /** Used by Iterator-based callers that need to walk all rows (TTL sweep). */
    static Iterator<Map<String, AttributeValue>> all(TableData table) {
        return table.items().all();
    }
}
