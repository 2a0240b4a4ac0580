package dev.ddbstreams.dynamodb.items;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.ItemSizes;
import dev.ddbstreams.dynamodb.protocol.Json;
import dev.ddbstreams.dynamodb.storage.Projections;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capacity units consumed, as DynamoDB counts them: a write unit per 1 KB written (the larger of the old and
 * new item), a read unit per 4 KB read (half for an eventually consistent read), twice that in a
 * transaction; index writes are counted per index.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html">DynamoDB read and write operations</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes">GSI write capacity</a>
 */
public final class Capacity {

    private final String mode;
    private final Map<String, Tally> tables = new LinkedHashMap<>();

    private static final class Tally {
        double read;
        double write;
        final Map<String, double[]> globalIndexes = new LinkedHashMap<>();
        final Map<String, double[]> localIndexes = new LinkedHashMap<>();
    }

    /** @param mode the request's ReturnConsumedCapacity: INDEXES, TOTAL, NONE or null */
    public Capacity(String mode) {
        if (mode != null && !mode.equals("INDEXES") && !mode.equals("TOTAL") && !mode.equals("NONE")) {
            throw new ValidationException("1 validation error detected: Value '" + mode + "' at"
                    + " 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [INDEXES, TOTAL, NONE]");
        }
        this.mode = mode == null ? "NONE" : mode;
    }

    public boolean wanted() {
        return !"NONE".equals(mode);
    }

    public static double readUnits(long bytes, boolean consistent) {
        long units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2.0;
    }

    public static long writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    public void read(String table, long bytes, boolean consistent, int factor) {
        tables.computeIfAbsent(table, t -> new Tally()).read += readUnits(bytes, consistent) * factor;
    }

    /** A read served by an index (Query or Scan with IndexName). */
    public void readIndex(String table, IndexDefinition index, long bytes, boolean consistent) {
        Tally tally = tables.computeIfAbsent(table, t -> new Tally());
        double units = readUnits(bytes, consistent);
        (index.global() ? tally.globalIndexes : tally.localIndexes).computeIfAbsent(index.name(),
                n -> new double[2])[0] += units;
    }

    /** One item written: the table's units and each affected index's. */
    public void write(TableDefinition table, Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem,
            int factor) {
        Tally tally = tables.computeIfAbsent(table.name(), t -> new Tally());
        long size = Math.max(oldItem == null ? 0 : ItemSizes.itemSize(oldItem),
                newItem == null ? 0 : ItemSizes.itemSize(newItem));
        tally.write += writeUnits(size) * factor;
        for (IndexDefinition index : table.indexes()) {
            Map<String, AttributeValue> before = oldItem == null ? null
                    : Projections.project(table.keySchema(), index, oldItem);
            Map<String, AttributeValue> after = newItem == null ? null
                    : Projections.project(table.keySchema(), index, newItem);
            double units = 0;
            if (before != null && after != null) {
                boolean keyChanged = index.keySchema().names().stream()
                        .anyMatch(n -> !oldItem.get(n).equals(newItem.get(n)));
                if (keyChanged) {
                    units = writeUnits(ItemSizes.itemSize(before)) + writeUnits(ItemSizes.itemSize(after));
                } else if (!before.equals(after)) {
                    units = writeUnits(ItemSizes.itemSize(after));
                }
            } else if (before != null) {
                units = writeUnits(ItemSizes.itemSize(before));
            } else if (after != null) {
                units = writeUnits(ItemSizes.itemSize(after));
            }
            if (units > 0) {
                (index.global() ? tally.globalIndexes : tally.localIndexes).computeIfAbsent(index.name(),
                        n -> new double[2])[1] += units * factor;
            }
        }
    }

    /** The ConsumedCapacity of one table, or null when the request did not ask for it. */
    public ObjectNode describe(String table) {
        if (!wanted()) {
            return null;
        }
        Tally tally = tables.getOrDefault(table, new Tally());
        ObjectNode node = Json.object();
        node.put("TableName", table);
        double total = tally.read + tally.write;
        for (double[] units : tally.globalIndexes.values()) {
            total += units[0] + units[1];
        }
        for (double[] units : tally.localIndexes.values()) {
            total += units[0] + units[1];
        }
        node.put("CapacityUnits", total);
        if (tally.read > 0 || sum(tally, 0) > 0) {
            node.put("ReadCapacityUnits", tally.read + sum(tally, 0));
        }
        if (tally.write > 0 || sum(tally, 1) > 0) {
            node.put("WriteCapacityUnits", tally.write + sum(tally, 1));
        }
        if ("INDEXES".equals(mode)) {
            node.set("Table", units(tally.read, tally.write));
            if (!tally.globalIndexes.isEmpty()) {
                ObjectNode indexes = node.putObject("GlobalSecondaryIndexes");
                tally.globalIndexes.forEach((name, u) -> indexes.set(name, units(u[0], u[1])));
            }
            if (!tally.localIndexes.isEmpty()) {
                ObjectNode indexes = node.putObject("LocalSecondaryIndexes");
                tally.localIndexes.forEach((name, u) -> indexes.set(name, units(u[0], u[1])));
            }
        }
        return node;
    }

    /** ConsumedCapacity for every table touched, as batch and transaction responses list it. */
    public com.fasterxml.jackson.databind.node.ArrayNode describeAll() {
        com.fasterxml.jackson.databind.node.ArrayNode array = Json.MAPPER.createArrayNode();
        tables.keySet().forEach(table -> array.add(describe(table)));
        return array;
    }

    /** Makes sure a table shows up in {@link #describeAll()} even when it consumed nothing. */
    public void touch(String table) {
        tables.computeIfAbsent(table, t -> new Tally());
    }

    private static double sum(Tally tally, int which) {
        double sum = 0;
        for (double[] units : tally.globalIndexes.values()) {
            sum += units[which];
        }
        for (double[] units : tally.localIndexes.values()) {
            sum += units[which];
        }
        return sum;
    }

    private static ObjectNode units(double read, double write) {
        ObjectNode node = Json.object().put("CapacityUnits", read + write);
        if (read > 0) {
            node.put("ReadCapacityUnits", read);
        }
        if (write > 0) {
            node.put("WriteCapacityUnits", write);
        }
        return node;
    }
}
