package dev.ddbstreams.dynamodb.tables;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.LimitExceededException;
import dev.ddbstreams.dynamodb.errors.ResourceInUseException;
import dev.ddbstreams.dynamodb.errors.ResourceNotFoundException;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.protocol.Json;
import dev.ddbstreams.dynamodb.protocol.Operation;
import dev.ddbstreams.dynamodb.protocol.Params;
import dev.ddbstreams.dynamodb.storage.Database;
import dev.ddbstreams.dynamodb.storage.TableData;
import dev.ddbstreams.dynamodb.tables.TableDefinition.IndexDefinition;
import dev.ddbstreams.dynamodb.tables.TableDefinition.KeySchema;
import dev.ddbstreams.dynamodb.tables.TableDefinition.Projection;
import dev.ddbstreams.dynamodb.tables.TableDefinition.StreamSpecification;
import dev.ddbstreams.dynamodb.tables.TableDefinition.Throughput;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The control plane: tables, indexes, streams on and off, TTL, backups settings, tags, limits and endpoints.
 * Tables become ACTIVE at once (AWS takes seconds); responses show the transitional status AWS returns
 * (CREATING, UPDATING, DELETING) and DescribeTable shows ACTIVE.
 */
public final class TableOperations {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Set<String> VIEW_TYPES = Set.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
    private static final int MAX_GSIS = 20;
    private static final int MAX_LSIS = 5;

    private final Database database;
    private final Supplier<String> endpointAddress;

    /** @param endpointAddress host:port of this engine, for DescribeEndpoints */
    public TableOperations(Database database, Supplier<String> endpointAddress) {
        this.database = database;
        this.endpointAddress = endpointAddress;
    }

    /** The operations by name, for the protocol layer. */
    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateTable", this::createTable);
        ops.put("DescribeTable", this::describeTable);
        ops.put("ListTables", this::listTables);
        ops.put("DeleteTable", this::deleteTable);
        ops.put("UpdateTable", this::updateTable);
        ops.put("UpdateTimeToLive", this::updateTimeToLive);
        ops.put("DescribeTimeToLive", this::describeTimeToLive);
        ops.put("UpdateContinuousBackups", this::updateContinuousBackups);
        ops.put("DescribeContinuousBackups", this::describeContinuousBackups);
        ops.put("TagResource", this::tagResource);
        ops.put("UntagResource", this::untagResource);
        ops.put("ListTagsOfResource", this::listTagsOfResource);
        ops.put("DescribeLimits", request -> Json.object().put("AccountMaxReadCapacityUnits", 80000)
                .put("AccountMaxWriteCapacityUnits", 80000).put("TableMaxReadCapacityUnits", 40000)
                .put("TableMaxWriteCapacityUnits", 40000));
        ops.put("DescribeEndpoints", this::describeEndpoints);
        return ops;
    }

    /** The table named, or ResourceNotFoundException as DescribeTable words it. */
    public static TableData requireTable(Database database, String name) {
        TableData table = database.table(name);
        if (table == null) {
            throw new ResourceNotFoundException("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html">CreateTable</a> */
    ObjectNode createTable(Params request) {
        String name = request.requiredString("TableName");
        checkTableName(name);
        List<Params> keySchemaParams = request.list("KeySchema");
        if (keySchemaParams == null) {
            throw Params.missing("KeySchema");
        }
        List<Params> attributeParams = request.list("AttributeDefinitions");
        if (attributeParams == null) {
            throw Params.missing("AttributeDefinitions");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < attributeParams.size(); i++) {
            Params a = attributeParams.get(i);
            String attributeName = a.requiredString("AttributeName");
            String type = a.requiredString("AttributeType");
            if (!Set.of("S", "N", "B").contains(type)) {
                throw new ValidationException("1 validation error detected: Value '" + type
                        + "' at 'attributeDefinitions." + (i + 1) + ".member.attributeType' failed to satisfy"
                        + " constraint: Member must satisfy enum value set: [B, N, S]");
            }
            if (attributes.put(attributeName, type) != null) {
                throw new ValidationException("Cannot have two attributes with the same name");
            }
        }
        KeySchema keySchema = keySchema(keySchemaParams, "keySchema");
        Set<String> used = new HashSet<>(keySchema.names());
        checkDefined(keySchema, attributes);

        String billingMode = request.string("BillingMode") == null ? TableDefinition.PROVISIONED
                : request.string("BillingMode");
        checkBillingMode(billingMode);
        Throughput throughput = throughputFor(billingMode, request.object("ProvisionedThroughput"), null);

        List<IndexDefinition> lsis = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        List<Params> lsiParams = request.list("LocalSecondaryIndexes");
        if (lsiParams != null) {
            if (lsiParams.isEmpty()) {
                throw new ValidationException("One or more parameter values were invalid: List of"
                        + " LocalSecondaryIndexes is empty");
            }
            if (!keySchema.hasSortKey()) {
                throw new ValidationException("One or more parameter values were invalid: Table KeySchema does not"
                        + " have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (lsiParams.size() > MAX_LSIS) {
                throw new ValidationException("One or more parameter values were invalid: Number of"
                        + " LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSIS);
            }
            for (Params p : lsiParams) {
                IndexDefinition index = index(p, false, billingMode, attributes, indexNames);
                if (!index.keySchema().partitionKey().equals(keySchema.partitionKey())) {
                    throw new ValidationException("One or more parameter values were invalid: Index KeySchema does"
                            + " not have the same leading hash key as table KeySchema for index: " + index.name()
                            + ". index hash key: " + index.keySchema().partitionKey() + ", table hash key: "
                            + keySchema.partitionKey());
                }
                if (!index.keySchema().hasSortKey()) {
                    throw new ValidationException("One or more parameter values were invalid: Index KeySchema does"
                            + " not have a range key for index: " + index.name());
                }
                used.addAll(index.keySchema().names());
                lsis.add(index);
            }
        }
        List<IndexDefinition> gsis = new ArrayList<>();
        List<Params> gsiParams = request.list("GlobalSecondaryIndexes");
        if (gsiParams != null) {
            if (gsiParams.isEmpty()) {
                throw new ValidationException("One or more parameter values were invalid: List of"
                        + " GlobalSecondaryIndexes is empty");
            }
            if (gsiParams.size() > MAX_GSIS) {
                throw new ValidationException("One or more parameter values were invalid: GlobalSecondaryIndex"
                        + " count exceeds the per-table limit of " + MAX_GSIS);
            }
            for (Params p : gsiParams) {
                IndexDefinition index = index(p, true, billingMode, attributes, indexNames);
                used.addAll(index.keySchema().names());
                gsis.add(index);
            }
        }
        if (!used.equals(attributes.keySet())) {
            throw new ValidationException("One or more parameter values were invalid: Number of attributes in"
                    + " KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        StreamSpecification stream = streamSpecification(request.object("StreamSpecification"), null, true);
        TableDefinition.Sse sse = sse(request.object("SSESpecification"));
        Map<String, String> tags = tags(request.list("Tags"));
        String tableClass = request.string("TableClass") == null ? "STANDARD" : request.string("TableClass");
        if (!Set.of("STANDARD", "STANDARD_INFREQUENT_ACCESS").contains(tableClass)) {
            throw new ValidationException("1 validation error detected: Value '" + tableClass + "' at 'tableClass'"
                    + " failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [STANDARD, STANDARD_INFREQUENT_ACCESS]");
        }
        boolean deletionProtection = Boolean.TRUE.equals(request.bool("DeletionProtectionEnabled"));
        long now = database.clock().millis();
        TableDefinition definition = new TableDefinition.Builder().name(name).tableId(UUID.randomUUID().toString())
                .createdMillis(now).keySchema(keySchema).attributeDefinitions(attributes).billingMode(billingMode)
                .throughput(throughput).globalSecondaryIndexes(gsis).localSecondaryIndexes(lsis)
                .streamSpecification(stream).sse(sse).tags(tags).deletionProtection(deletionProtection)
                .tableClass(tableClass).build();
        TableDefinition created = database.write(() -> {
            if (database.table(name) != null) {
                throw new ResourceInUseException("Table already exists: " + name);
            }
            Database.Commit commit = database.newCommit();
            TableDefinition result = commit.createTable(definition);
            database.commit(commit);
            return result;
        });
        ObjectNode description = TableDescriptions.describe(created, null, "CREATING", database.region(),
                database.accountId());
        // Indexes are CREATING with the table, as AWS reports them in the CreateTable response.
        if (description.has("GlobalSecondaryIndexes")) {
            description.withArray("GlobalSecondaryIndexes").forEach(i -> ((ObjectNode) i).put("IndexStatus", "CREATING"));
        }
        return Json.object().set("TableDescription", description);
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html">DescribeTable</a> */
    ObjectNode describeTable(Params request) {
        String name = request.requiredString("TableName");
        checkTableName(name);
        TableData table = requireTable(database, name);
        return Json.object().set("Table", TableDescriptions.describe(table.definition(), table, "ACTIVE",
                database.region(), database.accountId()));
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html">ListTables</a> */
    ObjectNode listTables(Params request) {
        Integer limit = request.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new ValidationException("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                            : "less than or equal to 100"));
        }
        int max = limit == null ? 100 : limit;
        String start = request.string("ExclusiveStartTableName");
        TreeSet<String> names = new TreeSet<>();
        database.tables().forEach(t -> names.add(t.definition().name()));
        List<String> page = new ArrayList<>();
        for (String tableName : start == null ? names : names.tailSet(start, false)) {
            page.add(tableName);
            if (page.size() == max) {
                break;
            }
        }
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray("TableNames");
        page.forEach(array::add);
        if (page.size() == max && names.higher(page.get(page.size() - 1)) != null) {
            response.put("LastEvaluatedTableName", page.get(page.size() - 1));
        }
        return response;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html">DeleteTable</a> */
    ObjectNode deleteTable(Params request) {
        String name = request.requiredString("TableName");
        checkTableName(name);
        TableData deleted = database.write(() -> {
            TableData table = requireTable(database, name);
            if (table.definition().deletionProtection()) {
                throw new ValidationException("Resource cannot be deleted as it is currently protected against"
                        + " deletion. Disable deletion protection first.");
            }
            database.commit(database.newCommit().deleteTable(table.definition()));
            return table;
        });
        return Json.object().set("TableDescription", TableDescriptions.describe(deleted.definition(), deleted,
                "DELETING", database.region(), database.accountId()));
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html">UpdateTable</a> */
    ObjectNode updateTable(Params request) {
        String name = request.requiredString("TableName");
        checkTableName(name);
        TableDefinition updated = database.write(() -> {
            TableData table = requireTable(database, name);
            TableDefinition before = table.definition();
            TableDefinition.Builder after = before.toBuilder();
            boolean changed = false;
            long now = database.clock().millis();
            Map<String, String> attributes = new LinkedHashMap<>(before.attributeDefinitions());
            List<Params> attributeParams = request.list("AttributeDefinitions");
            if (attributeParams != null) {
                for (Params a : attributeParams) {
                    String attributeName = a.requiredString("AttributeName");
                    String type = a.requiredString("AttributeType");
                    String existing = attributes.get(attributeName);
                    if (existing != null && !existing.equals(type)) {
                        throw new ValidationException("Cannot change the type of existing attribute "
                                + attributeName);
                    }
                    attributes.put(attributeName, type);
                }
            }
            String billingMode = before.billingMode();
            if (request.has("BillingMode")) {
                String requested = request.string("BillingMode");
                checkBillingMode(requested);
                if (!requested.equals(billingMode)) {
                    billingMode = requested;
                    after.billingMode(requested).billingModeChangedMillis(now);
                    if (TableDefinition.PAY_PER_REQUEST.equals(requested)) {
                        after.throughput(Throughput.ON_DEMAND);
                    }
                }
                changed = true;
            }
            if (request.has("ProvisionedThroughput") || (TableDefinition.PROVISIONED.equals(billingMode)
                    && !billingMode.equals(before.billingMode()))) {
                Throughput current = TableDefinition.PROVISIONED.equals(before.billingMode()) ? before.throughput()
                        : null;
                if (current == null && !request.has("ProvisionedThroughput")) {
                    throw new ValidationException("One or more parameter values were invalid: ProvisionedThroughput"
                            + " must be specified when BillingMode is PROVISIONED");
                }
                Throughput requested = throughputFor(billingMode, request.object("ProvisionedThroughput"), current);
                if (current != null && request.has("ProvisionedThroughput")
                        && current.readCapacityUnits() == requested.readCapacityUnits()
                        && current.writeCapacityUnits() == requested.writeCapacityUnits()
                        && !request.has("BillingMode")) {
                    throw new ValidationException("The provisioned throughput for the table will not change. The"
                            + " requested value equals the current value. Current ReadCapacityUnits provisioned for"
                            + " the table: " + current.readCapacityUnits() + ". Requested ReadCapacityUnits: "
                            + requested.readCapacityUnits() + ". Current WriteCapacityUnits provisioned for the"
                            + " table: " + current.writeCapacityUnits() + ". Requested WriteCapacityUnits: "
                            + requested.writeCapacityUnits() + ". Refer to the Amazon DynamoDB Developer Guide for"
                            + " current limits and how to request higher limits.");
                }
                after.throughput(changedThroughput(current, requested, now));
                changed = true;
            }
            List<IndexDefinition> gsis = new ArrayList<>(before.globalSecondaryIndexes());
            List<Params> gsiUpdates = request.list("GlobalSecondaryIndexUpdates");
            if (gsiUpdates != null) {
                for (Params update : gsiUpdates) {
                    if (update.has("Create")) {
                        Set<String> names = new HashSet<>();
                        before.indexes().forEach(i -> names.add(i.name()));
                        IndexDefinition index = index(update.object("Create"), true, billingMode, attributes, names);
                        if (gsis.size() >= MAX_GSIS) {
                            throw new LimitExceededException("Subscriber limit exceeded: The number of global"
                                    + " secondary indexes exceeds the per-table limit of " + MAX_GSIS);
                        }
                        gsis.add(index);
                    } else if (update.has("Delete")) {
                        String indexName = update.object("Delete").requiredString("IndexName");
                        if (!gsis.removeIf(i -> i.name().equals(indexName))) {
                            throw new ResourceNotFoundException("Requested resource not found: Index: " + indexName
                                    + " not found for table: " + name);
                        }
                    } else if (update.has("Update")) {
                        Params u = update.object("Update");
                        String indexName = u.requiredString("IndexName");
                        int position = -1;
                        for (int i = 0; i < gsis.size(); i++) {
                            if (gsis.get(i).name().equals(indexName)) {
                                position = i;
                            }
                        }
                        if (position < 0) {
                            throw new ResourceNotFoundException("Requested resource not found: Index: " + indexName
                                    + " not found for table: " + name);
                        }
                        IndexDefinition index = gsis.get(position);
                        Throughput requested = throughputFor(billingMode, u.object("ProvisionedThroughput"),
                                index.throughput());
                        gsis.set(position, index.withThroughput(changedThroughput(index.throughput(), requested, now)));
                    }
                }
                after.globalSecondaryIndexes(gsis);
                changed = true;
            }
            // Attribute definitions are what the keys of the table and its indexes use, no more.
            Set<String> used = new HashSet<>(before.keySchema().names());
            before.localSecondaryIndexes().forEach(i -> used.addAll(i.keySchema().names()));
            gsis.forEach(i -> used.addAll(i.keySchema().names()));
            attributes.keySet().retainAll(used);
            after.attributeDefinitions(attributes);
            if (request.has("StreamSpecification")) {
                Params spec = request.object("StreamSpecification");
                boolean enable = Boolean.TRUE.equals(spec.bool("StreamEnabled"));
                StreamSpecification was = before.streamSpecification();
                if (enable && was.enabled()) {
                    throw new ValidationException("Table already has an enabled stream: TableName: " + name);
                }
                if (!enable && !was.enabled()) {
                    throw new ValidationException("Table has no stream to disable: TableName: " + name);
                }
                StreamSpecification requested = streamSpecification(spec, was.latestStreamLabel(), false);
                after.streamSpecification(requested);
                changed = true;
            }
            if (request.has("SSESpecification")) {
                after.sse(sse(request.object("SSESpecification")));
                changed = true;
            }
            if (request.has("DeletionProtectionEnabled")) {
                after.deletionProtection(request.bool("DeletionProtectionEnabled"));
                changed = true;
            }
            if (request.has("TableClass")) {
                after.tableClass(request.string("TableClass"));
                changed = true;
            }
            if (!changed) {
                throw new ValidationException("At least one of ProvisionedThroughput, BillingMode,"
                        + " UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is"
                        + " required");
            }
            Database.Commit commit = database.newCommit();
            TableDefinition installed = commit.redefine(before, after.build());
            database.commit(commit);
            return installed;
        });
        ObjectNode description = TableDescriptions.describe(updated, database.table(name), "UPDATING",
                database.region(), database.accountId());
        // An index created by this call is reported CREATING (and backfilling) in the answer, as AWS does;
        // it is ACTIVE by the next DescribeTable.
        Set<String> created = new HashSet<>();
        List<Params> gsiUpdates = request.list("GlobalSecondaryIndexUpdates");
        if (gsiUpdates != null) {
            gsiUpdates.stream().filter(u -> u.has("Create"))
                    .forEach(u -> created.add(u.object("Create").string("IndexName")));
        }
        if (description.has("GlobalSecondaryIndexes")) {
            description.withArray("GlobalSecondaryIndexes").forEach(index -> {
                if (created.contains(index.get("IndexName").asText())) {
                    ((ObjectNode) index).put("IndexStatus", "CREATING").put("Backfilling", true);
                }
            });
        }
        return Json.object().set("TableDescription", description);
    }

    private static Throughput changedThroughput(Throughput current, Throughput requested, long now) {
        if (current == null || current.equals(Throughput.ON_DEMAND)) {
            return requested;
        }
        boolean decrease = requested.readCapacityUnits() < current.readCapacityUnits()
                || requested.writeCapacityUnits() < current.writeCapacityUnits();
        boolean increase = requested.readCapacityUnits() > current.readCapacityUnits()
                || requested.writeCapacityUnits() > current.writeCapacityUnits();
        int decreases = current.decreasesToday();
        if (current.lastDecreaseMillis() != null && !LocalDate.ofInstant(java.time.Instant.ofEpochMilli(
                current.lastDecreaseMillis()), ZoneOffset.UTC).equals(LocalDate.ofInstant(
                        java.time.Instant.ofEpochMilli(now), ZoneOffset.UTC))) {
            decreases = 0;
        }
        return new Throughput(requested.readCapacityUnits(), requested.writeCapacityUnits(),
                increase ? Long.valueOf(now) : current.lastIncreaseMillis(),
                decrease ? Long.valueOf(now) : current.lastDecreaseMillis(), decrease ? decreases + 1 : decreases);
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html">UpdateTimeToLive</a> */
    ObjectNode updateTimeToLive(Params request) {
        String name = request.requiredString("TableName");
        Params spec = request.object("TimeToLiveSpecification");
        if (spec == null) {
            throw Params.missing("TimeToLiveSpecification");
        }
        String attribute = spec.requiredString("AttributeName");
        Boolean enabled = spec.bool("Enabled");
        if (enabled == null) {
            throw new ValidationException("1 validation error detected: Value null at"
                    + " 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
        }
        if (attribute.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value '' at"
                    + " 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have"
                    + " length greater than or equal to 1");
        }
        database.write(() -> {
            TableData table = requireTable(database, name);
            TableDefinition d = table.definition();
            if (enabled && d.ttlEnabled()) {
                throw new ValidationException(attribute.equals(d.ttlAttributeName()) ? "TimeToLive is already enabled"
                        : "TimeToLive is active on a different AttributeName: current AttributeName is "
                                + d.ttlAttributeName());
            }
            if (!enabled && !d.ttlEnabled()) {
                throw new ValidationException("TimeToLive is already disabled");
            }
            if (!enabled && !attribute.equals(d.ttlAttributeName())) {
                throw new ValidationException("TimeToLive is active on a different AttributeName: current"
                        + " AttributeName is " + d.ttlAttributeName());
            }
            Database.Commit commit = database.newCommit();
            commit.redefine(d, d.toBuilder().ttl(attribute, enabled).build());
            database.commit(commit);
            return null;
        });
        ObjectNode response = Json.object();
        response.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
        return response;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html">DescribeTimeToLive</a> */
    ObjectNode describeTimeToLive(Params request) {
        TableDefinition d = requireTable(database, request.requiredString("TableName")).definition();
        ObjectNode response = Json.object();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        description.put("TimeToLiveStatus", d.ttlEnabled() ? "ENABLED" : "DISABLED");
        if (d.ttlEnabled()) {
            description.put("AttributeName", d.ttlAttributeName());
        }
        return response;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html">UpdateContinuousBackups</a> */
    ObjectNode updateContinuousBackups(Params request) {
        String name = request.requiredString("TableName");
        Params spec = request.object("PointInTimeRecoverySpecification");
        if (spec == null) {
            throw Params.missing("PointInTimeRecoverySpecification");
        }
        Boolean enabled = spec.bool("PointInTimeRecoveryEnabled");
        if (enabled == null) {
            throw new ValidationException("1 validation error detected: Value null at"
                    + " 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        TableDefinition updated = database.write(() -> {
            TableDefinition d = requireTableForBackups(name).definition();
            Database.Commit commit = database.newCommit();
            TableDefinition result = commit.redefine(d, d.toBuilder()
                    .pointInTimeRecovery(enabled, enabled ? Long.valueOf(database.clock().millis()) : null).build());
            database.commit(commit);
            return result;
        });
        return continuousBackups(updated);
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html">DescribeContinuousBackups</a> */
    ObjectNode describeContinuousBackups(Params request) {
        return continuousBackups(requireTableForBackups(request.requiredString("TableName")).definition());
    }

    private TableData requireTableForBackups(String name) {
        TableData table = database.table(name);
        if (table == null) {
            // The backup APIs name the missing table with their own exception (TableNotFoundException).
            throw new dev.ddbstreams.dynamodb.errors.DynamoDbException("TableNotFoundException", 400,
                    "Table not found: " + name);
        }
        return table;
    }

    private ObjectNode continuousBackups(TableDefinition d) {
        ObjectNode response = Json.object();
        ObjectNode description = response.putObject("ContinuousBackupsDescription");
        description.put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode pitr = description.putObject("PointInTimeRecoveryDescription");
        pitr.put("PointInTimeRecoveryStatus", d.pointInTimeRecovery() ? "ENABLED" : "DISABLED");
        if (d.pointInTimeRecovery()) {
            long now = database.clock().millis();
            long earliest = Math.max(d.pointInTimeRecoveryEnabledMillis(), now - 35L * 24 * 3600 * 1000);
            pitr.put("RecoveryPeriodInDays", 35);
            pitr.put("EarliestRestorableDateTime", TableDescriptions.epochSeconds(earliest));
            // AWS's latest restorable time trails now by about five minutes, never before the earliest.
            pitr.put("LatestRestorableDateTime", TableDescriptions.epochSeconds(Math.max(earliest, now - 5 * 60 * 1000)));
        }
        return response;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html">TagResource</a> */
    ObjectNode tagResource(Params request) {
        String arn = request.requiredString("ResourceArn");
        List<Params> tagParams = request.list("Tags");
        if (tagParams == null) {
            throw Params.missing("Tags");
        }
        if (tagParams.isEmpty()) {
            throw new ValidationException("Atleast one Tag needs to be provided as Input.");
        }
        Map<String, String> tags = tags(tagParams);
        database.write(() -> {
            TableDefinition d = tableForArn(arn).definition();
            Map<String, String> merged = new LinkedHashMap<>(d.tags());
            merged.putAll(tags);
            if (merged.size() > 50) {
                throw new ValidationException("Number of Tags exceed the current limit for the provided ResourceArn");
            }
            Database.Commit commit = database.newCommit();
            commit.redefine(d, d.toBuilder().tags(merged).build());
            database.commit(commit);
            return null;
        });
        return Json.object();
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html">UntagResource</a> */
    ObjectNode untagResource(Params request) {
        String arn = request.requiredString("ResourceArn");
        List<String> keys = request.strings("TagKeys");
        if (keys == null) {
            throw Params.missing("TagKeys");
        }
        if (keys.isEmpty()) {
            throw new ValidationException("Atleast one Tag Key needs to be provided as Input.");
        }
        database.write(() -> {
            TableDefinition d = tableForArn(arn).definition();
            Map<String, String> remaining = new LinkedHashMap<>(d.tags());
            keys.forEach(remaining::remove);
            Database.Commit commit = database.newCommit();
            commit.redefine(d, d.toBuilder().tags(remaining).build());
            database.commit(commit);
            return null;
        });
        return Json.object();
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html">ListTagsOfResource</a> */
    ObjectNode listTagsOfResource(Params request) {
        String arn = request.requiredString("ResourceArn");
        TableDefinition d = tableForArn(arn).definition();
        ObjectNode response = Json.object();
        ArrayNode tags = response.putArray("Tags");
        d.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        return response;
    }

    private TableData tableForArn(String arn) {
        String prefix = "arn:aws:dynamodb:" + database.region() + ":" + database.accountId() + ":table/";
        if (!arn.startsWith("arn:")) {
            throw new ValidationException("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        TableData table = arn.startsWith(prefix) ? database.table(arn.substring(prefix.length())) : null;
        if (table == null) {
            // AWS's wording, its typo included (recorded by moto's tests against AWS).
            throw new ResourceNotFoundException("Requested resource not found: ResourcArn: " + arn + " not found");
        }
        return table;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html">DescribeEndpoints</a> */
    ObjectNode describeEndpoints(Params request) {
        ObjectNode response = Json.object();
        response.putArray("Endpoints").addObject().put("Address", endpointAddress.get()).put("CachePeriodInMinutes", 1440);
        return response;
    }

    // ---- validation shared by CreateTable and UpdateTable ------------------------------------------

    static void checkTableName(String name) {
        if (name.length() < 3 || name.length() > 255) {
            throw new ValidationException("TableName must be at least 3 characters long and at most 255 characters"
                    + " long");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new ValidationException("1 validation error detected: Value '" + name + "' at 'tableName' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    private static void checkBillingMode(String billingMode) {
        if (!TableDefinition.PROVISIONED.equals(billingMode) && !TableDefinition.PAY_PER_REQUEST.equals(billingMode)) {
            throw new ValidationException("1 validation error detected: Value '" + billingMode + "' at 'billingMode'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED,"
                    + " PAY_PER_REQUEST]");
        }
    }

    private static KeySchema keySchema(List<Params> elements, String member) {
        if (elements.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value '[]' at '" + member + "' failed to"
                    + " satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (elements.size() > 2) {
            throw new ValidationException("1 validation error detected: Value at '" + member + "' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 2");
        }
        String hash = elements.get(0).requiredString("AttributeName");
        String firstType = elements.get(0).requiredString("KeyType");
        if (!"HASH".equals(firstType)) {
            throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        String range = null;
        if (elements.size() == 2) {
            range = elements.get(1).requiredString("AttributeName");
            if (!"RANGE".equals(elements.get(1).requiredString("KeyType"))) {
                throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (range.equals(hash)) {
                throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the"
                        + " same name");
            }
        }
        return new KeySchema(hash, range);
    }

    private static void checkDefined(KeySchema keySchema, Map<String, String> attributes) {
        if (!attributes.keySet().containsAll(keySchema.names())) {
            throw new ValidationException("One or more parameter values were invalid: Some index key attributes are"
                    + " not defined in AttributeDefinitions. Keys: " + keySchema.names() + ", AttributeDefinitions: "
                    + new ArrayList<>(attributes.keySet()));
        }
    }

    private static IndexDefinition index(Params p, boolean global, String billingMode, Map<String, String> attributes,
            Set<String> names) {
        String name = p.requiredString("IndexName");
        if (name.length() < 3 || name.length() > 255 || !TABLE_NAME.matcher(name).matches()) {
            throw new ValidationException("1 validation error detected: Value '" + name + "' at 'indexName' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (!names.add(name)) {
            throw new ValidationException("One or more parameter values were invalid: Duplicate index name: " + name);
        }
        List<Params> keyParams = p.list("KeySchema");
        if (keyParams == null) {
            throw Params.missing("KeySchema");
        }
        KeySchema keySchema = keySchema(keyParams, "keySchema");
        checkDefined(keySchema, attributes);
        Params projectionParams = p.object("Projection");
        if (projectionParams == null) {
            throw Params.missing("Projection");
        }
        String type = projectionParams.string("ProjectionType");
        List<String> nonKey = projectionParams.strings("NonKeyAttributes");
        if (type == null) {
            throw new ValidationException("One or more parameter values were invalid: Unknown ProjectionType: null");
        }
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw new ValidationException("1 validation error detected: Value '" + type + "' at"
                    + " 'projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [ALL, INCLUDE, KEYS_ONLY]");
        }
        if (!"INCLUDE".equals(type) && nonKey != null) {
            throw new ValidationException("One or more parameter values were invalid: ProjectionType is " + type
                    + ", but NonKeyAttributes is specified");
        }
        if ("INCLUDE".equals(type) && (nonKey == null || nonKey.isEmpty())) {
            throw new ValidationException("One or more parameter values were invalid: ProjectionType is INCLUDE, but"
                    + " NonKeyAttributes is not specified");
        }
        if (nonKey != null && new LinkedHashSet<>(nonKey).size() != nonKey.size()) {
            throw new ValidationException("One or more parameter values were invalid: Duplicate attributes in"
                    + " NonKeyAttributes for index: " + name);
        }
        Throughput throughput = null;
        if (global) {
            Params t = p.object("ProvisionedThroughput");
            if (TableDefinition.PROVISIONED.equals(billingMode) && t == null) {
                throw new ValidationException("One or more parameter values were invalid: ProvisionedThroughput"
                        + " must be specified for index: " + name);
            }
            if (TableDefinition.PAY_PER_REQUEST.equals(billingMode) && t != null) {
                throw new ValidationException("One or more parameter values were invalid: ProvisionedThroughput should"
                        + " not be specified for index: " + name + " when BillingMode is PAY_PER_REQUEST");
            }
            throughput = throughputFor(billingMode, t, null);
        } else if (p.has("ProvisionedThroughput")) {
            throw new ValidationException("One or more parameter values were invalid: ProvisionedThroughput should not"
                    + " be specified for index: " + name);
        }
        return new IndexDefinition(name, global, keySchema, new Projection(type, nonKey), throughput, "ACTIVE", false);
    }

    private static Throughput throughputFor(String billingMode, Params t, Throughput current) {
        if (TableDefinition.PAY_PER_REQUEST.equals(billingMode)) {
            if (t != null) {
                throw new ValidationException("One or more parameter values were invalid: Neither ReadCapacityUnits"
                        + " nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return Throughput.ON_DEMAND;
        }
        if (t == null) {
            if (current != null) {
                return current;
            }
            throw new ValidationException("One or more parameter values were invalid: ReadCapacityUnits and"
                    + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        Long read = t.longValue("ReadCapacityUnits");
        Long write = t.longValue("WriteCapacityUnits");
        if (read == null) {
            throw new ValidationException("1 validation error detected: Value null at"
                    + " 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null");
        }
        if (write == null) {
            throw new ValidationException("1 validation error detected: Value null at"
                    + " 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be"
                    + " null");
        }
        if (read < 1) {
            throw new ValidationException("1 validation error detected: Value '" + read + "' at"
                    + " 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 1");
        }
        if (write < 1) {
            throw new ValidationException("1 validation error detected: Value '" + write + "' at"
                    + " 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 1");
        }
        return new Throughput(read, write, null, null, 0);
    }

    private static StreamSpecification streamSpecification(Params spec, String latestLabel, boolean creating) {
        if (spec == null) {
            return new StreamSpecification(false, null, latestLabel);
        }
        Boolean enabled = spec.bool("StreamEnabled");
        if (enabled == null) {
            throw new ValidationException("1 validation error detected: Value null at"
                    + " 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
        }
        String viewType = spec.string("StreamViewType");
        if (enabled) {
            if (viewType == null) {
                throw new ValidationException(creating ? "One or more parameter values were invalid: Table is being"
                        + " created with a stream enabled, UpdateViewType is required"
                        : "One or more parameter values were invalid: If stream is being enabled then UpdateViewType"
                                + " is required");
            }
            if (!VIEW_TYPES.contains(viewType)) {
                throw new ValidationException("1 validation error detected: Value '" + viewType + "' at"
                        + " 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy"
                        + " enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
            }
            return new StreamSpecification(true, viewType, latestLabel);
        }
        if (viewType != null) {
            throw new ValidationException(creating ? "One or more parameter values were invalid: Table is being"
                    + " created with a stream disabled, UpdateViewType should not be specified"
                    : "One or more parameter values were invalid: Disabling a stream must not specify a"
                            + " StreamViewType");
        }
        return new StreamSpecification(false, null, latestLabel);
    }

    private TableDefinition.Sse sse(Params spec) {
        if (spec != null && Boolean.FALSE.equals(spec.bool("Enabled")) && spec.has("SSEType")) {
            throw new ValidationException("One or more parameter values were invalid: SSEType can not be specified if"
                    + " Enabled is false");
        }
        if (spec == null || !Boolean.TRUE.equals(spec.bool("Enabled"))) {
            return null;
        }
        String type = spec.string("SSEType") == null ? "KMS" : spec.string("SSEType");
        if (!"KMS".equals(type)) {
            throw new ValidationException("1 validation error detected: Value '" + type + "' at"
                    + " 'sSESpecification.sSEType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [AES256, KMS]");
        }
        String key = spec.string("KMSMasterKeyId");
        String arn;
        if (key == null) {
            // The AWS managed key for DynamoDB (aws/dynamodb).
            arn = "arn:aws:kms:" + database.region() + ":" + database.accountId() + ":key/"
                    + UUID.nameUUIDFromBytes(("aws/dynamodb" + database.accountId()).getBytes());
        } else if (key.startsWith("arn:")) {
            arn = key;
        } else {
            arn = "arn:aws:kms:" + database.region() + ":" + database.accountId() + ":key/" + key;
        }
        return new TableDefinition.Sse("KMS", arn);
    }

    private static Map<String, String> tags(List<Params> tagParams) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagParams != null) {
            for (Params tag : tagParams) {
                String key = tag.requiredString("Key");
                String value = tag.requiredString("Value");
                if (key.startsWith("aws:")) {
                    throw new ValidationException("Tag Key cannot be prefixed with aws:, Key: " + key);
                }
                if (key.isEmpty() || key.length() > 128) {
                    throw new ValidationException("1 validation error detected: Value '" + key + "' at"
                            + " 'tags.1.member.key' failed to satisfy constraint: Member must have length "
                            + (key.isEmpty() ? "greater than or equal to 1" : "less than or equal to 128"));
                }
                if (value.length() > 256) {
                    throw new ValidationException("1 validation error detected: Value at 'tags.1.member.value'"
                            + " failed to satisfy constraint: Member must have length less than or equal to 256");
                }
                tags.put(key, value);
            }
        }
        return tags;
    }
}
