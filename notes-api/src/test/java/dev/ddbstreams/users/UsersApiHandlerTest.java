package dev.ddbstreams.users;

import static dev.ddbstreams.testing.ApiEvents.base64Body;
import static dev.ddbstreams.testing.ApiEvents.base64Utf8Body;
import static dev.ddbstreams.testing.ApiEvents.body;
import static dev.ddbstreams.testing.ApiEvents.event;
import static dev.ddbstreams.testing.ApiEvents.header;
import static dev.ddbstreams.testing.ApiEvents.method;
import static dev.ddbstreams.testing.ApiEvents.path;
import static dev.ddbstreams.testing.ApiEvents.query;
import static dev.ddbstreams.testing.ApiResponses.assertError;
import static dev.ddbstreams.testing.ApiResponses.jsonBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.lambda.StructuredLog;
import dev.ddbstreams.testing.StubDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The users function from AWS-shaped payload 2.0 fixtures (the seed 004 requests), DynamoDB scripted. */
class UsersApiHandlerTest {

    private static final String USER_ID = "4cgl4td0mufwl0wiqrepuba9k9";
    private static final String NEW_ID = "7f3c1e2d-9a8b-4c5d-8e6f-0a1b2c3d4e5f";
    /** The timestamp the seed's create returned. */
    private static final long SEED_TIMESTAMP = 1520547428623L;

    private final StubDynamoDb dynamoDb = new StubDynamoDb();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final UsersApiHandler handler = new UsersApiHandler(
            new UsersService(dynamoDb, "Users", Clock.fixed(Instant.ofEpochMilli(SEED_TIMESTAMP), ZoneOffset.UTC), () -> NEW_ID),
            StructuredLog.to(UsersApiHandler.class, new PrintStream(logs, true, StandardCharsets.UTF_8)));

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static Map<String, AttributeValue> storedUser() {
        return Map.of("id", AttributeValue.fromS(USER_ID), "email", AttributeValue.fromS("test@test.com"),
                "timestamp", AttributeValue.fromN(Long.toString(SEED_TIMESTAMP)));
    }

    @Test
    void create_returns201WithIdEmailAndEpochMillisTimestamp_likeTheSeed() {
        dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

        APIGatewayV2HTTPResponse response = handle(event("users-create.json"));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("/users/" + NEW_ID, response.getHeaders().get("Location"));
        JsonNode user = jsonBody(response);
        assertEquals(NEW_ID, user.path("id").asText());
        assertEquals("test@test.com", user.path("email").asText());
        assertTrue(user.path("timestamp").isIntegralNumber(), "a JSON number, as the seed returns it");
        assertEquals(SEED_TIMESTAMP, user.path("timestamp").asLong());
        assertEquals(3, user.size());
    }

    @Test
    void create_writesTheUsersItemShape_withTimestampAsANumber() {
        dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

        handle(event("users-create.json"));

        PutItemRequest put = dynamoDb.onlyRequest(PutItemRequest.class);
        assertEquals("Users", put.tableName());
        assertEquals(Map.of("id", AttributeValue.fromS(NEW_ID), "email", AttributeValue.fromS("test@test.com"),
                "timestamp", AttributeValue.fromN("1520547428623")), put.item());
        assertEquals("attribute_not_exists(#id)", put.conditionExpression());
    }

    @Test
    void create_acceptsABase64EncodedBody() {
        dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

        APIGatewayV2HTTPResponse response = handle(event("users-create.json", header("content-type", null),
                base64Utf8Body("{\"email\":\"first.last+tag@mail.example.org\"}")));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("first.last+tag@mail.example.org", jsonBody(response).path("email").asText());
    }

    static Stream<Arguments> rejectedCreates() {
        return Stream.of(
                arguments("missing email", body("{}"), 400, "MissingField"),
                arguments("email is a number", body("{\"email\":42}"), 400, "InvalidFieldType"),
                arguments("email is an array", body("{\"email\":[\"a@example.com\"]}"), 400, "InvalidFieldType"),
                arguments("email is null", body("{\"email\":null}"), 400, "InvalidFieldType"),
                arguments("empty email", body("{\"email\":\"\"}"), 400, "InvalidFieldValue"),
                arguments("blank email", body("{\"email\":\"  \"}"), 400, "InvalidFieldValue"),
                arguments("line break injected into email", body("{\"email\":\"a@example.com\\r\\nBcc: x@example.com\"}"), 400, "InvalidFieldValue"),
                arguments("not an address", body("{\"email\":\"test\"}"), 400, "InvalidEmail"),
                arguments("no domain dot", body("{\"email\":\"test@localhost\"}"), 400, "InvalidEmail"),
                arguments("over 254 characters", body("{\"email\":\"" + "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59) + ".com\"}"), 400, "InvalidEmail"),
                arguments("a kilobyte-long address", body("{\"email\":\"" + "a".repeat(2000) + "@example.com\"}"), 413, "ItemTooLarge"),
                arguments("extra field", body("{\"email\":\"test@test.com\",\"admin\":true}"), 400, "UnknownField"),
                arguments("client-chosen id", body("{\"email\":\"test@test.com\",\"id\":\"mine\"}"), 400, "UnknownField"),
                arguments("seed delete body sent to create", body("{\"id\":\"" + USER_ID + "\"}"), 400, "UnknownField"),
                arguments("malformed JSON", body("{\"email\":"), 400, "MalformedJson"),
                // API Gateway hands a JSON body that is not UTF-8 over base64-encoded (a binary payload), Content-Type kept.
                arguments("JSON body in Latin-1, base64-encoded by API Gateway",
                        base64Body(new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xE9, '@', 'x', '.', 'c', 'o', '"', '}'}),
                        400, "InvalidUtf8"),
                arguments("array", body("[\"test@test.com\"]"), 400, "ExpectedJsonObject"),
                arguments("no body", body(null), 400, "MissingBody"),
                arguments("form encoding", header("content-type", "application/x-www-form-urlencoded"), 415, "UnsupportedMediaType"),
                arguments("query parameter", query("email=test@test.com"), 400, "InvalidQueryParameter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCreates")
    void create_rejectsBadInput_beforeCallingDynamoDb(String description, Consumer<APIGatewayV2HTTPEvent> change,
                                                      int status, String code) {
        assertError(handle(event("users-create.json", change)), status, code);
        assertTrue(dynamoDb.requests().isEmpty(), "DynamoDB must not be called");
    }

    @Test
    void rejectedAddresses_areNeverLogged() {
        handle(event("users-create.json", body("{\"email\":\"jane.doe@example\"}")));

        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"error\":\"InvalidEmail\""), log);
        assertFalse(log.contains("jane.doe"), log);
    }

    @Test
    void faults_areLoggedWithoutTheAddress_andAnswered503() {
        dynamoDb.onPutItem(request -> {
            throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .message("Throughput exceeds the current capacity")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                    .build();
        });

        APIGatewayV2HTTPResponse response = handle(event("users-create.json"));

        assertError(response, 503, "ServiceUnavailable");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("ProvisionedThroughputExceededException"), log);
        assertFalse(log.contains("test@test.com"), log);
    }

    @Test
    void get_returnsTheUser() {
        dynamoDb.onGetItem(request -> GetItemResponse.builder().item(storedUser()).build());

        APIGatewayV2HTTPResponse response = handle(event("users-get.json"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("{\"id\":\"" + USER_ID + "\",\"email\":\"test@test.com\",\"timestamp\":1520547428623}", response.getBody());
        assertTrue(dynamoDb.onlyRequest(GetItemRequest.class).consistentRead());
    }

    @Test
    void get_returns404_forAnUnknownUser() {
        dynamoDb.onGetItem(request -> GetItemResponse.builder().build());

        assertError(handle(event("users-get.json")), 404, "UserNotFound");
    }

    @Test
    void delete_returns200WithTheDeletedUser() {
        dynamoDb.onDeleteItem(request -> DeleteItemResponse.builder().attributes(storedUser()).build());

        APIGatewayV2HTTPResponse response = handle(event("users-delete.json"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(USER_ID, jsonBody(response).path("id").asText());
        assertEquals("test@test.com", jsonBody(response).path("email").asText());
        DeleteItemRequest delete = dynamoDb.onlyRequest(DeleteItemRequest.class);
        assertEquals(ReturnValue.ALL_OLD, delete.returnValues());
        assertEquals(Map.of("id", AttributeValue.fromS(USER_ID)), delete.key());
    }

    @Test
    void delete_returns404_forAnUnknownUser() {
        dynamoDb.onDeleteItem(request -> DeleteItemResponse.builder().build());

        assertError(handle(event("users-delete.json")), 404, "UserNotFound");
    }

    static Stream<Arguments> oddRequests() {
        return Stream.of(
                arguments("DELETE", "/users/..", 400, "InvalidId"),
                arguments("DELETE", "/users/a%2F..%2Fb", 400, "InvalidId"),
                arguments("GET", "/users/" + "x".repeat(65), 400, "InvalidId"),
                arguments("GET", "/users/test@test.com", 400, "InvalidId"),
                arguments("GET", "/users/a/b", 404, "RouteNotFound"),
                arguments("GET", "/notes", 404, "RouteNotFound"),
                arguments("POST", "/create", 404, "RouteNotFound"),
                arguments("POST", "/delete", 404, "RouteNotFound"),
                arguments("GET", "/users", 405, "MethodNotAllowed"),
                arguments("DELETE", "/users", 405, "MethodNotAllowed"),
                arguments("PUT", "/users/" + USER_ID, 405, "MethodNotAllowed"),
                arguments("POST", "/users/" + USER_ID, 405, "MethodNotAllowed"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("oddRequests")
    void oddRequests_getA4xx_neverA500(String method, String rawPath, int status, String code) {
        assertError(handle(event("users-get.json", method(method), path(rawPath))), status, code);
        assertTrue(dynamoDb.requests().isEmpty(), "DynamoDB must not be called");
    }

    @Test
    void allow_listsTheMethodsOfEachResource() {
        assertEquals("POST, OPTIONS", handle(event("users-get.json", method("GET"), path("/users"))).getHeaders().get("Allow"));
        assertEquals("GET, HEAD, DELETE, OPTIONS", handle(event("users-get.json", method("OPTIONS"))).getHeaders().get("Allow"));
    }
}
