package dev.ddbstreams.endpoint;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the edge tells services apart and what it answers when it cannot serve one.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">SigV4 credential scope</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html">X-Amz-Target (AWS JSON protocols)</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html">query protocol (Action=)</a>
 */
class RoutingTest {
    private static DynamoDbEngine dynamoDb;
    private static EdgeEndpoint edge;
    private static EdgeEndpoint edgeWithDeadBackend;

    @BeforeAll
    static void start() throws IOException {
        dynamoDb = DynamoDbEngine.inMemory(0);
        edge = EdgeEndpoint.builder().port(0)
                .forward(AwsService.DYNAMODB, dynamoDb.endpoint())
                .forward(AwsService.DYNAMODB_STREAMS, dynamoDb.endpoint())
                .start();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        edgeWithDeadBackend = EdgeEndpoint.builder().port(0)
                .forward(AwsService.KINESIS, URI.create("http://127.0.0.1:" + closedPort)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        edgeWithDeadBackend.close();
        dynamoDb.close();
    }

    /** DynamoDB and DynamoDB Streams (both signed "dynamodb", told apart by X-Amz-Target) reach the engine through the edge. */
    @Test
    void dynamoDbAndStreams_areForwardedToTheEngine() {
        try (DynamoDbClient ddb = EdgeFixture.client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint());
             DynamoDbStreamsClient streams = EdgeFixture.client(DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            ddb.createTable(r -> r.tableName("Orders").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("Id").attributeType(ScalarAttributeType.N).build())
                    .keySchema(KeySchemaElement.builder().attributeName("Id").keyType(KeyType.HASH).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
            ddb.putItem(r -> r.tableName("Orders").item(Map.of("Id", AttributeValue.fromN("1"))));
            assertEquals("1", ddb.getItem(r -> r.tableName("Orders").key(Map.of("Id", AttributeValue.fromN("1")))).item().get("Id").n());
            assertEquals("Orders", streams.listStreams(r -> r.tableName("Orders")).streams().get(0).tableName());

            // The backend's own errors come back unchanged (status, __type, message).
            ResourceNotFoundException missing = org.junit.jupiter.api.Assertions.assertThrows(ResourceNotFoundException.class,
                    () -> ddb.describeTable(r -> r.tableName("Absent")));
            assertEquals(400, missing.statusCode());
        }
    }

    /** Unsigned requests (aws --no-sign-request) fall back to X-Amz-Target. */
    @Test
    void unsignedRequest_isRoutedByTarget() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "Logs_20140328.DescribeLogGroups"), "{}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"logGroups\":[]}", response.body());
    }

    /** Unsigned query requests fall back to Action: GetCallerIdentity is STS's. */
    @Test
    void unsignedQueryRequest_isRoutedByAction() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM),
                "Action=GetCallerIdentity&Version=2011-06-15");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), response.body());
        assertTrue(response.body().contains("<Arn>arn:aws:iam::000000000000:root</Arn>"), response.body());
    }

    /** The SigV4 scope wins over the Action: a request signed for IAM is IAM's, which has no GetCallerIdentity. */
    @Test
    void signedScope_decidesTheService() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                "Authorization", HttpFixture.authorization("iam")), "Action=GetCallerIdentity&Version=2010-05-08");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>InvalidAction</Code>"), response.body());
        assertTrue(response.body().contains("<Type>Sender</Type>"), response.body());
    }

    /** A query-protocol service the edge does not serve answers AWS's XML error shape, not HTML. */
    @Test
    void unservedQueryService_answersXmlInvalidAction() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                "Authorization", HttpFixture.authorization("sns")), "Action=Publish&Version=2010-03-31&Message=hi");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("<?xml"), response.body());
        assertTrue(response.body().contains("<ErrorResponse"), response.body());
        assertTrue(response.body().contains("<Code>InvalidAction</Code>"), response.body());
        assertTrue(response.body().contains("The service sns is not served by this endpoint."), response.body());
    }

    /** A JSON-protocol target the edge does not know answers __type UnknownOperationException. */
    @Test
    void unknownJsonTarget_answersJsonUnknownOperation() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "AWSEvents.PutEvents", "Authorization", HttpFixture.authorization("events")), "{}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"UnknownOperationException\""), response.body());
        assertEquals("UnknownOperationException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    /** Lambda is addressed by path (REST JSON): an unsigned ListFunctions reaches the in-process Lambda API. */
    @Test
    void unsignedRestRequest_isRoutedByPath() {
        HttpResponse<String> response = HttpFixture.get(edge.endpoint(), "/2015-03-31/functions/");
        assertEquals(200, response.statusCode());
        assertEquals("{\"Functions\":[]}", response.body());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    }

    /** An operation a served service does not implement answers that service's error shape. */
    @Test
    void unknownLogsOperation_answersJsonUnknownOperation() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "Logs_20140328.StartQuery", "Authorization", HttpFixture.authorization("logs")), "{}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"UnknownOperationException\""), response.body());
    }

    /** A backend that does not answer gives a 503 in the service's JSON shape, not a hang or a dropped connection. */
    @Test
    void unreachableBackend_answersServiceUnavailableInServiceShape() {
        HttpResponse<String> response = HttpFixture.post(edgeWithDeadBackend.endpoint(), "/", Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "Kinesis_20131202.ListStreams", "Authorization", HttpFixture.authorization("kinesis")), "{}");
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"ServiceUnavailable\""), response.body());
    }

    /** What Jetty refuses before the handler runs (a broken request line) is answered in JSON, never Jetty's HTML page. */
    @Test
    void malformedHttp_isAnsweredWithoutHtml() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /%zz%%bad HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertFalse(answer.toLowerCase().contains("<html"), answer);
        }
    }

    /** Parameters that are not valid UTF-8 are refused (400), never stored with U+FFFD in their place. */
    @Test
    void queryParametersThatAreNotUtf8_areRefused() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                "Authorization", HttpFixture.authorization("iam")), "Action=CreateRole&Version=2010-05-08&RoleName=r%C3&AssumeRolePolicyDocument=x");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>MalformedQueryString</Code>"), response.body());
    }

    /** A port already in use is reported with the address, not a half-started endpoint. */
    @Test
    void portInUse_failsToStart_withTheAddress() {
        IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> EdgeEndpoint.builder().port(edge.port()).start());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + edge.port()), failure.getMessage());
    }

    /** The SDK v2 Kinesis client speaks CBOR: its errors come back CBOR-encoded, as Kinesis answers them. */
    @Test
    void unreachableBackend_answersCborClientsInCbor() throws IOException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(edgeWithDeadBackend.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-cbor-1.1").header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .header("Authorization", HttpFixture.authorization("kinesis"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[]{(byte) 0xa0})).build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(503, response.statusCode());
            assertEquals("application/x-amz-cbor-1.1", response.headers().firstValue("content-type").orElseThrow());
            assertEquals("ServiceUnavailable", new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper()
                    .readTree(response.body()).get("__type").asText());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
