package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.attribute;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashRangeTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.key;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * CreateTable: key schemas, attribute definitions, billing modes and the errors AWS gives for requests it
 * refuses.
 *
 * <p>Error messages are those recorded against real DynamoDB in dynalite's test suite
 * (github.com/architect/dynalite, test/createTable.js), found with the code search.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html">CreateTable</a>
 */
class CreateTableConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final String INVALID = "One or more parameter values were invalid: ";

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static ProvisionedThroughput throughput(long read, long write) {
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    private static Projection projection(ProjectionType type, String... nonKeyAttributes) {
        Projection.Builder projection = Projection.builder().projectionType(type);
        if (nonKeyAttributes.length > 0) {
            projection.nonKeyAttributes(nonKeyAttributes);
        }
        return projection.build();
    }

    /** API_CreateTable: "DynamoDB immediately returns a response with a TableStatus of CREATING". */
    @Test
    void createTableAnswersWithTableStatusCreating() {
        TableDescription description = client().createTable(hashTable(uniqueName("create-status")).build())
                .tableDescription();
        assertEquals(TableStatus.CREATING, description.tableStatus());
    }

    /** API_CreateTable: "After the table is created, DynamoDB sets the TableStatus to ACTIVE". */
    @Test
    void createdTableBecomesActive() {
        String name = uniqueName("create-active");
        client().createTable(hashTable(name).build());
        TableDescription table = client().waiter().waitUntilTableExists(b -> b.tableName(name)).matched().response()
                .orElseThrow().table();
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
    }

    /** API_CreateTable, KeySchema: a simple primary key is one HASH element. */
    @Test
    void hashKeyTableIsDescribedWithItsKeySchemaAndAttributeDefinitions() {
        String name = uniqueName("create-hash");
        TableDescription description = client().createTable(hashTable(name).build()).tableDescription();
        assertEquals(name, description.tableName());
        assertEquals(List.of(key("pk", KeyType.HASH)), description.keySchema());
        assertEquals(List.of(attribute("pk", ScalarAttributeType.S)), description.attributeDefinitions());
    }

    /** API_CreateTable, KeySchema: a composite primary key is a HASH element followed by a RANGE element. */
    @Test
    void hashAndRangeKeyTableIsDescribedWithBothKeysInOrder() {
        TableDescription description = client().createTable(hashRangeTable(uniqueName("create-range")).build())
                .tableDescription();
        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), description.keySchema());
    }

    /** API_TableDescription: a new table has ItemCount 0 and TableSizeBytes 0, a TableId and CreationDateTime. */
    @Test
    void newTableHasNoItemsAnIdAndACreationTime() {
        TableDescription description = client().createTable(hashTable(uniqueName("create-empty")).build())
                .tableDescription();
        assertEquals(0L, description.itemCount());
        assertEquals(0L, description.tableSizeBytes());
        assertTrue(description.tableId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                description.tableId());
        assertNotNull(description.creationDateTime());
    }

    /** API_ProvisionedThroughputDescription: the throughput asked for, and NumberOfDecreasesToday 0. */
    @Test
    void provisionedTableIsDescribedWithItsThroughputAndNoDecreases() {
        TableDescription description = client().createTable(hashTable(uniqueName("create-prov"))
                .billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(3, 4)).build()).tableDescription();
        assertEquals(3L, description.provisionedThroughput().readCapacityUnits());
        assertEquals(4L, description.provisionedThroughput().writeCapacityUnits());
        assertEquals(0L, description.provisionedThroughput().numberOfDecreasesToday());
    }

    /** API_CreateTable, BillingMode: PROVISIONED is the default when BillingMode is left out. */
    @Test
    void billingModeDefaultsToProvisioned() {
        TableDescription description = client().createTable(CreateTableRequest.builder()
                .tableName(uniqueName("create-default-billing"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(key("pk", KeyType.HASH))
                .provisionedThroughput(throughput(1, 1)).build()).tableDescription();
        assertEquals(1L, description.provisionedThroughput().readCapacityUnits());
        boolean describedAsProvisioned = description.billingModeSummary() == null
                || description.billingModeSummary().billingMode() == BillingMode.PROVISIONED;
        assertTrue(describedAsProvisioned, "BillingModeSummary: " + description.billingModeSummary());
    }

    /**
     * API_BillingModeSummary: an on-demand table reports BillingMode PAY_PER_REQUEST, and (as recorded by
     * dynalite against AWS) a ProvisionedThroughput of 0 read and 0 write units.
     */
    @Test
    void payPerRequestTableIsDescribedWithBillingModeSummaryAndZeroThroughput() {
        TableDescription description = client().createTable(hashTable(uniqueName("create-ppr")).build())
                .tableDescription();
        assertEquals(BillingMode.PAY_PER_REQUEST, description.billingModeSummary().billingMode());
        assertEquals(0L, description.provisionedThroughput().readCapacityUnits());
        assertEquals(0L, description.provisionedThroughput().writeCapacityUnits());
    }

    /** API_CreateTable, ProvisionedThroughput: "If you set BillingMode as PROVISIONED, you must specify this property". */
    @Test
    void provisionedTableWithoutThroughputIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
                () -> client().createTable(hashTable(uniqueName("create-no-tp")).billingMode(BillingMode.PROVISIONED)
                        .build()));
    }

    /** API_CreateTable, ProvisionedThroughput: "If you set BillingMode as PAY_PER_REQUEST, you cannot specify this property". */
    @Test
    void payPerRequestTableWithThroughputIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
                () -> client().createTable(hashTable(uniqueName("create-ppr-tp")).provisionedThroughput(throughput(1, 1))
                        .build()));
    }

    /** API_ProvisionedThroughput: ReadCapacityUnits has a minimum value of 1. */
    @Test
    void zeroReadCapacityIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy"
                        + " constraint: Member must have value greater than or equal to 1",
                () -> client().createTable(hashTable(uniqueName("create-zero-tp")).billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(throughput(0, 1)).build()));
    }

    /** API_CreateTable, AttributeDefinitions: only key attributes of the table and its indexes are defined. */
    @Test
    void attributeDefinitionNotUsedByAnyKeyIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in"
                        + " AttributeDefinitions",
                () -> client().createTable(hashTable(uniqueName("create-extra-def"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("other", ScalarAttributeType.S))
                        .build()));
    }

    /** API_CreateTable, AttributeDefinitions: every key attribute must be defined. */
    @Test
    void keyAttributeWithoutDefinitionIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [pk],"
                        + " AttributeDefinitions: [other]",
                () -> client().createTable(hashTable(uniqueName("create-undefined-key"))
                        .attributeDefinitions(attribute("other", ScalarAttributeType.S)).build()));
    }

    /** API_KeySchemaElement: the first element of a key schema is the HASH key. */
    @Test
    void keySchemaStartingWithRangeIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
                () -> client().createTable(hashRangeTable(uniqueName("create-range-first"))
                        .keySchema(key("sk", KeyType.RANGE), key("pk", KeyType.HASH)).build()));
    }

    /** API_KeySchemaElement: the second element of a key schema is the RANGE key. */
    @Test
    void keySchemaWithTwoHashKeysIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
                () -> client().createTable(hashRangeTable(uniqueName("create-two-hash"))
                        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.HASH)).build()));
    }

    /** API_KeySchemaElement: the partition and sort keys are two different attributes. */
    @Test
    void keySchemaNamingOneAttributeTwiceIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Both the Hash Key and the Range Key element in the KeySchema have the same name",
                () -> client().createTable(hashRangeTable(uniqueName("create-same-key"))
                        .keySchema(key("pk", KeyType.HASH), key("pk", KeyType.RANGE)).build()));
    }

    /** API_AttributeDefinition: AttributeType is one of S, N and B. */
    @Test
    void setAttributeTypeInDefinitionsIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to"
                        + " satisfy constraint: Member must satisfy enum value set: [B, N, S]",
                () -> client().createTable(hashTable(uniqueName("create-ss"))
                        .attributeDefinitions(b -> b.attributeName("pk").attributeType("SS")).build()));
    }

    /** Naming rules: table names are 3 to 255 characters long. */
    @Test
    void tableNameShorterThanThreeCharactersIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "TableName must be at least 3 characters long and at most 255 characters long",
                () -> client().createTable(hashTable("ab").build()));
    }

    /** Naming rules: table names are 3 to 255 characters long. */
    @Test
    void tableNameLongerThan255CharactersIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "TableName must be at least 3 characters long and at most 255 characters long",
                () -> client().createTable(hashTable("t".repeat(256)).build()));
    }

    /** Naming rules: a table name is made of a-z, A-Z, 0-9, '_', '-' and '.'. */
    @Test
    void tableNameWithForbiddenCharacterIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
                () -> client().createTable(hashTable("abc;").build()));
    }

    /** Naming rules: dots, dashes and underscores are allowed, and names are case-sensitive. */
    @Test
    void tableNameWithDotsDashesAndUnderscoresIsAccepted() {
        String name = "Mixed.Case-name_" + uniqueName("ok");
        assertEquals(name, client().createTable(hashTable(name).build()).tableDescription().tableName());
    }

    /**
     * API_CreateTable, ResourceInUseException: creating a table that already exists. Message as seen from
     * real DynamoDB in a boto script (code search: "Table already exists: DB1_table").
     */
    @Test
    void creatingAnExistingTableIsRefusedWithResourceInUse() {
        String name = uniqueName("create-twice");
        client().createTable(hashTable(name).build());
        assertAwsError(ResourceInUseException.class, "ResourceInUseException", "Table already exists: " + name,
                () -> client().createTable(hashTable(name).build()));
    }

    /** API_GlobalSecondaryIndexDescription: IndexName, KeySchema, Projection, IndexArn, IndexStatus. */
    @Test
    void globalSecondaryIndexWithKeysOnlyProjectionIsDescribedWithArnAndStatus() {
        String name = uniqueName("create-gsi");
        TableDescription description = client().createTable(hashTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                        .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.KEYS_ONLY)).build())
                .build()).tableDescription();
        var index = description.globalSecondaryIndexes().get(0);
        assertEquals("by-g", index.indexName());
        assertEquals(List.of(key("g", KeyType.HASH)), index.keySchema());
        assertEquals(ProjectionType.KEYS_ONLY, index.projection().projectionType());
        assertEquals(description.tableArn() + "/index/by-g", index.indexArn());
        assertNotNull(index.indexStatus());
    }

    /** API_Projection: INCLUDE names the non-key attributes projected into the index. */
    @Test
    void globalSecondaryIndexWithIncludeProjectionKeepsItsNonKeyAttributes() {
        TableDescription description = client().createTable(hashTable(uniqueName("create-gsi-include"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                        .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.INCLUDE, "a", "b")).build())
                .build()).tableDescription();
        Projection projection = description.globalSecondaryIndexes().get(0).projection();
        assertEquals(ProjectionType.INCLUDE, projection.projectionType());
        assertEquals(List.of("a", "b"), projection.nonKeyAttributes());
    }

    /** API_LocalSecondaryIndexDescription: IndexName, KeySchema, Projection, IndexArn. */
    @Test
    void localSecondaryIndexWithAllProjectionIsDescribedWithArn() {
        String name = uniqueName("create-lsi");
        TableDescription description = client().createTable(hashRangeTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                        attribute("l", ScalarAttributeType.S))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l")
                        .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                        .projection(projection(ProjectionType.ALL)).build())
                .build()).tableDescription();
        var index = description.localSecondaryIndexes().get(0);
        assertEquals("by-l", index.indexName());
        assertEquals(ProjectionType.ALL, index.projection().projectionType());
        assertEquals(description.tableArn() + "/index/by-l", index.indexArn());
    }

    /** API_CreateTable, LocalSecondaryIndexes: only a table with a composite primary key can have them. */
    @Test
    void localSecondaryIndexOnHashOnlyTableIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Table KeySchema does not have a range key, which is required when specifying a"
                        + " LocalSecondaryIndex",
                () -> client().createTable(hashTable(uniqueName("create-lsi-hash"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("l", ScalarAttributeType.S))
                        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l")
                                .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                                .projection(projection(ProjectionType.ALL)).build())
                        .build()));
    }

    /** API_CreateTable, LocalSecondaryIndexes: "The key schema must begin with the same partition key as the table". */
    @Test
    void localSecondaryIndexWithAnotherPartitionKeyIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema for index: by-l."
                        + " index hash key: l, table hash key: pk",
                () -> client().createTable(hashRangeTable(uniqueName("create-lsi-other-hash"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                                attribute("l", ScalarAttributeType.S))
                        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l")
                                .keySchema(key("l", KeyType.HASH), key("sk", KeyType.RANGE))
                                .projection(projection(ProjectionType.ALL)).build())
                        .build()));
    }

    /** API_CreateTable, AttributeDefinitions: index key attributes must be defined too. */
    @Test
    void globalSecondaryIndexKeyWithoutDefinitionIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [g],"
                        + " AttributeDefinitions: [pk]",
                () -> client().createTable(hashTable(uniqueName("create-gsi-undefined"))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                                .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.ALL)).build())
                        .build()));
    }

    /** API_Projection, NonKeyAttributes: only for ProjectionType INCLUDE. */
    @Test
    void nonKeyAttributesWithAllProjectionAreRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "ProjectionType is ALL, but NonKeyAttributes is specified",
                () -> client().createTable(hashTable(uniqueName("create-all-nonkey"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                                .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.ALL, "x")).build())
                        .build()));
    }

    /** API_CreateTable: index names are unique within a table. */
    @Test
    void duplicateIndexNamesAreRefused() {
        GlobalSecondaryIndex index = GlobalSecondaryIndex.builder().indexName("dup")
                .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.ALL)).build();
        assertAwsError(DynamoDbException.class, "ValidationException", INVALID + "Duplicate index name: dup",
                () -> client().createTable(hashTable(uniqueName("create-dup-index"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                        .globalSecondaryIndexes(index, index).build()));
    }

    /** API_GlobalSecondaryIndex, ProvisionedThroughput: not allowed for an index of an on-demand table. */
    @Test
    void indexThroughputOnPayPerRequestTableIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "ProvisionedThroughput should not be specified for index: by-g when BillingMode is PAY_PER_REQUEST",
                () -> client().createTable(hashTable(uniqueName("create-gsi-tp"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                                .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.ALL))
                                .provisionedThroughput(throughput(1, 1)).build())
                        .build()));
    }

    /** Service quotas: at most 5 local secondary indexes per table. */
    @Test
    void moreThanFiveLocalSecondaryIndexesAreRefused() {
        List<LocalSecondaryIndex> indexes = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> LocalSecondaryIndex.builder().indexName("lsi" + i)
                        .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                        .projection(projection(ProjectionType.KEYS_ONLY)).build())
                .toList();
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5",
                () -> client().createTable(hashRangeTable(uniqueName("create-6-lsi"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                                attribute("l", ScalarAttributeType.S))
                        .localSecondaryIndexes(indexes).build()));
    }

    /** API_Projection, NonKeyAttributes: INCLUDE needs them (ack-api-quirks catalogue DDB-TABLE-442, live AWS). */
    @Test
    void includeProjectionWithoutNonKeyAttributesIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
                () -> client().createTable(hashTable(uniqueName("create-include-none"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                                .keySchema(key("g", KeyType.HASH)).projection(projection(ProjectionType.INCLUDE)).build())
                        .build()));
    }

    /** API_Projection, NonKeyAttributes: not with KEYS_ONLY (dynalite test/createTable.js). */
    @Test
    void nonKeyAttributesWithKeysOnlyProjectionAreRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified",
                () -> client().createTable(hashRangeTable(uniqueName("create-keys-nonkey"))
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                                attribute("l", ScalarAttributeType.S))
                        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l")
                                .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                                .projection(projection(ProjectionType.KEYS_ONLY, "x")).build())
                        .build()));
    }

    /** API_StreamSpecification, StreamViewType: required when the stream is enabled (DDB-TABLE-442, live AWS). */
    @Test
    void enabledStreamWithoutViewTypeIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Table is being created with a stream enabled, UpdateViewType is required",
                () -> client().createTable(hashTable(uniqueName("create-stream-no-view"))
                        .streamSpecification(b -> b.streamEnabled(true)).build()));
    }

    /** API_StreamSpecification: a disabled stream takes no view type (DDB-TABLE-442, live AWS). */
    @Test
    void disabledStreamWithViewTypeIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified",
                () -> client().createTable(hashTable(uniqueName("create-stream-off-view"))
                        .streamSpecification(b -> b.streamEnabled(false).streamViewType("KEYS_ONLY")).build()));
    }

    /** API_SSESpecification, SSEType: only with Enabled true (DDB-TABLE-442, live AWS). */
    @Test
    void sseTypeWithEncryptionDisabledIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                INVALID + "SSEType can not be specified if Enabled is false",
                () -> client().createTable(hashTable(uniqueName("create-sse-off"))
                        .sseSpecification(b -> b.enabled(false).sseType("KMS")).build()));
    }

    /** API_CreateTable, StreamSpecification: the answer already names the new stream. */
    @Test
    void createTableWithStreamAnswersWithTheLatestStreamArn() {
        String name = uniqueName("create-stream");
        TableDescription description = client().createTable(hashTable(name)
                .streamSpecification(b -> b.streamEnabled(true).streamViewType("NEW_IMAGE")).build()).tableDescription();
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + name + "/stream/" + description.latestStreamLabel(),
                description.latestStreamArn());
    }
}
