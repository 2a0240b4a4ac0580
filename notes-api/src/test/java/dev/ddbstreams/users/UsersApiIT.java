package dev.ddbstreams.users;

import static dev.ddbstreams.testing.ApiEvents.body;
import static dev.ddbstreams.testing.ApiEvents.event;
import static dev.ddbstreams.testing.ApiEvents.path;
import static dev.ddbstreams.testing.ApiResponses.assertError;
import static dev.ddbstreams.testing.ApiResponses.jsonBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.testing.LocalClients;
import dev.ddbstreams.emulators.testing.StreamTail;
import dev.ddbstreams.emulators.testing.WiringTables;
import dev.ddbstreams.lambda.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The users function end to end through the handler, against the DynamoDB engine running in this JVM. */
class UsersApiIT {

    private static final String TABLE = "Users";

    private static DynamoDbEngine local;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final UsersApiHandler handler = new UsersApiHandler(
            new UsersService(dynamoDb, TABLE, Clock.systemUTC(), () -> UUID.randomUUID().toString()),
            StructuredLog.to(UsersApiHandler.class, new PrintStream(logs, true, StandardCharsets.UTF_8)));

    @BeforeAll
    static void startDynamoDb() {
        local = DynamoDbEngine.inMemory(0);
        dynamoDb = LocalClients.dynamoDb(local.endpoint(), Region.US_EAST_1);
        streams = LocalClients.dynamoDbStreams(local.endpoint(), Region.US_EAST_1);
    }

    @AfterAll
    static void stopDynamoDb() {
        streams.close();
        dynamoDb.close();
        local.close();
    }

    @BeforeEach
    void createTable() {
        WiringTables.load().create(dynamoDb, TABLE);
    }

    @AfterEach
    void deleteTable() {
        dynamoDb.deleteTable(b -> b.tableName(TABLE));
    }

    private JsonNode create(String email) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("users-create.json",
                body("{\"email\":\"" + email + "\"}")), null);
        assertEquals(201, response.getStatusCode(), response.getBody());
        return jsonBody(response);
    }

    @Test
    void create_get_delete_likeTheSeed() {
        long before = System.currentTimeMillis();
        APIGatewayV2HTTPResponse created = handler.handleRequest(event("users-create.json"), null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        JsonNode user = jsonBody(created);
        String id = user.path("id").asText();
        assertEquals("test@test.com", user.path("email").asText());
        assertTrue(user.path("timestamp").asLong() >= before, "epoch milliseconds");

        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id)))).item();
        assertEquals(Long.toString(user.path("timestamp").asLong()), item.get("timestamp").n(), "stored as N");

        APIGatewayV2HTTPResponse fetched = handler.handleRequest(event("users-get.json", path("/users/" + id)), null);
        assertEquals(200, fetched.getStatusCode());
        assertEquals(user, jsonBody(fetched));

        APIGatewayV2HTTPResponse deleted = handler.handleRequest(event("users-delete.json", path("/users/" + id)), null);
        assertEquals(200, deleted.getStatusCode(), deleted.getBody());
        assertEquals(user, jsonBody(deleted), "the deleted user is returned");

        assertError(handler.handleRequest(event("users-get.json", path("/users/" + id)), null), 404, "UserNotFound");
        assertError(handler.handleRequest(event("users-delete.json", path("/users/" + id)), null), 404, "UserNotFound");
    }

    @Test
    void delete_writesTheRemoveRecordTheRemovalLoggerReads_andAnUnknownIdWritesNone() {
        JsonNode user = create("jane.doe@example.com");
        String id = user.path("id").asText();

        assertEquals(200, handler.handleRequest(event("users-delete.json", path("/users/" + id)), null).getStatusCode());
        assertError(handler.handleRequest(event("users-delete.json"), null), 404, "UserNotFound");

        List<Record> records = StreamTail.of(dynamoDb, TABLE).poll(streams);
        List<Record> removes = records.stream().filter(r -> r.eventName() == OperationType.REMOVE).toList();
        assertEquals(1, removes.size(), "one REMOVE for the one user that existed: " + records);
        Record remove = removes.get(0);
        assertEquals(Map.of("id", AttributeValue.fromS(id)), remove.dynamodb().keys());
        assertEquals("jane.doe@example.com", remove.dynamodb().oldImage().get("email").s());
        assertEquals(Long.toString(user.path("timestamp").asLong()), remove.dynamodb().oldImage().get("timestamp").n());
        assertFalse(remove.dynamodb().hasNewImage() && !remove.dynamodb().newImage().isEmpty(), "REMOVE has no new image");
    }

    @Test
    void invalidAddresses_storeNothing_andAreNotLogged() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("users-create.json",
                body("{\"email\":\"jane.doe@@example.com\"}")), null);

        assertError(response, 400, "InvalidEmail");
        assertEquals(0, dynamoDb.scan(b -> b.tableName(TABLE)).count());
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("jane.doe"));
    }
}
