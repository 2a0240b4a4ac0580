package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import dev.ddbstreams.lambda.StructuredLog;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Forwarder, real queue and queue handler together, against the DynamoDB engine and ElasticMQ. */
class WordCountQueueIT {

    private static final Region REGION = Region.EU_CENTRAL_1;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();
    private static ElasticMq elasticMq;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static SqsClient sqs;

    private String table;
    private String queueUrl;
    private String queueArn;
    private StreamTail stream;
    private NoteForwarderHandler forwarder;
    private WordCountQueueHandler queueHandler;

    @BeforeAll
    static void startEmulators() {
        elasticMq = ElasticMq.start(0);
        dynamoDb = LocalClients.dynamoDb(DYNAMODB.endpoint(), REGION);
        streams = LocalClients.dynamoDbStreams(DYNAMODB.endpoint(), REGION);
        sqs = LocalClients.sqs(elasticMq.endpoint(), REGION);
    }

    @AfterAll
    static void stopEmulators() {
        sqs.close();
        streams.close();
        dynamoDb.close();
        elasticMq.close();
    }

    @BeforeEach
    void freshTableAndQueue() {
        String suffix = UUID.randomUUID().toString();
        table = "notes-" + suffix;
        WiringTables.load().createAs(dynamoDb, "notes", table);
        stream = StreamTail.of(dynamoDb, table);
        queueUrl = sqs.createQueue(b -> b.queueName("word-count-" + suffix)).queueUrl();
        queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        forwarder = new NoteForwarderHandler(new NoteForwarder(new SqsWordCountQueue(sqs, queueUrl),
                StructuredLog.of(WordCountQueueIT.class)));
        queueHandler = new WordCountQueueHandler(new WordCountService(new DynamoDbNoteStore(dynamoDb, table),
                StructuredLog.of(WordCountQueueIT.class)));
    }

    @Test
    void forwarderThenQueueHandler_countsTheNote_andTheCountsOwnModifyIsNotForwarded() {
        putNote("n1", "Hello from the queue");
        assertEquals(List.of(), forwarder.handleRequest(newStreamEvent(), null)
                .getBatchItemFailures());

        List<Message> messages = receiveAll();
        assertEquals(List.of("{\"noteId\":\"n1\"}"), messages.stream().map(Message::body).toList());
        assertEquals(List.of(), deliver(messages).getBatchItemFailures());
        assertEquals("4", note("n1").get("wordCount").n());

        assertEquals(List.of(), forwarder.handleRequest(newStreamEvent(), null)
                .getBatchItemFailures());
        assertTrue(receiveAll().isEmpty(), "the word count's own MODIFY must not be forwarded");
    }

    @Test
    void queueHandler_writesOnce_whenTheSameMessageIsDeliveredTwice() {
        putNote("n1", "twice delivered");
        stream.poll(streams);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"noteId\":\"n1\"}"));
        List<Message> messages = receiveAll();
        deliver(messages);
        assertEquals(1, stream.poll(streams).size());
        assertEquals(List.of(), deliver(messages).getBatchItemFailures());
        assertTrue(stream.poll(streams).isEmpty());
        assertEquals("2", note("n1").get("wordCount").n());
    }

    @Test
    void queueHandler_acknowledgesANoteDeletedMeanwhile_withoutRecreatingIt() {
        putNote("n1", "soon gone");
        forwarder.handleRequest(newStreamEvent(), null);
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("n1"))));

        assertEquals(List.of(), deliver(receiveAll()).getBatchItemFailures());
        assertFalse(dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("n1")))
                .consistentRead(true)).hasItem());
    }

    @Test
    void queueHandler_reportsOnlyTheMalformedMessages() {
        putNote("n1", "a b c");
        for (String body : List.of("{\"noteId\":\"n1\"}", "{not json", "{\"noteId\":7}")) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        }
        List<Message> messages = receiveAll();
        List<String> malformed = messages.stream().filter(m -> !m.body().contains("n1")).map(Message::messageId).sorted().toList();

        SQSBatchResponse response = deliver(messages);
        assertEquals(malformed, response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).sorted().toList());
        assertEquals("3", note("n1").get("wordCount").n());
    }

    private SQSBatchResponse deliver(List<Message> messages) {
        return queueHandler.handleRequest(sqsEvent(messages), null);
    }

    /** The records written since the last poll, as the DynamoDB event Lambda would deliver to the forwarder. */
    private DynamodbEvent newStreamEvent() {
        return LambdaEvents.fromJson(stream.eventJson(stream.poll(streams)), DynamodbEvent.class);
    }

    /** The SQS event Lambda would deliver for {@code messages} received from the queue. */
    private SQSEvent sqsEvent(List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode json = array.addObject();
            json.put("messageId", message.messageId());
            json.put("receiptHandle", message.receiptHandle());
            json.put("body", message.body());
            ObjectNode attributes = json.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            json.putObject("messageAttributes");
            json.put("md5OfBody", message.md5OfBody());
            json.put("eventSource", "aws:sqs");
            json.put("eventSourceARN", queueArn);
            json.put("awsRegion", REGION.id());
        }
        return LambdaEvents.fromJson(event.toString(), SQSEvent.class);
    }

    /** Receives what is in the queue now and deletes it, as Lambda's poller does on success. */
    private List<Message> receiveAll() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        for (Message message : messages) {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return messages;
    }

    private void putNote(String id, String content) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
                "title", AttributeValue.fromS("title of " + id), "content", AttributeValue.fromS(content),
                "createdAt", AttributeValue.fromS("2024-05-01T10:00:00Z"))));
    }

    private Map<String, AttributeValue> note(String id) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }
}
