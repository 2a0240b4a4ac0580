package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.ddbstreams.emulators.DynamoDbLocal;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.lambda.StructuredLog;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Forwarder, real queue and queue handler together, against DynamoDB Local and ElasticMQ. */
class WordCountQueueIT {

    private static DynamoDbLocal ddb;
    private static ElasticMq elasticMq;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static SqsClient sqs;

    private String table;
    private String streamArn;
    private String queueUrl;
    private String queueArn;
    private LocalAws.StreamTail stream;
    private NoteForwarderHandler forwarder;
    private WordCountQueueHandler queueHandler;

    @BeforeAll
    static void startEmulators() {
        ddb = DynamoDbLocal.inMemory(0);
        elasticMq = ElasticMq.start(0);
        dynamoDb = LocalAws.dynamoDb(ddb.endpoint());
        streams = LocalAws.streams(ddb.endpoint());
        sqs = LocalAws.sqs(elasticMq.endpoint());
    }

    @AfterAll
    static void stopEmulators() {
        sqs.close();
        streams.close();
        dynamoDb.close();
        elasticMq.close();
        ddb.close();
    }

    @BeforeEach
    void freshTableAndQueue() {
        String suffix = UUID.randomUUID().toString();
        table = "notes-" + suffix;
        streamArn = LocalAws.createNotesTable(dynamoDb, table);
        stream = new LocalAws.StreamTail(streams, streamArn);
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
        assertEquals(List.of(), forwarder.handleRequest(LocalAws.dynamodbEvent(stream.readNew(), streamArn), null)
                .getBatchItemFailures());

        List<Message> messages = receiveAll();
        assertEquals(List.of("{\"noteId\":\"n1\"}"), messages.stream().map(Message::body).toList());
        assertEquals(List.of(), deliver(messages).getBatchItemFailures());
        assertEquals("4", note("n1").get("wordCount").n());

        assertEquals(List.of(), forwarder.handleRequest(LocalAws.dynamodbEvent(stream.readNew(), streamArn), null)
                .getBatchItemFailures());
        assertTrue(receiveAll().isEmpty(), "the word count's own MODIFY must not be forwarded");
    }

    @Test
    void queueHandler_writesOnce_whenTheSameMessageIsDeliveredTwice() {
        putNote("n1", "twice delivered");
        stream.readNew();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"noteId\":\"n1\"}"));
        List<Message> messages = receiveAll();
        deliver(messages);
        assertEquals(1, stream.readNew().size());
        assertEquals(List.of(), deliver(messages).getBatchItemFailures());
        assertTrue(stream.readNew().isEmpty());
        assertEquals("2", note("n1").get("wordCount").n());
    }

    @Test
    void queueHandler_acknowledgesANoteDeletedMeanwhile_withoutRecreatingIt() {
        putNote("n1", "soon gone");
        forwarder.handleRequest(LocalAws.dynamodbEvent(stream.readNew(), streamArn), null);
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
        return queueHandler.handleRequest(LocalAws.sqsEvent(messages, queueArn), null);
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
