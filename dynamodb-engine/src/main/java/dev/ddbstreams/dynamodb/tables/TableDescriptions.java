package dev.ddbstreams.dynamodb.tables;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.protocol.Json;
import dev.ddbstreams.dynamodb.storage.TableData;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.KeySchema;
import dev.ddbstreams.dynamodb.tables.TableDefinition.Projection;
import dev.ddbstreams.dynamodb.tables.TableDefinition.Throughput;
import java.math.BigDecimal;

/**
 * Renders TableDescription as DynamoDB shapes it.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html">TableDescription</a>
 */
public final class TableDescriptions {

    private TableDescriptions() {
    }

    /** Times are epoch seconds with milliseconds, as the JSON protocol carries timestamps. */
    public static BigDecimal epochSeconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    public static ObjectNode describe(TableDefinition d, TableData data, String status, String region,
            String accountId) {
        ObjectNode node = Json.object();
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        d.attributeDefinitions().forEach((name, type) -> definitions.addObject().put("AttributeName", name)
                .put("AttributeType", type));
        node.put("TableName", d.name());
        node.set("KeySchema", keySchema(d.keySchema()));
        node.put("TableStatus", status);
        node.put("CreationDateTime", epochSeconds(d.createdMillis()));
        node.set("ProvisionedThroughput", throughput(d.throughput()));
        node.put("TableSizeBytes", data == null ? 0 : data.sizeBytes());
        node.put("ItemCount", data == null ? 0 : data.itemCount());
        String arn = d.arn(region, accountId);
        node.put("TableArn", arn);
        node.put("TableId", d.tableId());
        if (TableDefinition.PAY_PER_REQUEST.equals(d.billingMode()) || d.billingModeChangedMillis() != null) {
            ObjectNode billing = node.putObject("BillingModeSummary").put("BillingMode", d.billingMode());
            billing.put("LastUpdateToPayPerRequestDateTime",
                    epochSeconds(d.billingModeChangedMillis() != null ? d.billingModeChangedMillis() : d.createdMillis()));
        }
        if (!d.localSecondaryIndexes().isEmpty()) {
            ArrayNode indexes = node.putArray("LocalSecondaryIndexes");
            for (IndexDefinition index : d.localSecondaryIndexes()) {
                ObjectNode i = indexes.addObject();
                i.put("IndexName", index.name());
                i.set("KeySchema", keySchema(index.keySchema()));
                i.set("Projection", projection(index.projection()));
                long[] stats = data == null ? new long[2] : data.indexStats(index.name());
                i.put("IndexSizeBytes", stats[1]);
                i.put("ItemCount", stats[0]);
                i.put("IndexArn", arn + "/index/" + index.name());
            }
        }
        if (!d.globalSecondaryIndexes().isEmpty()) {
            ArrayNode indexes = node.putArray("GlobalSecondaryIndexes");
            for (IndexDefinition index : d.globalSecondaryIndexes()) {
                ObjectNode i = indexes.addObject();
                i.put("IndexName", index.name());
                i.set("KeySchema", keySchema(index.keySchema()));
                i.set("Projection", projection(index.projection()));
                i.put("IndexStatus", index.status());
                if (index.backfilling()) {
                    i.put("Backfilling", true);
                }
                i.set("ProvisionedThroughput", throughput(index.throughput()));
                long[] stats = data == null ? new long[2] : data.indexStats(index.name());
                i.put("IndexSizeBytes", stats[1]);
                i.put("ItemCount", stats[0]);
                i.put("IndexArn", arn + "/index/" + index.name());
            }
        }
        TableDefinition.StreamSpecification stream = d.streamSpecification();
        if (stream.enabled()) {
            node.putObject("StreamSpecification").put("StreamEnabled", true).put("StreamViewType", stream.viewType());
        }
        if (stream.latestStreamLabel() != null) {
            node.put("LatestStreamLabel", stream.latestStreamLabel());
            node.put("LatestStreamArn", arn + "/stream/" + stream.latestStreamLabel());
        }
        if (d.sse() != null) {
            node.putObject("SSEDescription").put("Status", "ENABLED").put("SSEType", d.sse().sseType())
                    .put("KMSMasterKeyArn", d.sse().kmsMasterKeyArn());
        }
        if (!"STANDARD".equals(d.tableClass())) {
            node.putObject("TableClassSummary").put("TableClass", d.tableClass());
        }
        node.put("DeletionProtectionEnabled", d.deletionProtection());
        return node;
    }

    public static ArrayNode keySchema(KeySchema schema) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        array.addObject().put("AttributeName", schema.partitionKey()).put("KeyType", "HASH");
        if (schema.hasSortKey()) {
            array.addObject().put("AttributeName", schema.sortKey()).put("KeyType", "RANGE");
        }
        return array;
    }

    private static ObjectNode projection(Projection projection) {
        ObjectNode node = Json.object().put("ProjectionType", projection.type());
        if (projection.nonKeyAttributes() != null && !projection.nonKeyAttributes().isEmpty()) {
            ArrayNode attributes = node.putArray("NonKeyAttributes");
            projection.nonKeyAttributes().forEach(attributes::add);
        }
        return node;
    }

    private static ObjectNode throughput(Throughput t) {
        Throughput throughput = t == null ? Throughput.ON_DEMAND : t;
        ObjectNode node = Json.object();
        if (throughput.lastIncreaseMillis() != null) {
            node.put("LastIncreaseDateTime", epochSeconds(throughput.lastIncreaseMillis()));
        }
        if (throughput.lastDecreaseMillis() != null) {
            node.put("LastDecreaseDateTime", epochSeconds(throughput.lastDecreaseMillis()));
        }
        node.put("NumberOfDecreasesToday", throughput.decreasesToday());
        node.put("ReadCapacityUnits", throughput.readCapacityUnits());
        node.put("WriteCapacityUnits", throughput.writeCapacityUnits());
        return node;
    }
}
