package dev.ddbstreams.notes;

import static dev.ddbstreams.testing.ApiEvents.body;
import static dev.ddbstreams.testing.ApiEvents.event;
import static dev.ddbstreams.testing.ApiEvents.method;
import static dev.ddbstreams.testing.ApiEvents.path;
import static dev.ddbstreams.testing.ApiEvents.query;
import static dev.ddbstreams.testing.ApiResponses.assertError;
import static dev.ddbstreams.testing.ApiResponses.jsonBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import dev.ddbstreams.lambda.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The notes function end to end through the handler, against the DynamoDB engine running in this JVM. */
class NotesApiIT {

    private static final String TABLE = "notes";

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final NotesApiHandler handler = new NotesApiHandler(
            new NotesService(dynamoDb, TABLE, Clock.systemUTC(), () -> UUID.randomUUID().toString()),
            StructuredLog.to(NotesApiHandler.class, new PrintStream(logs, true, StandardCharsets.UTF_8)));

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = LocalClients.dynamoDb(DYNAMODB.endpoint(), Region.US_EAST_1);
        streams = LocalClients.dynamoDbStreams(DYNAMODB.endpoint(), Region.US_EAST_1);
    }

    @AfterAll
    static void stopDynamoDb() {
        streams.close();
        dynamoDb.close();
    }

    @BeforeEach
    void createTable() {
        WiringTables.load().create(dynamoDb, TABLE);
    }

    @AfterEach
    void deleteTable() {
        if (dynamoDb.listTables().tableNames().contains(TABLE)) {
            dynamoDb.deleteTable(b -> b.tableName(TABLE));
        }
    }

    private JsonNode create(String title, String content) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-create.json",
                body("{\"title\":" + quote(title) + ",\"content\":" + quote(content) + "}")), null);
        assertEquals(201, response.getStatusCode(), response.getBody());
        return jsonBody(response);
    }

    private APIGatewayV2HTTPResponse get(String id) {
        return handler.handleRequest(event("notes-get.json", path("/notes/" + id)), null);
    }

    private Map<String, AttributeValue> storedItem(String id) {
        return dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    @Test
    void create_storesTheContractItemShape_andGetReturnsIt() {
        APIGatewayV2HTTPResponse created = handler.handleRequest(event("notes-create.json"), null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        JsonNode note = jsonBody(created);
        String id = note.path("id").asText();

        assertEquals(id, UUID.fromString(id).toString(), "a generated UUID");
        Map<String, AttributeValue> item = storedItem(id);
        assertEquals(Set.of("id", "title", "content", "createdAt"), item.keySet());
        assertEquals("Count me", item.get("title").s());
        assertEquals(note.path("createdAt").asText(), item.get("createdAt").s());
        assertTrue(item.get("createdAt").s().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), item.toString());

        APIGatewayV2HTTPResponse fetched = get(id);
        assertEquals(200, fetched.getStatusCode());
        assertEquals(note, jsonBody(fetched));
        assertEquals("/notes/" + id, created.getHeaders().get("Location"));
    }

    @Test
    void list_pagesThroughEveryNoteExactlyOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(create("note " + i, "word ".repeat(i + 1)).path("id").asText());
        }

        List<String> listed = new ArrayList<>();
        String nextToken = null;
        int pages = 0;
        do {
            String rawQuery = "limit=3" + (nextToken == null ? "" : "&nextToken=" + nextToken);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-list.json", query(rawQuery)), null);
            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode page = jsonBody(response);
            assertTrue(page.path("items").size() <= 3, "limit honoured");
            page.path("items").forEach(item -> listed.add(item.path("id").asText()));
            nextToken = page.path("nextToken").isNull() ? null : page.path("nextToken").asText();
            pages++;
            assertTrue(pages <= 4, "7 notes in pages of 3 end by the fourth page");
        } while (nextToken != null);

        assertEquals(7, listed.size(), "no note twice: " + listed);
        assertEquals(created, new HashSet<>(listed));
    }

    @Test
    void list_ofAnEmptyTable_isAnEmptyLastPage() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-list.json"), null);

        assertEquals(200, response.getStatusCode());
        assertEquals("{\"items\":[],\"nextToken\":null}", response.getBody());
    }

    @Test
    void list_acceptsAWellFormedTokenForAnIdThatDoesNotExist() {
        create("a", "b");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-list.json",
                query("nextToken=" + NextTokens.encode("no-such-note"))), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    @Test
    void update_ofContent_removesTheWordCount_andTheStreamRecordCarriesNone() {
        String id = create("Count me", "one two three").path("id").asText();
        // What the word-count functions write once they have counted.
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET wordCount = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromN("3"))));
        assertEquals(3, jsonBody(get(id)).path("wordCount").asInt());

        APIGatewayV2HTTPResponse renamed = handler.handleRequest(event("notes-update.json", path("/notes/" + id),
                body("{\"title\":\"Renamed\"}")), null);
        assertEquals(200, renamed.getStatusCode(), renamed.getBody());
        assertEquals("Renamed", jsonBody(renamed).path("title").asText());
        assertEquals(3, jsonBody(renamed).path("wordCount").asInt(), "a title change keeps the count");

        APIGatewayV2HTTPResponse rewritten = handler.handleRequest(event("notes-update.json", path("/notes/" + id),
                body("{\"content\":\"four words right here\"}")), null);
        assertEquals(200, rewritten.getStatusCode(), rewritten.getBody());
        JsonNode note = jsonBody(rewritten);
        assertEquals("four words right here", note.path("content").asText());
        assertEquals("Renamed", note.path("title").asText());
        assertFalse(note.has("wordCount"), "to be counted again");
        assertFalse(storedItem(id).containsKey("wordCount"));

        List<Record> records = StreamTail.of(dynamoDb, TABLE).poll(streams);
        Record last = records.get(records.size() - 1);
        assertEquals(OperationType.MODIFY, last.eventName());
        assertEquals("four words right here", last.dynamodb().newImage().get("content").s());
        assertFalse(last.dynamodb().newImage().containsKey("wordCount"), "the MODIFY the counters see has no count");
    }

    @Test
    void update_ofAnUnknownNote_is404_andCreatesNothing() {
        String id = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-update.json", path("/notes/" + id)), null);

        assertError(response, 404, "NoteNotFound");
        assertTrue(storedItem(id).isEmpty(), "never an upsert");
        assertEquals(0, dynamoDb.scan(b -> b.tableName(TABLE)).count());
    }

    @Test
    void delete_removesTheNote_once() {
        String id = create("Delete me", "soon gone").path("id").asText();

        APIGatewayV2HTTPResponse deleted = handler.handleRequest(event("notes-delete.json", path("/notes/" + id)), null);
        assertEquals(204, deleted.getStatusCode());
        assertTrue(storedItem(id).isEmpty());

        assertError(get(id), 404, "NoteNotFound");
        assertError(handler.handleRequest(event("notes-delete.json", path("/notes/" + id)), null), 404, "NoteNotFound");
    }

    @Test
    void head_ofAStoredNote_is200WithoutBody() {
        String id = create("Head", "body").path("id").asText();

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-get.json", path("/notes/" + id), method("HEAD")), null);

        assertEquals(200, response.getStatusCode());
        assertNull(response.getBody());
    }

    @Test
    void theLargestNoteTheApiAccepts_isStoredByDynamoDb_andCanBeCountedLater() {
        // Multi-byte text: the limits are in UTF-8 bytes, as DynamoDB counts them.
        String title = "é".repeat(NoteRequests.TITLE_MAX_BYTES / 2);
        String content = "€".repeat(NoteRequests.CONTENT_MAX_BYTES / 3);

        String id = create(title, content).path("id").asText();
        dynamoDb.updateItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET wordCount = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("999999999999999999"))));

        JsonNode note = jsonBody(get(id));
        assertEquals(content, note.path("content").asText());
        assertEquals(title, note.path("title").asText());
        assertNotNull(note.get("wordCount"));
    }

    @Test
    void aMissingTable_isA500WithoutInternals_andIsLogged() {
        dynamoDb.deleteTable(b -> b.tableName(TABLE));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("notes-create.json"), null);

        assertError(response, 500, "InternalError");
        assertFalse(response.getBody().contains("ResourceNotFound"), response.getBody());
        assertTrue(logs.toString(StandardCharsets.UTF_8).contains("ResourceNotFoundException"));
    }

    @Test
    void anUnreachableDynamoDb_isA503() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            NotesApiHandler offline = new NotesApiHandler(
                    new NotesService(unreachable, TABLE, Clock.systemUTC(), () -> UUID.randomUUID().toString()),
                    StructuredLog.to(NotesApiHandler.class, new PrintStream(logs, true, StandardCharsets.UTF_8)));

            APIGatewayV2HTTPResponse response = offline.handleRequest(event("notes-get.json"), null);

            assertError(response, 503, "ServiceUnavailable");
            assertEquals("1", response.getHeaders().get("Retry-After"));
        }
    }

    private static String quote(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
