package dev.ddbstreams.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * End-to-end smoke test of the engine through the AWS SDK v2: tables, items and the stream.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GettingStarted.html">Getting started with DynamoDB</a>
 */
class EngineSmokeTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    @Test
    void tableLifecycle_putGetDelete_andStreamRecords() {
        DynamoDbClient client = DYNAMODB.client();
        client.createTable(b -> b.tableName("smoke")
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        DescribeTableResponse described = client.describeTable(b -> b.tableName("smoke"));
        assertEquals(TableStatus.ACTIVE, described.table().tableStatus());
        assertTrue(described.table().latestStreamArn().startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/smoke/stream/"));
        assertTrue(client.listTables().tableNames().contains("smoke"));

        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1.50"));
        client.putItem(b -> b.tableName("smoke").item(item));
        client.putItem(b -> b.tableName("smoke").item(item)); // no change: no stream record
        Map<String, AttributeValue> got = client.getItem(b -> b.tableName("smoke").key(Map.of("id", AttributeValue.fromS("a")))).item();
        assertEquals("1.5", got.get("n").n());
        client.deleteItem(b -> b.tableName("smoke").key(Map.of("id", AttributeValue.fromS("a"))));
        assertFalse(client.getItem(b -> b.tableName("smoke").key(Map.of("id", AttributeValue.fromS("a")))).hasItem());

        DynamoDbStreamsClient streams = DYNAMODB.streamsClient();
        String arn = described.table().latestStreamArn();
        var shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0);
        assertTrue(shard.shardId().matches("shardId-\\d{20}-[0-9a-f]{8}"), shard.shardId());
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse records = streams.getRecords(b -> b.shardIterator(iterator));
        assertEquals(List.of("INSERT", "REMOVE"), records.records().stream().map(r -> r.eventNameAsString()).toList());
        assertEquals(32, records.records().get(0).eventID().length());

        client.updateItem(b -> b.tableName("smoke").key(Map.of("id", AttributeValue.fromS("u")))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1"))));
        client.transactWriteItems(b -> b.transactItems(t -> t.put(p -> p.tableName("smoke")
                .item(Map.of("id", AttributeValue.fromS("t"))))));
        assertTrue(client.getItem(b -> b.tableName("smoke").key(Map.of("id", AttributeValue.fromS("t")))).hasItem());

        client.deleteTable(b -> b.tableName("smoke"));
        assertThrows(ResourceNotFoundException.class, () -> client.describeTable(b -> b.tableName("smoke")));
        DynamoDbException error = assertThrows(DynamoDbException.class,
                () -> client.getItem(b -> b.tableName("smoke").key(Map.of("id", AttributeValue.fromS("a")))));
        assertEquals("ResourceNotFoundException", error.awsErrorDetails().errorCode());
    }
}
