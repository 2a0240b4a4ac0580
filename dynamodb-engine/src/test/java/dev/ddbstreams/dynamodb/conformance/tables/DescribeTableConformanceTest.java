package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.attribute;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashRangeTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.key;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DescribeTable: every field of the table description that AWS returns.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html">DescribeTable</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html">TableDescription</a>
 */
class DescribeTableConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static TableDescription describe(String name) {
        return client().describeTable(b -> b.tableName(name)).table();
    }

    private static TableDescription createAndDescribe(CreateTableRequest request) {
        createActive(client(), request);
        return describe(request.tableName());
    }

    /**
     * API_DescribeTable, ResourceNotFoundException. Message as recorded by dynalite against AWS
     * (test/describeTable.js).
     */
    @Test
    void describingAMissingTableAnswersResourceNotFound() {
        String name = uniqueName("describe-missing");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: Table: " + name + " not found",
                () -> client().describeTable(b -> b.tableName(name)));
    }

    /** API_TableDescription, TableArn: arn:aws:dynamodb:region:account:table/name (engine defaults us-east-1, 000000000000). */
    @Test
    void tableArnCarriesTheEnginesRegionAndAccount() {
        String name = uniqueName("describe-arn");
        TableDescription table = createAndDescribe(hashTable(name).build());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + name, table.tableArn());
    }

    /** API_TableDescription, TableStatus: ACTIVE once the table is ready for use. */
    @Test
    void createdTableIsDescribedActive() {
        assertEquals(TableStatus.ACTIVE, createAndDescribe(hashTable(uniqueName("describe-active")).build()).tableStatus());
    }

    /** API_TableDescription: KeySchema and AttributeDefinitions as created. */
    @Test
    void keySchemaAndAttributeDefinitionsAreDescribedAsCreated() {
        TableDescription table = createAndDescribe(hashRangeTable(uniqueName("describe-keys")).build());
        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), table.keySchema());
        assertEquals(List.of(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N)),
                table.attributeDefinitions().stream()
                        .sorted(java.util.Comparator.comparing(d -> d.attributeName())).toList());
    }

    /**
     * API_TableDescription, ItemCount and TableSizeBytes: "DynamoDB updates this value approximately every
     * six hours", so a count between 0 and the items written is what AWS may answer.
     */
    @Test
    void itemCountAndTableSizeAreDescribedWithinWhatWasWritten() {
        String name = uniqueName("describe-count");
        createActive(client(), hashTable(name).build());
        for (int i = 0; i < 3; i++) {
            int id = i;
            client().putItem(b -> b.tableName(name).item(item("pk", "item-" + id, "payload", "x".repeat(100))));
        }
        TableDescription table = describe(name);
        assertNotNull(table.itemCount());
        assertTrue(table.itemCount() >= 0 && table.itemCount() <= 3, "ItemCount " + table.itemCount());
        assertNotNull(table.tableSizeBytes());
        assertTrue(table.tableSizeBytes() >= 0, "TableSizeBytes " + table.tableSizeBytes());
    }

    /** API_TableDescription, CreationDateTime: the time the table was created. */
    @Test
    void creationDateTimeIsTheTimeOfCreation() {
        Instant before = Instant.now().minus(5, ChronoUnit.SECONDS);
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-created")).build());
        Instant after = Instant.now().plus(5, ChronoUnit.SECONDS);
        assertTrue(!table.creationDateTime().isBefore(before) && !table.creationDateTime().isAfter(after),
                "CreationDateTime " + table.creationDateTime());
    }

    /** API_ProvisionedThroughputDescription: read and write units, and NumberOfDecreasesToday. */
    @Test
    void provisionedThroughputIsDescribedWithNumberOfDecreasesToday() {
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-tp")).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(7L).build())
                .build());
        assertEquals(5L, table.provisionedThroughput().readCapacityUnits());
        assertEquals(7L, table.provisionedThroughput().writeCapacityUnits());
        assertEquals(0L, table.provisionedThroughput().numberOfDecreasesToday());
    }

    /** API_BillingModeSummary: BillingMode PAY_PER_REQUEST for an on-demand table. */
    @Test
    void onDemandTableIsDescribedWithBillingModeSummary() {
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-ppr")).build());
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
    }

    /** API_TableDescription: StreamSpecification, LatestStreamArn and LatestStreamLabel for a table with a stream. */
    @Test
    void streamSpecificationIsDescribed() {
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-stream"))
                .streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES)).build());
        assertTrue(table.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, table.streamSpecification().streamViewType());
    }

    /**
     * API_TableDescription, LatestStreamArn and LatestStreamLabel: the label is an ISO 8601 timestamp (the
     * developer guide's examples: 2019-01-01T00:00:00.000) and the ARN is the table ARN + "/stream/" + label.
     */
    @Test
    void latestStreamArnIsTheTableArnFollowedByTheStreamLabel() {
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-stream-arn"))
                .streamSpecification(stream(StreamViewType.KEYS_ONLY)).build());
        assertTrue(table.latestStreamLabel().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"),
                table.latestStreamLabel());
        assertEquals(table.tableArn() + "/stream/" + table.latestStreamLabel(), table.latestStreamArn());
    }

    /**
     * A table that never had a stream has no StreamSpecification and no LatestStreamArn (observed on AWS:
     * ack-api-quirks catalogue DDB-TABLE-029, found with the code search).
     */
    @Test
    void tableWithoutStreamHasNoStreamFields() {
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-no-stream")).build());
        assertNull(table.streamSpecification());
        assertNull(table.latestStreamArn());
        assertNull(table.latestStreamLabel());
    }

    /** API_SSEDescription: a KMS-encrypted table reports Status ENABLED, SSEType KMS and the key's ARN. */
    @Test
    void kmsEncryptedTableIsDescribedWithSseDescription() {
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-sse"))
                .sseSpecification(b -> b.enabled(true).sseType(SSEType.KMS)).build());
        assertEquals(SSEStatus.ENABLED, table.sseDescription().status());
        assertEquals(SSEType.KMS, table.sseDescription().sseType());
        assertTrue(table.sseDescription().kmsMasterKeyArn().startsWith("arn:aws:kms:us-east-1:"),
                table.sseDescription().kmsMasterKeyArn());
    }

    /** API_SSEDescription: a table encrypted with the AWS-owned key (the default) has no SSEDescription. */
    @Test
    void tableWithDefaultEncryptionHasNoSseDescription() {
        assertNull(createAndDescribe(hashTable(uniqueName("describe-no-sse")).build()).sseDescription());
    }

    /** API_GlobalSecondaryIndexDescription: IndexArn, IndexStatus ACTIVE, ItemCount and IndexSizeBytes. */
    @Test
    void globalSecondaryIndexIsDescribedActiveWithArnAndSizes() {
        String name = uniqueName("describe-gsi");
        TableDescription table = createAndDescribe(hashTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                .build());
        GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().get(0);
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + name + "/index/by-g", index.indexArn());
        assertEquals(IndexStatus.ACTIVE, index.indexStatus());
        assertNotNull(index.itemCount());
        assertNotNull(index.indexSizeBytes());
    }

    /** API_GlobalSecondaryIndexDescription, ProvisionedThroughput: an index of a provisioned table has its own. */
    @Test
    void globalSecondaryIndexOfProvisionedTableIsDescribedWithItsThroughput() {
        ProvisionedThroughput throughput = ProvisionedThroughput.builder().readCapacityUnits(2L).writeCapacityUnits(3L).build();
        TableDescription table = createAndDescribe(hashTable(uniqueName("describe-gsi-tp")).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(throughput)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g").keySchema(key("g", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .provisionedThroughput(throughput).build())
                .build());
        GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().get(0);
        assertEquals(2L, index.provisionedThroughput().readCapacityUnits());
        assertEquals(3L, index.provisionedThroughput().writeCapacityUnits());
    }

    /** API_LocalSecondaryIndexDescription: IndexArn, ItemCount and IndexSizeBytes. */
    @Test
    void localSecondaryIndexIsDescribedWithArnAndSizes() {
        String name = uniqueName("describe-lsi");
        TableDescription table = createAndDescribe(hashRangeTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                        attribute("l", ScalarAttributeType.N))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by-l")
                        .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .build());
        LocalSecondaryIndexDescription index = table.localSecondaryIndexes().get(0);
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + name + "/index/by-l", index.indexArn());
        assertEquals(List.of(key("pk", KeyType.HASH), key("l", KeyType.RANGE)), index.keySchema());
        assertNotNull(index.itemCount());
        assertNotNull(index.indexSizeBytes());
    }

    /** API_TableDescription, DeletionProtectionEnabled: false unless asked for. */
    @Test
    void deletionProtectionIsDescribedDisabledByDefault() {
        assertFalse(createAndDescribe(hashTable(uniqueName("describe-dp")).build()).deletionProtectionEnabled());
    }

    /** Naming rules apply to DescribeTable as to CreateTable (dynalite test/describeTable.js). */
    @Test
    void describingAnInvalidTableNameIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
                () -> client().describeTable(b -> b.tableName("abc;")));
    }
}
