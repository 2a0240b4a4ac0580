package dev.ddbstreams.dynamodb.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a table is declared with, immutable; the items live elsewhere. Times are epoch milliseconds
 * so a definition serialises as plain JSON into the write-ahead log.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html">TableDescription</a>
 */
public record TableDefinition(String name, String tableId, long createdMillis, KeySchema keySchema,
        Map<String, String> attributeDefinitions, String billingMode, Long billingModeChangedMillis,
        Throughput throughput, List<IndexDefinition> globalSecondaryIndexes,
        List<IndexDefinition> localSecondaryIndexes, StreamSpecification streamSpecification, Sse sse,
        Map<String, String> tags, String ttlAttributeName, boolean ttlEnabled, boolean pointInTimeRecovery,
        Long pointInTimeRecoveryEnabledMillis, boolean deletionProtection, String tableClass) {

    public static final String PROVISIONED = "PROVISIONED";
    public static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";

    public TableDefinition {
        attributeDefinitions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributeDefinitions));
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = List.copyOf(localSecondaryIndexes);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The primary key: a partition key and an optional sort key. */
    public record KeySchema(String partitionKey, String sortKey) {
        public boolean hasSortKey() {
            return sortKey != null;
        }

        public List<String> names() {
            return sortKey == null ? List.of(partitionKey) : List.of(partitionKey, sortKey);
        }
    }

    /** ALL, KEYS_ONLY or INCLUDE (with the non-key attributes named). */
    public record Projection(String type, List<String> nonKeyAttributes) {
        public Projection {
            nonKeyAttributes = nonKeyAttributes == null ? null : List.copyOf(nonKeyAttributes);
        }
    }

    /**
     * Provisioned capacity and its change history, as ProvisionedThroughputDescription shows it.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ProvisionedThroughputDescription.html">ProvisionedThroughputDescription</a>
     */
    public record Throughput(long readCapacityUnits, long writeCapacityUnits, Long lastIncreaseMillis,
            Long lastDecreaseMillis, int decreasesToday) {
        public static final Throughput ON_DEMAND = new Throughput(0, 0, null, null, 0);
    }

    /** A global or local secondary index. */
    public record IndexDefinition(String name, boolean global, KeySchema keySchema, Projection projection,
            Throughput throughput, String status, boolean backfilling) {
        public IndexDefinition withStatus(String newStatus, boolean newBackfilling) {
            return new IndexDefinition(name, global, keySchema, projection, throughput, newStatus, newBackfilling);
        }

        public IndexDefinition withThroughput(Throughput newThroughput) {
            return new IndexDefinition(name, global, keySchema, projection, newThroughput, status, backfilling);
        }
    }

    /** Whether the table has a stream, with which view type and its latest label (null when never enabled). */
    public record StreamSpecification(boolean enabled, String viewType, String latestStreamLabel) {
        public static final StreamSpecification NONE = new StreamSpecification(false, null, null);
    }

    /** Server-side encryption as described; null in the definition means AWS-owned keys (not described). */
    public record Sse(String sseType, String kmsMasterKeyArn) {
    }

    public Optional<IndexDefinition> index(String indexName) {
        for (IndexDefinition index : globalSecondaryIndexes) {
            if (index.name().equals(indexName)) {
                return Optional.of(index);
            }
        }
        for (IndexDefinition index : localSecondaryIndexes) {
            if (index.name().equals(indexName)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    public List<IndexDefinition> indexes() {
        List<IndexDefinition> all = new ArrayList<>(localSecondaryIndexes);
        all.addAll(globalSecondaryIndexes);
        return all;
    }

    public String arn(String region, String accountId) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + name;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a definition with some settings changed (UpdateTable, TTL, tags, backups). */
    public static final class Builder {
        private String name;
        private String tableId;
        private long createdMillis;
        private KeySchema keySchema;
        private Map<String, String> attributeDefinitions;
        private String billingMode;
        private Long billingModeChangedMillis;
        private Throughput throughput;
        private List<IndexDefinition> globalSecondaryIndexes;
        private List<IndexDefinition> localSecondaryIndexes;
        private StreamSpecification streamSpecification;
        private Sse sse;
        private Map<String, String> tags;
        private String ttlAttributeName;
        private boolean ttlEnabled;
        private boolean pointInTimeRecovery;
        private Long pointInTimeRecoveryEnabledMillis;
        private boolean deletionProtection;
        private String tableClass;

        public Builder() {
            attributeDefinitions = new LinkedHashMap<>();
            globalSecondaryIndexes = new ArrayList<>();
            localSecondaryIndexes = new ArrayList<>();
            streamSpecification = StreamSpecification.NONE;
            tags = new LinkedHashMap<>();
            billingMode = PROVISIONED;
            tableClass = "STANDARD";
        }

        private Builder(TableDefinition d) {
            name = d.name;
            tableId = d.tableId;
            createdMillis = d.createdMillis;
            keySchema = d.keySchema;
            attributeDefinitions = new LinkedHashMap<>(d.attributeDefinitions);
            billingMode = d.billingMode;
            billingModeChangedMillis = d.billingModeChangedMillis;
            throughput = d.throughput;
            globalSecondaryIndexes = new ArrayList<>(d.globalSecondaryIndexes);
            localSecondaryIndexes = new ArrayList<>(d.localSecondaryIndexes);
            streamSpecification = d.streamSpecification;
            sse = d.sse;
            tags = new LinkedHashMap<>(d.tags);
            ttlAttributeName = d.ttlAttributeName;
            ttlEnabled = d.ttlEnabled;
            pointInTimeRecovery = d.pointInTimeRecovery;
            pointInTimeRecoveryEnabledMillis = d.pointInTimeRecoveryEnabledMillis;
            deletionProtection = d.deletionProtection;
            tableClass = d.tableClass;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder tableId(String v) { tableId = v; return this; }
        public Builder createdMillis(long v) { createdMillis = v; return this; }
        public Builder keySchema(KeySchema v) { keySchema = v; return this; }
        public Builder attributeDefinitions(Map<String, String> v) { attributeDefinitions = new LinkedHashMap<>(v); return this; }
        public Builder billingMode(String v) { billingMode = v; return this; }
        public Builder billingModeChangedMillis(Long v) { billingModeChangedMillis = v; return this; }
        public Builder throughput(Throughput v) { throughput = v; return this; }
        public Builder globalSecondaryIndexes(List<IndexDefinition> v) { globalSecondaryIndexes = new ArrayList<>(v); return this; }
        public Builder localSecondaryIndexes(List<IndexDefinition> v) { localSecondaryIndexes = new ArrayList<>(v); return this; }
        public Builder streamSpecification(StreamSpecification v) { streamSpecification = v; return this; }
        public Builder sse(Sse v) { sse = v; return this; }
        public Builder tags(Map<String, String> v) { tags = new LinkedHashMap<>(v); return this; }
        public Builder ttl(String attributeName, boolean enabled) { ttlAttributeName = attributeName; ttlEnabled = enabled; return this; }
        public Builder pointInTimeRecovery(boolean v, Long sinceMillis) { pointInTimeRecovery = v; pointInTimeRecoveryEnabledMillis = sinceMillis; return this; }
        public Builder deletionProtection(boolean v) { deletionProtection = v; return this; }
        public Builder tableClass(String v) { tableClass = v; return this; }

        public TableDefinition build() {
            return new TableDefinition(name, tableId, createdMillis, keySchema, attributeDefinitions, billingMode,
                    billingModeChangedMillis, throughput, globalSecondaryIndexes, localSecondaryIndexes,
                    streamSpecification, sse, tags, ttlAttributeName, ttlEnabled, pointInTimeRecovery,
                    pointInTimeRecoveryEnabledMillis, deletionProtection, tableClass);
        }
    }
}
