package dev.ddbstreams.notes;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.lambda.StructuredLog;
import dev.ddbstreams.testing.StubDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The notes function from AWS-shaped payload 2.0 fixtures, with DynamoDB scripted: what it sends to
 * DynamoDB, what it answers, and that no bad request reaches DynamoDB at all.
 */
class NotesApiHandlerTest {

    private static final String NOTE_ID = "0b9f3c2e-6a51-4e0f-9d47-2f8a1c5b7e31";
    private static final String NEW_ID = "5d0e8b7a-1c2f-4a3b-8e9d-0f1a2b3c4d5e";
    private static final Instant NOW = Instant.parse("2024-09-22T10:15:29.120Z");
    private static final String SEED_CONTENT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.";

    private final StubDynamoDb dynamoDb = new StubDynamoDb();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final NotesApiHandler handler = new NotesApiHandler(
            new NotesService(dynamoDb, "notes", Clock.fixed(NOW, ZoneOffset.UTC), () -> NEW_ID),
            StructuredLog.to(NotesApiHandler.class, new PrintStream(logs, true, StandardCharsets.UTF_8)));

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static Map<String, AttributeValue> storedNote(String id, Long wordCount) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                "id", AttributeValue.fromS(id),
                "title", AttributeValue.fromS("Count me"),
                "content", AttributeValue.fromS(SEED_CONTENT),
                "createdAt", AttributeValue.fromS("2024-09-22T10:15:29.120Z")));
        if (wordCount != null) {
            item.put("wordCount", AttributeValue.fromN(wordCount.toString()));
        }
        return item;
    }

    @Nested
    class Create {

        @Test
        void create_returns201WithTheStoredNote_forTheSeedRequest() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

            APIGatewayV2HTTPResponse response = handle(event("notes-create.json"));

            assertEquals(201, response.getStatusCode(), response.getBody());
            assertEquals("application/json", response.getHeaders().get("Content-Type"));
            assertEquals("/notes/" + NEW_ID, response.getHeaders().get("Location"));
            JsonNode note = jsonBody(response);
            assertEquals(NEW_ID, note.path("id").asText());
            assertEquals("Count me", note.path("title").asText());
            assertEquals(SEED_CONTENT, note.path("content").asText());
            assertEquals("2024-09-22T10:15:29.120Z", note.path("createdAt").asText());
            assertFalse(note.has("wordCount"), "not counted yet");
            assertEquals(4, note.size());
        }

        @Test
        void create_writesTheContractItemShape_withAConditionThatNeverOverwrites() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

            handle(event("notes-create.json"));

            PutItemRequest put = dynamoDb.onlyRequest(PutItemRequest.class);
            assertEquals("notes", put.tableName());
            assertEquals(Map.of(
                    "id", AttributeValue.fromS(NEW_ID),
                    "title", AttributeValue.fromS("Count me"),
                    "content", AttributeValue.fromS(SEED_CONTENT),
                    "createdAt", AttributeValue.fromS("2024-09-22T10:15:29.120Z")), put.item());
            assertEquals("attribute_not_exists(#id)", put.conditionExpression());
            assertEquals(Map.of("#id", "id"), put.expressionAttributeNames());
        }

        @Test
        void create_decodesABase64EncodedBody_asApiGatewaySendsOneWithoutContentType() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

            APIGatewayV2HTTPResponse response = handle(event("notes-create-base64.json"));

            assertEquals(201, response.getStatusCode(), response.getBody());
            assertEquals("Hello World", jsonBody(response).path("title").asText());
            assertEquals("some text", jsonBody(response).path("content").asText());
        }

        @Test
        void create_keepsUnicodeLineBreaksAndTabsInContent() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());
            String content = "Zeile eins\nline two\twith tab, emoji \uD83D\uDE00, accents éàü, 漢字";

            APIGatewayV2HTTPResponse response = handle(event("notes-create.json",
                    body("{\"title\":\"Grüße\",\"content\":" + jsonString(content) + "}")));

            assertEquals(201, response.getStatusCode(), response.getBody());
            assertEquals(content, dynamoDb.onlyRequest(PutItemRequest.class).item().get("content").s());
            assertEquals(content, jsonBody(response).path("content").asText());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
                "Application/JSON", "application/vnd.api+json", "application/merge-patch+json"})
        void create_acceptsJsonMediaTypes(String contentType) {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

            APIGatewayV2HTTPResponse response = handle(event("notes-create.json", header("content-type", contentType)));

            assertEquals(201, response.getStatusCode(), response.getBody());
        }

        @Test
        void create_acceptsABodyWithoutContentType() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

            APIGatewayV2HTTPResponse response = handle(event("notes-create.json", header("content-type", null)));

            assertEquals(201, response.getStatusCode(), response.getBody());
        }

        @Test
        void create_ignoresAUtf8ByteOrderMark() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());

            APIGatewayV2HTTPResponse response = handle(event("notes-create.json",
                    base64Utf8Body("\uFEFF{\"title\":\"a\",\"content\":\"b\"}")));

            assertEquals(201, response.getStatusCode(), response.getBody());
        }

        @Test
        void create_acceptsTheLargestTitleAndContent_measuredInUtf8Bytes() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());
            String title = "é".repeat(NoteRequests.TITLE_MAX_BYTES / 2);
            String content = "x".repeat(NoteRequests.CONTENT_MAX_BYTES);

            APIGatewayV2HTTPResponse response = handle(event("notes-create.json",
                    body("{\"title\":\"" + title + "\",\"content\":\"" + content + "\"}")));

            assertEquals(201, response.getStatusCode());
        }

        @Test
        void create_locationKeepsTheStagePrefix_behindANamedStage() {
            dynamoDb.onPutItem(request -> PutItemResponse.builder().build());
            APIGatewayV2HTTPEvent event = event("notes-create.json", path("/dev/notes"));
            event.getRequestContext().setStage("dev");

            APIGatewayV2HTTPResponse response = handle(event);

            assertEquals(201, response.getStatusCode(), response.getBody());
            assertEquals("/dev/notes/" + NEW_ID, response.getHeaders().get("Location"));
        }
    }

    /** Every way a create can be wrong: a 4xx JSON error, and DynamoDB is never called. */
    static Stream<Arguments> rejectedCreates() {
        String over400Kb = "x".repeat(400 * 1024 + 1);
        String multibyteOverLimit = "é".repeat(NoteRequests.CONTENT_MAX_BYTES / 2 + 1);
        return Stream.of(
                arguments("malformed JSON", body("{\"title\": \"a\", "), 400, "MalformedJson"),
                arguments("not JSON at all", body("title=a&content=b"), 400, "MalformedJson"),
                arguments("content after the JSON value", body("{\"title\":\"a\",\"content\":\"b\"} {}"), 400, "MalformedJson"),
                arguments("duplicate field smuggling a second value",
                        body("{\"title\":\"a\",\"content\":\"b\",\"title\":\"\"}"), 400, "MalformedJson"),
                arguments("NaN", body("{\"title\":NaN,\"content\":\"b\"}"), 400, "MalformedJson"),
                arguments("comment", body("{\"title\":\"a\", /* x */ \"content\":\"b\"}"), 400, "MalformedJson"),
                arguments("single quotes", body("{'title':'a','content':'b'}"), 400, "MalformedJson"),
                arguments("raw control character inside a string", body("{\"title\":\"a\u0001\",\"content\":\"b\"}"), 400, "MalformedJson"),
                arguments("array", body("[{\"title\":\"a\",\"content\":\"b\"}]"), 400, "ExpectedJsonObject"),
                arguments("string", body("\"a note\""), 400, "ExpectedJsonObject"),
                arguments("number", body("42"), 400, "ExpectedJsonObject"),
                arguments("null", body("null"), 400, "ExpectedJsonObject"),
                arguments("boolean", body("true"), 400, "ExpectedJsonObject"),
                arguments("no body", body(null), 400, "MissingBody"),
                arguments("empty body", body(""), 400, "MissingBody"),
                arguments("whitespace body", body(" \r\n\t "), 400, "MissingBody"),
                arguments("empty base64 body", base64Body(""), 400, "MissingBody"),
                arguments("empty object", body("{}"), 400, "MissingField"),
                arguments("missing content", body("{\"title\":\"a\"}"), 400, "MissingField"),
                arguments("missing title", body("{\"content\":\"b\"}"), 400, "MissingField"),
                arguments("title is a number", body("{\"title\":1,\"content\":\"b\"}"), 400, "InvalidFieldType"),
                arguments("title is null", body("{\"title\":null,\"content\":\"b\"}"), 400, "InvalidFieldType"),
                arguments("title is a boolean", body("{\"title\":false,\"content\":\"b\"}"), 400, "InvalidFieldType"),
                arguments("content is an array", body("{\"title\":\"a\",\"content\":[\"b\"]}"), 400, "InvalidFieldType"),
                arguments("content is an object", body("{\"title\":\"a\",\"content\":{\"text\":\"b\"}}"), 400, "InvalidFieldType"),
                arguments("huge exponent", body("{\"title\":1e999999,\"content\":\"b\"}"), 400, "InvalidFieldType"),
                arguments("empty title", body("{\"title\":\"\",\"content\":\"b\"}"), 400, "InvalidFieldValue"),
                arguments("blank title", body("{\"title\":\"   \",\"content\":\"b\"}"), 400, "InvalidFieldValue"),
                arguments("title of no-break and em spaces", body("{\"title\":\"\\u00a0\\u2003\",\"content\":\"b\"}"), 400, "InvalidFieldValue"),
                arguments("empty content", body("{\"title\":\"a\",\"content\":\"\"}"), 400, "InvalidFieldValue"),
                arguments("blank content", body("{\"title\":\"a\",\"content\":\" \\n\\t \"}"), 400, "InvalidFieldValue"),
                arguments("NUL in title", body("{\"title\":\"a\\u0000b\",\"content\":\"b\"}"), 400, "InvalidFieldValue"),
                arguments("line break in title", body("{\"title\":\"a\\nb\",\"content\":\"b\"}"), 400, "InvalidFieldValue"),
                arguments("escape character in content", body("{\"title\":\"a\",\"content\":\"\\u001b[31mred\"}"), 400, "InvalidFieldValue"),
                arguments("C1 control in content", body("{\"title\":\"a\",\"content\":\"b\\u0085\"}"), 400, "InvalidFieldValue"),
                arguments("unpaired surrogate", body("{\"title\":\"\\ud800\",\"content\":\"b\"}"), 400, "InvalidFieldValue"),
                arguments("unknown field", body("{\"title\":\"a\",\"content\":\"b\",\"tags\":[]}"), 400, "UnknownField"),
                arguments("misspelt field", body("{\"title\":\"a\",\"contnet\":\"b\"}"), 400, "UnknownField"),
                arguments("client-chosen id", body("{\"id\":\"mine\",\"title\":\"a\",\"content\":\"b\"}"), 400, "UnknownField"),
                arguments("client-supplied wordCount", body("{\"title\":\"a\",\"content\":\"b\",\"wordCount\":1}"), 400, "UnknownField"),
                arguments("thousand-digit number", body("{\"title\":" + "9".repeat(1000) + ",\"content\":\"b\"}"), 400, "JsonLimitExceeded"),
                arguments("deeply nested JSON", body("{\"title\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"content\":\"b\"}"), 400, "JsonLimitExceeded"),
                arguments("kilobyte-long field name", body("{\"" + "k".repeat(1024) + "\":1}"), 400, "JsonLimitExceeded"),
                arguments("content beyond the 400 KB item limit", body("{\"title\":\"a\",\"content\":\"" + over400Kb + "\"}"), 413, "ItemTooLarge"),
                arguments("content within the limit in chars but not in UTF-8 bytes",
                        body("{\"title\":\"a\",\"content\":\"" + multibyteOverLimit + "\"}"), 413, "ItemTooLarge"),
                arguments("title over 1 KiB", body("{\"title\":\"" + "t".repeat(1025) + "\",\"content\":\"b\"}"), 413, "ItemTooLarge"),
                arguments("body over 1 MiB", body("{\"title\":\"a\",\"content\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413, "PayloadTooLarge"),
                arguments("base64 body over 1 MiB", base64Utf8Body("{\"title\":\"a\",\"content\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413, "PayloadTooLarge"),
                arguments("invalid base64", base64Body("eyJ0aXRsZSI6ImEi*not base64*"), 400, "InvalidBase64"),
                arguments("base64 of invalid UTF-8", base64Body(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400, "InvalidUtf8"),
                arguments("base64 of an overlong UTF-8 encoding", base64Body(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}), 400, "InvalidUtf8"),
                arguments("a bare ; (no media type; found by the HTTP fuzzer, was a 500)", header("content-type", ";"), 415, "UnsupportedMediaType"),
                arguments("only parameters", header("content-type", "; charset=utf-8"), 415, "UnsupportedMediaType"),
                arguments("text/plain", header("content-type", "text/plain"), 415, "UnsupportedMediaType"),
                arguments("form encoding (curl -d without -H)", header("content-type", "application/x-www-form-urlencoded"), 415, "UnsupportedMediaType"),
                arguments("JSON in Latin-1", header("content-type", "application/json; charset=ISO-8859-1"), 415, "UnsupportedMediaType"),
                arguments("multipart", header("content-type", "multipart/form-data; boundary=x"), 415, "UnsupportedMediaType"),
                arguments("query parameter on create", query("title=a"), 400, "InvalidQueryParameter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCreates")
    void create_rejectsBadInputWithA4xxJsonError_beforeCallingDynamoDb(
            String description, Consumer<APIGatewayV2HTTPEvent> change, int status, String code) {
        APIGatewayV2HTTPResponse response = handle(event("notes-create.json", change));

        assertError(response, status, code);
        assertTrue(dynamoDb.requests().isEmpty(), "DynamoDB must not be called");
        assertFalse(response.getBody().contains("Exception"), response.getBody());
        assertTrue(response.getBody().length() < 600, "a short message, never the input echoed back");
    }

    @Test
    void rejection_isLoggedWithItsCode_butNotTheBody() {
        handle(event("notes-create.json", body("{\"title\":\"secret title\",\"content\":1}")));

        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"error\":\"InvalidFieldType\""), log);
        assertTrue(log.contains("\"requestId\":\"YzPq1gHoFiAEMbQ=\""), log);
        assertFalse(log.contains("secret title"), log);
    }

    @Nested
    class Get {

        @Test
        void get_returnsTheNoteWithItsWordCount_readingConsistently() {
            dynamoDb.onGetItem(request -> GetItemResponse.builder().item(storedNote(NOTE_ID, 10L)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-get.json"));

            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode note = jsonBody(response);
            assertEquals(NOTE_ID, note.path("id").asText());
            assertEquals(10, note.path("wordCount").asInt());
            GetItemRequest get = dynamoDb.onlyRequest(GetItemRequest.class);
            assertEquals(Map.of("id", AttributeValue.fromS(NOTE_ID)), get.key());
            assertTrue(get.consistentRead());
        }

        @Test
        void get_returns404_whenThereIsNoSuchNote() {
            dynamoDb.onGetItem(request -> GetItemResponse.builder().build());

            assertError(handle(event("notes-get.json")), 404, "NoteNotFound");
        }

        @Test
        void get_routesByRawPath_whenTheRouteIsDefaultAndHasNoPathParameters() {
            dynamoDb.onGetItem(request -> GetItemResponse.builder().item(storedNote(NOTE_ID, null)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-get-default-route.json"));

            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals(NOTE_ID, dynamoDb.onlyRequest(GetItemRequest.class).key().get("id").s());
        }

        @Test
        void get_stripsTheStagePrefix_behindANamedStage() {
            dynamoDb.onGetItem(request -> GetItemResponse.builder().item(storedNote(NOTE_ID, null)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-get-named-stage.json"));

            assertEquals(200, response.getStatusCode(), response.getBody());
        }

        @Test
        void get_omitsAWordCountThatIsNotANumber_writtenByAnotherTool() {
            Map<String, AttributeValue> item = storedNote(NOTE_ID, null);
            item.put("wordCount", AttributeValue.fromS("ten"));
            dynamoDb.onGetItem(request -> GetItemResponse.builder().item(item).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-get.json"));

            assertEquals(200, response.getStatusCode());
            assertFalse(jsonBody(response).has("wordCount"));
        }

        @Test
        void head_answersLikeGetWithoutABody() {
            dynamoDb.onGetItem(request -> GetItemResponse.builder().item(storedNote(NOTE_ID, null)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-get.json", method("HEAD")));

            assertEquals(200, response.getStatusCode());
            assertEquals("application/json", response.getHeaders().get("Content-Type"));
            assertNull(response.getBody());
        }
    }

    @Nested
    class List {

        @Test
        void list_returnsAPageAndAnOpaqueNextToken() {
            dynamoDb.onScan(request -> ScanResponse.builder()
                    .items(java.util.List.of(storedNote(NOTE_ID, 10L), storedNote(NEW_ID, null))) // a list: varargs of a generic type warn
                    .count(2)
                    .lastEvaluatedKey(Map.of("id", AttributeValue.fromS(NEW_ID)))
                    .build());

            APIGatewayV2HTTPResponse response = handle(event("notes-list.json"));

            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode page = jsonBody(response);
            assertEquals(2, page.path("items").size());
            assertEquals(NOTE_ID, page.path("items").get(0).path("id").asText());
            assertEquals(NextTokens.encode(NEW_ID), page.path("nextToken").asText());
            ScanRequest scan = dynamoDb.onlyRequest(ScanRequest.class);
            assertEquals(2, scan.limit());
            assertFalse(scan.hasExclusiveStartKey());
        }

        @Test
        void list_continuesAfterTheKeyInTheToken() {
            dynamoDb.onScan(request -> ScanResponse.builder().items(java.util.List.of()).count(0).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-list.json",
                    query("limit=2&nextToken=" + NextTokens.encode(NOTE_ID))));

            assertEquals(200, response.getStatusCode(), response.getBody());
            assertTrue(jsonBody(response).path("nextToken").isNull(), "last page: nextToken is null");
            assertEquals(Map.of("id", AttributeValue.fromS(NOTE_ID)),
                    dynamoDb.onlyRequest(ScanRequest.class).exclusiveStartKey());
        }

        @Test
        void list_usesTheDefaultLimit_withoutAQuery() {
            dynamoDb.onScan(request -> ScanResponse.builder().items(java.util.List.of()).count(0).build());

            handle(event("notes-list.json", query("")));

            assertEquals(NotesApi.DEFAULT_LIMIT, dynamoDb.onlyRequest(ScanRequest.class).limit());
        }

        @Test
        void list_readsQueryStringParameters_whenRawQueryStringIsAbsent() {
            dynamoDb.onScan(request -> ScanResponse.builder().items(java.util.List.of()).count(0).build());
            APIGatewayV2HTTPEvent event = event("notes-list.json");
            event.setRawQueryString(null);
            event.setQueryStringParameters(Map.of("limit", "7"));

            handle(event);

            assertEquals(7, dynamoDb.onlyRequest(ScanRequest.class).limit());
        }
    }

    static Stream<Arguments> rejectedListQueries() {
        return Stream.of(
                arguments("limit=0", "InvalidQueryParameter"),
                arguments("limit=101", "InvalidQueryParameter"),
                arguments("limit=-1", "InvalidQueryParameter"),
                arguments("limit=abc", "InvalidQueryParameter"),
                arguments("limit=2.5", "InvalidQueryParameter"),
                arguments("limit=", "InvalidQueryParameter"),
                arguments("limit=99999999999999999999", "InvalidQueryParameter"),
                arguments("limit=1&limit=2", "InvalidQueryParameter"),
                arguments("limt=5", "InvalidQueryParameter"),
                arguments("limit=%zz", "InvalidQueryParameter"),
                arguments("nextToken=", "InvalidNextToken"),
                arguments("nextToken=garbage!!", "InvalidNextToken"),
                arguments("nextToken=" + urlToken("not json"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("[]"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("{\"id\":{\"S\":\"x\"}}"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("{\"v\":1,\"id\":{\"N\":\"1\"}}"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("{\"v\":1,\"id\":\"\"}"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("{\"v\":2,\"id\":\"x\"}"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("{\"v\":1,\"id\":\"x\",\"title\":\"y\"}"), "InvalidNextToken"),
                arguments("nextToken=" + urlToken("{\"v\":1,\"id\":\"" + "k".repeat(2049) + "\"}"), "InvalidNextToken"),
                arguments("nextToken=eyJ2IjoxLCJpZCI6Ij%2B%2F%2B%2FIn0", "InvalidNextToken"),
                arguments("nextToken=" + "A".repeat(5000), "InvalidNextToken"));
    }

    private static String urlToken(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedListQueries")
    void list_rejectsBadQueriesAndForgedTokensWith400_beforeCallingDynamoDb(String rawQuery, String code) {
        APIGatewayV2HTTPResponse response = handle(event("notes-list.json", query(rawQuery)));

        assertError(response, 400, code);
        assertTrue(dynamoDb.requests().isEmpty(), "DynamoDB must not be called");
    }

    @Nested
    class Update {

        @Test
        void update_replacesContentAndRemovesTheWordCount_soItIsCountedAgain() {
            dynamoDb.onUpdateItem(request -> UpdateItemResponse.builder().attributes(storedNote(NOTE_ID, null)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-update.json"));

            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals(NOTE_ID, jsonBody(response).path("id").asText());
            UpdateItemRequest update = dynamoDb.onlyRequest(UpdateItemRequest.class);
            assertEquals("SET #content = :content REMOVE #wordCount", update.updateExpression());
            assertEquals("attribute_exists(#id)", update.conditionExpression(), "never an upsert");
            assertEquals(Map.of("#id", "id", "#content", "content", "#wordCount", "wordCount"), update.expressionAttributeNames());
            assertEquals(Map.of(":content", AttributeValue.fromS("Lorem ipsum dolor sit amet")), update.expressionAttributeValues());
            assertEquals(ReturnValue.ALL_NEW, update.returnValues());
        }

        @Test
        void update_ofTheTitleOnly_keepsTheWordCount() {
            dynamoDb.onUpdateItem(request -> UpdateItemResponse.builder().attributes(storedNote(NOTE_ID, 10L)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-update.json", body("{\"title\":\"Renamed\"}")));

            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals(10, jsonBody(response).path("wordCount").asInt());
            UpdateItemRequest update = dynamoDb.onlyRequest(UpdateItemRequest.class);
            assertEquals("SET #title = :title", update.updateExpression());
            assertEquals(Map.of("#id", "id", "#title", "title"), update.expressionAttributeNames());
        }

        @Test
        void update_ofBothFields_setsBothAndRemovesTheWordCount() {
            dynamoDb.onUpdateItem(request -> UpdateItemResponse.builder().attributes(storedNote(NOTE_ID, null)).build());

            handle(event("notes-update.json", body("{\"title\":\"T\",\"content\":\"C\"}")));

            assertEquals("SET #title = :title, #content = :content REMOVE #wordCount",
                    dynamoDb.onlyRequest(UpdateItemRequest.class).updateExpression());
        }

        @Test
        void update_returns404_whenTheConditionFindsNoNote() {
            dynamoDb.onUpdateItem(request -> {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            });

            assertError(handle(event("notes-update.json")), 404, "NoteNotFound");
        }
    }

    static Stream<Arguments> rejectedUpdates() {
        return Stream.of(
                arguments("empty object", body("{}"), 400, "MissingField"),
                arguments("empty title", body("{\"title\":\"\"}"), 400, "InvalidFieldValue"),
                arguments("null content", body("{\"content\":null}"), 400, "InvalidFieldType"),
                arguments("content is a number", body("{\"content\":5}"), 400, "InvalidFieldType"),
                arguments("wordCount", body("{\"wordCount\":5}"), 400, "UnknownField"),
                arguments("id in the body", body("{\"id\":\"other\",\"title\":\"t\"}"), 400, "UnknownField"),
                arguments("malformed JSON", body("{\"title\":"), 400, "MalformedJson"),
                arguments("array", body("[]"), 400, "ExpectedJsonObject"),
                arguments("no body", body(null), 400, "MissingBody"),
                arguments("content beyond the item limit", body("{\"content\":\"" + "x".repeat(400 * 1024) + "\"}"), 413, "ItemTooLarge"),
                arguments("text/plain", header("content-type", "text/plain"), 415, "UnsupportedMediaType"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedUpdates")
    void update_rejectsBadInput_beforeCallingDynamoDb(
            String description, Consumer<APIGatewayV2HTTPEvent> change, int status, String code) {
        assertError(handle(event("notes-update.json", change)), status, code);
        assertTrue(dynamoDb.requests().isEmpty(), "DynamoDB must not be called");
    }

    @Nested
    class Delete {

        @Test
        void delete_returns204_whenTheNoteExisted() {
            dynamoDb.onDeleteItem(request -> DeleteItemResponse.builder().attributes(storedNote(NOTE_ID, null)).build());

            APIGatewayV2HTTPResponse response = handle(event("notes-delete.json"));

            assertEquals(204, response.getStatusCode());
            assertNull(response.getBody());
            DeleteItemRequest delete = dynamoDb.onlyRequest(DeleteItemRequest.class);
            assertEquals(ReturnValue.ALL_OLD, delete.returnValues());
            assertEquals(Map.of("id", AttributeValue.fromS(NOTE_ID)), delete.key());
        }

        @Test
        void delete_returns404_whenThereWasNoNote() {
            dynamoDb.onDeleteItem(request -> DeleteItemResponse.builder().build());

            assertError(handle(event("notes-delete.json")), 404, "NoteNotFound");
        }
    }

    /** Ids in the path: odd ones are a 400 before DynamoDB is called, stray paths a 404. */
    static Stream<Arguments> oddPaths() {
        return Stream.of(
                arguments("/notes/..", 400, "InvalidId"),
                arguments("/notes/.", 400, "InvalidId"),
                arguments("/notes/a%2Fb", 400, "InvalidId"),
                arguments("/notes/..%2F..%2Fusers", 400, "InvalidId"),
                arguments("/notes/%2e%2e", 400, "InvalidId"),
                arguments("/notes/a%20b", 400, "InvalidId"),
                arguments("/notes/%41", 400, "InvalidId"),
                arguments("/notes/caf%C3%A9", 400, "InvalidId"),
                arguments("/notes/%00", 400, "InvalidId"),
                arguments("/notes/" + "a".repeat(65), 400, "InvalidId"),
                arguments("/notes/a;b", 400, "InvalidId"),
                arguments("/notes/../users", 404, "RouteNotFound"),
                arguments("/notes/a/b", 404, "RouteNotFound"),
                arguments("/notes//", 404, "RouteNotFound"),
                arguments("/notes//x", 404, "RouteNotFound"),
                arguments("/Notes/x", 404, "RouteNotFound"),
                arguments("/note", 404, "RouteNotFound"),
                arguments("/", 404, "RouteNotFound"),
                arguments("/users/x", 404, "RouteNotFound"));
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("oddPaths")
    void oddPaths_getA400Or404_neverA500_andNeverReachDynamoDb(String rawPath, int status, String code) {
        assertError(handle(event("notes-get.json", path(rawPath))), status, code);
        assertTrue(dynamoDb.requests().isEmpty(), "DynamoDB must not be called");
    }

    @Test
    void aNonUuidIdOfTheAllowedAlphabet_isLookedUp() {
        dynamoDb.onGetItem(request -> GetItemResponse.builder().build());

        assertError(handle(event("notes-get.json", path("/notes/4cgl4td0mufwl0wiqrepuba9k9"))), 404, "NoteNotFound");
        assertEquals("4cgl4td0mufwl0wiqrepuba9k9", dynamoDb.onlyRequest(GetItemRequest.class).key().get("id").s());
    }

    @Test
    void aTrailingSlash_isTolerated() {
        dynamoDb.onScan(request -> ScanResponse.builder().items(java.util.List.of()).count(0).build());

        assertEquals(200, handle(event("notes-list.json", path("/notes/"))).getStatusCode());
    }

    static Stream<Arguments> disallowedMethods() {
        return Stream.of(
                arguments("DELETE", "/notes", "GET, HEAD, POST, OPTIONS"),
                arguments("PUT", "/notes", "GET, HEAD, POST, OPTIONS"),
                arguments("PATCH", "/notes/" + NOTE_ID, "GET, HEAD, PUT, DELETE, OPTIONS"),
                arguments("POST", "/notes/" + NOTE_ID, "GET, HEAD, PUT, DELETE, OPTIONS"),
                arguments("TRACE", "/notes", "GET, HEAD, POST, OPTIONS"),
                arguments("CONNECT", "/notes", "GET, HEAD, POST, OPTIONS"),
                arguments("get", "/notes", "GET, HEAD, POST, OPTIONS"),
                arguments("BREW", "/notes/" + NOTE_ID, "GET, HEAD, PUT, DELETE, OPTIONS"),
                arguments("", "/notes", "GET, HEAD, POST, OPTIONS"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("disallowedMethods")
    void aKnownPathWithAnotherMethod_is405WithAllow(String method, String rawPath, String allow) {
        APIGatewayV2HTTPResponse response = handle(event("notes-get.json", path(rawPath), method(method)));

        assertError(response, 405, "MethodNotAllowed");
        assertEquals(allow, response.getHeaders().get("Allow"));
        assertTrue(dynamoDb.requests().isEmpty());
    }

    @Test
    void options_is204WithAllow() {
        APIGatewayV2HTTPResponse response = handle(event("notes-get.json", method("OPTIONS")));

        assertEquals(204, response.getStatusCode());
        assertEquals("GET, HEAD, PUT, DELETE, OPTIONS", response.getHeaders().get("Allow"));
        assertNull(response.getBody());
    }

    @Test
    void anEventThatIsNotAnHttpRequest_isA404_notACrash() {
        APIGatewayV2HTTPResponse response = handle(new APIGatewayV2HTTPEvent());

        assertError(response, 404, "RouteNotFound");
    }

    /** Real server faults: a 503 (retry later) or 500 in JSON, no internals, logged with their type. */
    static Stream<Arguments> faults() {
        return Stream.of(
                arguments("throughput exceeded", ProvisionedThroughputExceededException.builder()
                        .message("Throughput exceeds the current capacity").statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                        .build(), 503, "ServiceUnavailable"),
                arguments("request limit exceeded", DynamoDbException.builder().statusCode(400).message("Too many requests")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestLimitExceeded").build()).build(), 503, "ServiceUnavailable"),
                arguments("call timed out", software.amazon.awssdk.core.exception.ApiCallTimeoutException.create(10_000), 503, "ServiceUnavailable"),
                arguments("throttled", DynamoDbException.builder().statusCode(400).message("Rate exceeded")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build(), 503, "ServiceUnavailable"),
                arguments("internal server error", InternalServerErrorException.builder().statusCode(500)
                        .message("Internal server error").build(), 503, "ServiceUnavailable"),
                arguments("unreachable", SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                        .cause(new ConnectException("Connection refused")).build(), 503, "ServiceUnavailable"),
                arguments("table missing", ResourceNotFoundException.builder().statusCode(400)
                        .message("Requested resource not found: Table: notes not found")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build()).build(), 500, "InternalError"),
                arguments("access denied", DynamoDbException.builder().statusCode(400).message("not authorized to perform: dynamodb:PutItem")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build(), 500, "InternalError"),
                arguments("credentials missing", SdkClientException.create("Unable to load credentials from any of the providers"), 500, "InternalError"),
                arguments("bug", new IllegalStateException("boom"), 500, "InternalError"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void serverFaults_areJson5xxWithoutInternals_andLogged(String description, RuntimeException fault, int status, String code) {
        dynamoDb.onPutItem(request -> {
            throw fault;
        });

        APIGatewayV2HTTPResponse response = handle(event("notes-create.json"));

        JsonNode body = assertError(response, status, code);
        assertTrue(body.path("message").asText().contains("YzPq1gHoFiAEMbQ="), "quotes the request id");
        assertFalse(response.getBody().contains(fault.getMessage()), response.getBody());
        assertFalse(response.getBody().contains("Exception"), response.getBody());
        assertEquals(status == 503 ? "1" : null, response.getHeaders().get("Retry-After"));
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\"level\":\"ERROR\""), log);
        assertTrue(log.contains(fault.getClass().getName()), log);
    }

    private static String jsonString(String value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
