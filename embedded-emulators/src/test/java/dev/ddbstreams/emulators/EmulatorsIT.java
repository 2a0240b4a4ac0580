package dev.ddbstreams.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.testing.LocalClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

class EmulatorsIT {

    @Test
    void dynamoDbEngine_servesTablesAndStreams_andPersistsAcrossRestarts() throws Exception {
        Path data = Files.createTempDirectory("dynamodb-engine-it");
        try (DynamoDbEngine ddb = DynamoDbEngine.start(0, data);
             DynamoDbClient client = dynamoDb(ddb);
             DynamoDbStreamsClient streams = LocalClients.dynamoDbStreams(ddb.endpoint(), Region.US_EAST_1)) {
            client.createTable(b -> b.tableName("items")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE).build()));
            client.putItem(b -> b.tableName("items").item(Map.of("id", AttributeValue.fromS("a"))));
            String streamArn = client.describeTable(b -> b.tableName("items")).table().latestStreamArn();
            String shardId = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertEquals(1, streams.getRecords(b -> b.shardIterator(iterator)).records().size());
        }
        try (DynamoDbEngine again = DynamoDbEngine.start(0, data); DynamoDbClient client = dynamoDb(again)) {
            assertTrue(client.getItem(b -> b.tableName("items").key(Map.of("id", AttributeValue.fromS("a")))).hasItem());
        }
    }

    @Test
    void elasticMq_queueUrlsCarryTheRealPort() {
        try (ElasticMq sqs = ElasticMq.start(0);
             SqsClient client = sqs(sqs)) {
            String url = client.createQueue(b -> b.queueName("q")).queueUrl();
            assertTrue(url.contains(":" + sqs.port() + "/"), url);
            client.sendMessage(b -> b.queueUrl(url).messageBody("hi"));
            assertFalse(client.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty());
        }
    }

    @Test
    void elasticMq_persistsQueuesAttributesAndMessagesAcrossRestarts() throws Exception {
        Path data = Files.createTempDirectory("elasticmq-it");
        String queueUrl;
        try (ElasticMq sqs = ElasticMq.start(0, data); SqsClient client = sqs(sqs)) {
            client.createQueue(b -> b.queueName("kept-dlq"));
            queueUrl = client.createQueue(b -> b.queueName("kept").attributesWithStrings(Map.of(
                    "VisibilityTimeout", "45",
                    "RedrivePolicy", "{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"arn:aws:sqs:elasticmq:000000000000:kept-dlq\"}")))
                    .queueUrl();
            client.sendMessage(b -> b.queueUrl(client.getQueueUrl(g -> g.queueName("kept")).queueUrl()).messageBody("survives"));
        }
        try (ElasticMq again = ElasticMq.start(0, data); SqsClient client = sqs(again)) {
            String url = client.getQueueUrl(b -> b.queueName("kept")).queueUrl();
            assertTrue(url.contains(":" + again.port() + "/"), url);
            assertEquals("45", client.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("VisibilityTimeout"))
                    .attributesAsStrings().get("VisibilityTimeout"));
            assertEquals("survives", client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0).body());
        }
        assertFalse(queueUrl.isBlank());
    }

    private static SqsClient sqs(ElasticMq sqs) {
        return LocalClients.sqs(sqs.endpoint(), Region.US_EAST_1);
    }

    private static DynamoDbClient dynamoDb(DynamoDbEngine ddb) {
        return LocalClients.dynamoDb(ddb.endpoint(), Region.US_EAST_1);
    }
}
