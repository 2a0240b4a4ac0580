package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
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
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The direct stream handler against the DynamoDB engine: records are read from the table's real stream and
 * delivered in Lambda's event shape, and every write the handler makes shows up on that stream again.
 */
class WordCountStreamIT {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    private String table;
    private StreamTail stream;
    private WordCountStreamHandler handler;
    private CapturedLog captured;

    @BeforeAll
    static void startDynamoDbEngine() {
        dynamoDb = LocalClients.dynamoDb(DYNAMODB.endpoint(), Region.EU_CENTRAL_1);
        streams = LocalClients.dynamoDbStreams(DYNAMODB.endpoint(), Region.EU_CENTRAL_1);
    }

    @AfterAll
    static void stopDynamoDbEngine() {
        streams.close();
        dynamoDb.close();
    }

    @BeforeEach
    void freshNotesTable() {
        table = "notes-" + UUID.randomUUID();
        WiringTables.load().createAs(dynamoDb, "notes", table);
        stream = StreamTail.of(dynamoDb, table);
        captured = new CapturedLog();
        handler = new WordCountStreamHandler(new WordCountService(new DynamoDbNoteStore(dynamoDb, table), captured.log));
    }

    @Test
    void wordCount_isWritten_andTheModifyItProducesWritesNothing() {
        putNote("n1", "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.");
        assertNoFailures(deliver(stream.poll(streams)));
        assertEquals("10", note("n1").get("wordCount").n());

        List<Record> ownModify = stream.poll(streams);
        assertEquals(List.of(OperationType.MODIFY), ownModify.stream().map(Record::eventName).toList());
        assertEquals("10", ownModify.get(0).dynamodb().newImage().get("wordCount").n());
        assertNoFailures(deliver(ownModify));
        assertTrue(stream.poll(streams).isEmpty(), "the handler's own MODIFY must not cause another write");
        assertEquals(List.of("WRITTEN", "ALREADY_COUNTED"), captured.outcomes());
    }

    @Test
    void batchDeliveredTwice_leavesTheSameResult_andWritesOnlyOnce() {
        putNote("a", "one");
        putNote("b", "one two");
        putNote("c", "");
        List<Record> inserts = stream.poll(streams);
        assertEquals(3, inserts.size());
        assertNoFailures(deliver(inserts));
        assertEquals(3, stream.poll(streams).size());

        assertNoFailures(deliver(inserts));
        assertTrue(stream.poll(streams).isEmpty(), "a redelivered batch must not write again");
        assertEquals(List.of("1", "2", "0"), List.of(note("a").get("wordCount").n(),
                note("b").get("wordCount").n(), note("c").get("wordCount").n()));
        // The second delivery's writes were refused by the condition, and DynamoDB said why.
        assertEquals(List.of("WRITTEN", "WRITTEN", "WRITTEN", "ALREADY_COUNTED", "ALREADY_COUNTED", "ALREADY_COUNTED"),
                captured.outcomes());
    }

    @Test
    void staleRecord_doesNotOverwriteTheCountOfNewerContent() {
        putNote("n1", "two words");
        List<Record> insert = stream.poll(streams);
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("n1")))
                .updateExpression("SET content = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromS("now four words here"))));
        List<Record> edit = stream.poll(streams);

        assertNoFailures(deliver(insert));
        assertFalse(note("n1").containsKey("wordCount"), "the INSERT's content is no longer the note's content");
        assertNoFailures(deliver(edit));
        assertEquals("4", note("n1").get("wordCount").n());
        assertNoFailures(deliver(insert));
        assertEquals("4", note("n1").get("wordCount").n());
        assertEquals(List.of("SUPERSEDED", "WRITTEN", "SUPERSEDED"), captured.outcomes());
    }

    @Test
    void deletedNote_isAcknowledged_andNotRecreatedAsAGhostItem() {
        putNote("n1", "soon gone");
        List<Record> insert = stream.poll(streams);
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("n1"))));
        List<Record> remove = stream.poll(streams);

        assertNoFailures(deliver(insert));
        assertNoFailures(deliver(remove));
        assertFalse(dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS("n1")))
                .consistentRead(true)).hasItem());
        assertTrue(stream.poll(streams).isEmpty());
        assertEquals(List.of("NOTE_DELETED", "IGNORED_REMOVE"), captured.outcomes());
    }

    @Test
    void malformedNote_isReported_afterTheRecordsBeforeItAreCounted() {
        putNote("good", "three little words");
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("bad"),
                "content", AttributeValue.fromN("42"))));
        List<Record> inserts = stream.poll(streams);

        StreamsEventResponse response = deliver(inserts);
        assertEquals(List.of(inserts.get(1).dynamodb().sequenceNumber()), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals("3", note("good").get("wordCount").n());
        assertFalse(note("bad").containsKey("wordCount"));
    }

    private StreamsEventResponse deliver(List<Record> records) {
        return handler.handleRequest(LambdaEvents.fromJson(stream.eventJson(records), DynamodbEvent.class), null);
    }

    private void putNote(String id, String content) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
                "title", AttributeValue.fromS("title of " + id), "content", AttributeValue.fromS(content),
                "createdAt", AttributeValue.fromS("2024-05-01T10:00:00Z"))));
    }

    private Map<String, AttributeValue> note(String id) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

    private static void assertNoFailures(StreamsEventResponse response) {
        assertEquals(List.of(), response.getBatchItemFailures());
    }
}
