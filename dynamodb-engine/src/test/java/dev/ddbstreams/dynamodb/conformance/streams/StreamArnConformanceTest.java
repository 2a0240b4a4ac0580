package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.attribute;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.key;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.stream;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * ARNs carry the engine's configured region and account: an engine in eu-west-2 for account 123456789012
 * names its tables, indexes and streams accordingly.
 *
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies">DynamoDB resource types (ARN formats)</a>
 */
class StreamArnConformanceTest {

    private static final String REGION = "eu-west-2";
    private static final String ACCOUNT = "123456789012";
    private static DynamoDbEngine engine;
    private static DynamoDbClient client;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void startEngineInAnotherRegionAndAccount() {
        engine = DynamoDbEngine.builder().port(0).region(REGION).accountId(ACCOUNT).build();
        client = ConformanceSupport.client(engine.endpoint(), REGION);
        streams = ConformanceSupport.streamsClient(engine.endpoint(), REGION);
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
            streams.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private static TableDescription streamedTable(String prefix) {
        String name = uniqueName(prefix);
        createActive(client, hashTable(name).streamSpecification(stream(StreamViewType.KEYS_ONLY)).build());
        return client.describeTable(b -> b.tableName(name)).table();
    }

    /** ARN format: arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}. */
    @Test
    void tableArnCarriesTheConfiguredRegionAndAccount() {
        TableDescription table = streamedTable("arn-table");
        assertEquals("arn:aws:dynamodb:eu-west-2:123456789012:table/" + table.tableName(), table.tableArn());
    }

    /** ARN format: arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}. */
    @Test
    void streamArnCarriesTheConfiguredRegionAndAccount() {
        TableDescription table = streamedTable("arn-stream");
        assertEquals("arn:aws:dynamodb:eu-west-2:123456789012:table/" + table.tableName() + "/stream/"
                + table.latestStreamLabel(), table.latestStreamArn());
    }

    /** API_streams_ListStreams: the listed stream ARN is the same. */
    @Test
    void listedStreamArnCarriesTheConfiguredRegionAndAccount() {
        TableDescription table = streamedTable("arn-list");
        assertEquals(table.latestStreamArn(),
                streams.listStreams(b -> b.tableName(table.tableName())).streams().get(0).streamArn());
    }

    /** API_streams_Record, awsRegion: the configured region. */
    @Test
    void recordsCarryTheConfiguredRegion() {
        TableDescription table = streamedTable("arn-record");
        client.putItem(b -> b.tableName(table.tableName()).item(item("pk", "a")));
        assertEquals(REGION, StreamReader.allRecords(streams, table.latestStreamArn()).get(0).awsRegion());
    }

    /** ARN format: arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}. */
    @Test
    void indexArnCarriesTheConfiguredRegionAndAccount() {
        String name = uniqueName("arn-index");
        createActive(client, hashTable(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("by-g").keySchema(key("g", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()))
                .build());
        assertEquals("arn:aws:dynamodb:eu-west-2:123456789012:table/" + name + "/index/by-g",
                client.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().get(0).indexArn());
    }
}
