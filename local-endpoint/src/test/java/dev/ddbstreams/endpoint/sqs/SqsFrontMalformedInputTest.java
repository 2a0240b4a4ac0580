package dev.ddbstreams.endpoint.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.EdgeEndpoint;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests the HTTP fuzzer ({@code make fuzz}, local-harness's EdgeFuzzCorpus) found ElasticMQ answering with a 500:
 * the SQS front refuses them itself with AWS's 4xx in the request's protocol. The SDKs never send these (they are
 * malformed), so they go over raw HTTP; the error names are SQS's (API reference request syntax and common errors,
 * cited in {@link PassThroughCheck}).
 */
class SqsFrontMalformedInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ElasticMq elasticMq;
    private static EdgeEndpoint edge;
    private static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        elasticMq = ElasticMq.start(0);
        edge = EdgeEndpoint.builder().port(0).forward(AwsService.SQS, elasticMq.endpoint()).start();
        queueUrl = JSON.readTree(json("CreateQueue", "{\"QueueName\":\"malformed\"}").body()).get("QueueUrl").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        elasticMq.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "ReceiveMessage | {\"QueueUrl\":\"@Q\",\"WaitTimeSeconds\":0.0000000000000000000001} | SerializationException",
        "ReceiveMessage | {\"QueueUrl\":\"@Q\",\"MaxNumberOfMessages\":{\"N\":\"abc\"}}        | SerializationException",
        "ReceiveMessage | {\"QueueUrl\":-1}                                                    | SerializationException",
        "SendMessage    | {\"QueueUrl\":\"@Q\",\"MessageBody\":\"m\",\"MessageAttributes\":{\"a\":-1}} | SerializationException",
        "SendMessage    | {\"QueueUrl\":\"@Q\",\"MessageBody\":\"m\",\"MessageAttributes\":{\"a\":{\"DataType\":0}}} | SerializationException",
        "SendMessage    | {\"QueueUrl\":\"@Q\",\"MessageBody\":\"m\",\"DelaySeconds\":{\"S\":\"a\"}} | SerializationException",
        "SendMessage    | {\"QueueUrl\":\"@Q\"}                                                | MissingRequiredParameterException",
        "SendMessage    | {\"MessageBody\":\"m\"}                                              | MissingRequiredParameterException",
        "GetQueueAttributes | {\"QueueUrl\":\"   \",\"AttributeNames\":[\"All\"]}             | QueueDoesNotExist",
        "NoSuchOperation | {}                                                                 | UnknownOperationException",
    })
    void malformedJsonInput_isRefusedWithA4xx_notPassedToElasticMq(String operation, String body, String type) throws Exception {
        HttpResponse<String> response = json(operation, body.replace("@Q", queueUrl));
        JsonNode error = JSON.readTree(response.body());
        assertAll(
                () -> assertEquals(400, response.statusCode(), response.body()),
                () -> assertEquals("com.amazonaws.sqs#" + type, error.path("__type").asText(), response.body()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Action=ReceiveMessage&QueueUrl=@Q&MaxNumberOfMessages=true        | InvalidParameterValue",
        "Action=ReceiveMessage&QueueUrl=@Q&WaitTimeSeconds=-9223372036854775809 | InvalidParameterValue",
        "Action=SendMessage&QueueUrl=@Q                                     | MissingParameter",
        "Action=NoSuchAction                                                | InvalidAction",
        "Action=GetQueueAttributes&QueueUrl=%7Bnot-a-queue%7D               | AWS.SimpleQueueService.NonExistentQueue",
    })
    void malformedQueryInput_isRefusedWithA4xx_inXml(String body, String code) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("@Q", java.net.URLEncoder.encode(queueUrl, StandardCharsets.UTF_8)))));
        assertAll(
                () -> assertEquals(400, response.statusCode(), response.body()),
                () -> assertTrue(response.body().contains("<Code>" + code + "</Code>"), response.body()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PUT", "DELETE", "QUERY"})
    void aMethodSqsDoesNotServe_isA4xx(String method) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS.SendMessage")
                .header("Authorization", authorization())
                .method(method, HttpRequest.BodyPublishers.ofString("{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"m\"}")));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("com.amazonaws.sqs#UnsupportedOperation", JSON.readTree(response.body()).path("__type").asText());
    }

    @org.junit.jupiter.api.Test
    void aBodyThatIsNotUtf8_isASerializationException() throws Exception {
        // C0 AF is an overlong '/', which Jackson would read as one.
        byte[] body = ("{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"x\u0000\"}").getBytes(StandardCharsets.ISO_8859_1);
        body[body.length - 3] = (byte) 0xC0;
        body[body.length - 2] = (byte) 0xAF;
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS.SendMessage")
                .header("Authorization", authorization()).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("com.amazonaws.sqs#SerializationException", JSON.readTree(response.body()).path("__type").asText());
    }

    private static HttpResponse<String> json(String operation, String body) {
        return send(HttpRequest.newBuilder(edge.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS." + operation)
                .header("Authorization", authorization()).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String authorization() {
        return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261206/us-east-1/sqs/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
