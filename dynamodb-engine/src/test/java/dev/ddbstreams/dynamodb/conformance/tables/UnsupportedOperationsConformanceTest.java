package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Operations the engine does not implement (PartiQL, backups, global tables, imports and exports) get
 * AWS's answer to an operation it does not know, promptly; and requests that are not valid JSON 1.0 calls
 * get AWS's error shape.
 *
 * <p>AWS's answer to an unknown X-Amz-Target and to a body that is not JSON, as recorded by dynalite
 * (test/connection.js): HTTP 400, {@code {"__type":"com.amazon.coral.service#UnknownOperationException"}}
 * and {@code {"__type":"com.amazon.coral.service#SerializationException"}}, with no message.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html">DynamoDB low-level API</a>
 */
class UnsupportedOperationsConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbClient client;
    private static HttpClient http;

    @BeforeAll
    static void clients() {
        client = ConformanceSupport.client(DYNAMODB.endpoint(), DYNAMODB.engine().region());
        http = HttpClient.newBuilder().connectTimeout(PROMPTLY).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    /** The SDK names an error it has no class for by its code; the engine must answer at once with a 400. */
    private static void assertUnknownOperation(Executable call) {
        assertTimeoutPreemptively(PROMPTLY,
                () -> assertAwsError(DynamoDbException.class, "UnknownOperationException", call));
    }

    /** API_ExecuteStatement (PartiQL). */
    @Test
    void executeStatementIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.executeStatement(b -> b.statement("SELECT * FROM \"t\"")));
    }

    /** API_BatchExecuteStatement (PartiQL). */
    @Test
    void batchExecuteStatementIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.batchExecuteStatement(b -> b.statements(s -> s.statement("SELECT * FROM \"t\""))));
    }

    /** API_ExecuteTransaction (PartiQL). */
    @Test
    void executeTransactionIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.executeTransaction(b -> b.transactStatements(s -> s.statement("SELECT * FROM \"t\""))));
    }

    /** API_CreateBackup (on-demand backups). */
    @Test
    void createBackupIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.createBackup(b -> b.tableName("any-table").backupName("backup")));
    }

    /** API_ListBackups. */
    @Test
    void listBackupsIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.listBackups(b -> { }));
    }

    /** API_CreateGlobalTable (global tables). */
    @Test
    void createGlobalTableIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.createGlobalTable(b -> b.globalTableName("any-table")
                .replicationGroup(r -> r.regionName("us-east-1"))));
    }

    /** API_ExportTableToPointInTime (exports to S3). */
    @Test
    void exportTableToPointInTimeIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.exportTableToPointInTime(b -> b
                .tableArn("arn:aws:dynamodb:us-east-1:000000000000:table/any-table").s3Bucket("bucket")));
    }

    /** API_ImportTable (imports from S3). */
    @Test
    void importTableIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.importTable(b -> b.inputFormat(InputFormat.CSV)
                .s3BucketSource(s -> s.s3Bucket("bucket"))
                .tableCreationParameters(t -> t.tableName("imported")
                        .attributeDefinitions(ConformanceSupport.attribute("pk", ScalarAttributeType.S))
                        .keySchema(ConformanceSupport.key("pk", software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                        .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST))));
    }

    /** API_RestoreTableFromBackup (backups). */
    @Test
    void restoreTableFromBackupIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.restoreTableFromBackup(b -> b.targetTableName("restored")
                .backupArn("arn:aws:dynamodb:us-east-1:000000000000:table/any-table/backup/01234567890123-abcdefgh")));
    }

    /** API_DescribeGlobalTable (global tables). */
    @Test
    void describeGlobalTableIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.describeGlobalTable(b -> b.globalTableName("any-table")));
    }

    /** API_ListExports (exports). */
    @Test
    void listExportsIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.listExports(b -> { }));
    }

    /** API_ListImports (imports). */
    @Test
    void listImportsIsAnUnknownOperation() {
        assertUnknownOperation(() -> client.listImports(b -> { }));
    }

    private static HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(DYNAMODB.endpoint() + "/"))
                .timeout(PROMPTLY)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request,"
                        + " SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAwsErrorShape(HttpResponse<String> response, String errorType) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.isObject(), response.body());
        String type = body.path("__type").asText();
        assertTrue(type.endsWith("#" + errorType), "__type " + type);
        JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
        assertTrue(message == null || message.isTextual(), "a message, if any, is a string: " + response.body());
    }

    /** An X-Amz-Target naming no DynamoDB operation: 400 UnknownOperationException (dynalite connection.js). */
    @Test
    void unknownTargetGetsUnknownOperationException() throws Exception {
        assertAwsErrorShape(post("DynamoDB_20120810.NoSuchOperation", "{}"), "UnknownOperationException");
    }

    /** An X-Amz-Target of another service: 400 UnknownOperationException (dynalite connection.js: 'whatever'). */
    @Test
    void foreignTargetGetsUnknownOperationException() throws Exception {
        assertAwsErrorShape(post("whatever", "{}"), "UnknownOperationException");
    }

    /** No X-Amz-Target at all: 400 UnknownOperationException (dynalite connection.js). */
    @Test
    void missingTargetGetsUnknownOperationException() throws Exception {
        assertAwsErrorShape(post(null, "{}"), "UnknownOperationException");
    }

    /** A body that is not JSON: 400 SerializationException (dynalite connection.js). */
    @Test
    void malformedJsonGetsSerializationException() throws Exception {
        assertAwsErrorShape(post("DynamoDB_20120810.ListTables", "{\"Limit\": "), "SerializationException");
    }

    /** A body that is JSON but not an object. */
    @Test
    void nonObjectJsonGetsSerializationException() throws Exception {
        assertAwsErrorShape(post("DynamoDB_20120810.ListTables", "[1, 2]"), "SerializationException");
    }

    /** A field of the wrong JSON type (dynalite helpers.assertType: SerializationException). */
    @Test
    void fieldOfTheWrongTypeGetsSerializationException() throws Exception {
        assertAwsErrorShape(post("DynamoDB_20120810.ListTables", "{\"Limit\": \"ten\"}"), "SerializationException");
    }

    /** Errors are JSON in AWS's JSON 1.0 protocol: Content-Type application/x-amz-json-1.0 (dynalite connection.js). */
    @Test
    void errorsAnswerWithTheJson10ContentType() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.NoSuchOperation", "{}");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-amz-json-1.0"),
                response.headers().toString());
    }

    /** Responses carry a request id (x-amzn-RequestId), as every AWS answer does (dynalite connection.js). */
    @Test
    void answersCarryARequestId() throws Exception {
        HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").filter(id -> !id.isBlank()).isPresent(),
                response.headers().toString());
    }

    /** An unknown DynamoDB Streams operation: 400 UnknownOperationException, same shape. */
    @Test
    void unknownStreamsTargetGetsUnknownOperationException() throws Exception {
        assertAwsErrorShape(post("DynamoDBStreams_20120810.NoSuchOperation", "{}"), "UnknownOperationException");
    }
}
