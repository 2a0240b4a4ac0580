package dev.ddbstreams.endpoint.sqs;

import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.EdgeEndpoint;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQS front in the query protocol ({@code Action=...} forms, XML answers), as older CLIs and SDKs speak it, over
 * raw HTTP: attributes as flattened {@code <Attribute><Name/><Value/></Attribute>}, AWS's ARNs and URLs, and AWS's
 * query error for a missing queue ({@code AWS.SimpleQueueService.NonExistentQueue}, "The specified queue does not exist
 * for this wsdl version.", recorded in LocalStack's snapshot test_non_existent_queue, "queue-does-not-exist-query").
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html">SQS query requests</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html">GetQueueAttributes (query example)</a>
 */
class SqsFrontQueryProtocolTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ElasticMq elasticMq;
    private static EdgeEndpoint edge;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMq.start(0);
        edge = EdgeEndpoint.builder().port(0).region(SqsFrontTest.REGION).accountId(SqsFrontTest.ACCOUNT)
                .forward(AwsService.SQS, elasticMq.endpoint()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        elasticMq.close();
    }

    private static HttpResponse<String> post(String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(edge.endpoint() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&Version=2012-11-05")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Document xml(HttpResponse<String> response) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String element) {
        return document.getElementsByTagName(element).item(0).getTextContent();
    }

    private static Map<String, String> attributes(Document document) {
        Map<String, String> attributes = new LinkedHashMap<>();
        NodeList list = document.getElementsByTagName("Attribute");
        for (int i = 0; i < list.getLength(); i++) {
            Element attribute = (Element) list.item(i);
            attributes.put(attribute.getElementsByTagName("Name").item(0).getTextContent(),
                    attribute.getElementsByTagName("Value").item(0).getTextContent());
        }
        return attributes;
    }

    @Test
    void createAndGetQueueAttributes_inTheQueryProtocol() throws Exception {
        HttpResponse<String> created = post("/", "Action=CreateQueue&QueueName=query-q"
                + "&Attribute.1.Name=MessageRetentionPeriod&Attribute.1.Value=600&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=45");
        assertEquals(200, created.statusCode(), created.body());
        String url = text(xml(created), "QueueUrl");
        assertEquals(edge.endpoint() + "/" + SqsFrontTest.ACCOUNT + "/query-q", url);

        HttpResponse<String> read = post("/", "Action=GetQueueAttributes&AttributeName.1=All&QueueUrl=" + url);
        assertEquals(200, read.statusCode(), read.body());
        Map<String, String> attributes = attributes(xml(read));
        assertEquals("600", attributes.get("MessageRetentionPeriod"));
        assertEquals("45", attributes.get("VisibilityTimeout"));
        assertEquals("1048576", attributes.get("MaximumMessageSize"));
        assertEquals("true", attributes.get("SqsManagedSseEnabled"));
        assertEquals("arn:aws:sqs:" + SqsFrontTest.REGION + ":" + SqsFrontTest.ACCOUNT + ":query-q", attributes.get("QueueArn"));

        // The queue named by the path, as query clients address it, with the attribute asked for alone.
        HttpResponse<String> byPath = post("/" + SqsFrontTest.ACCOUNT + "/query-q", "Action=GetQueueAttributes&AttributeName.1=QueueArn");
        assertEquals(Map.of("QueueArn", attributes.get("QueueArn")), attributes(xml(byPath)));

        // Messages are ElasticMQ's answers, passed through.
        HttpResponse<String> sent = post("/", "Action=SendMessage&MessageBody=hello&QueueUrl=" + url);
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals(32, text(xml(sent), "MD5OfMessageBody").length());
    }

    /** A message moved to a dead-letter queue names its source by AWS's ARN in the query protocol too. */
    @Test
    void deadLetterQueueSourceArn_inTheQueryProtocol() throws Exception {
        String arnPrefix = "arn:aws:sqs:" + SqsFrontTest.REGION + ":" + SqsFrontTest.ACCOUNT + ":";
        String dlq = text(xml(post("/", "Action=CreateQueue&QueueName=query-dlq")), "QueueUrl");
        String redrive = java.net.URLEncoder.encode("{\"deadLetterTargetArn\":\"" + arnPrefix + "query-dlq\",\"maxReceiveCount\":1}",
                StandardCharsets.UTF_8);
        String source = text(xml(post("/", "Action=CreateQueue&QueueName=query-src&Attribute.1.Name=RedrivePolicy&Attribute.1.Value=" + redrive)), "QueueUrl");
        post("/", "Action=SendMessage&MessageBody=poison&QueueUrl=" + source);
        assertEquals(1, xml(post("/", "Action=ReceiveMessage&VisibilityTimeout=0&WaitTimeSeconds=1&QueueUrl=" + source))
                .getElementsByTagName("Message").getLength());
        post("/", "Action=ReceiveMessage&WaitTimeSeconds=1&QueueUrl=" + source);
        Document moved = xml(post("/", "Action=ReceiveMessage&WaitTimeSeconds=2&AttributeName.1=All&QueueUrl=" + dlq));
        assertEquals("poison", text(moved, "Body"));
        assertEquals(arnPrefix + "query-src", attributes(moved).get("DeadLetterQueueSourceArn"), () -> moved.getDocumentElement().getTextContent());
    }

    @Test
    void missingQueue_isNonExistentQueue_inAwsQueryShape() throws Exception {
        String url = edge.endpoint() + "/" + SqsFrontTest.ACCOUNT + "/never-created";
        for (String form : new String[]{"Action=GetQueueAttributes&AttributeName.1=All&QueueUrl=" + url,
                "Action=GetQueueUrl&QueueName=never-created", "Action=SendMessage&MessageBody=x&QueueUrl=" + url}) {
            HttpResponse<String> missing = post("/", form);
            assertEquals(400, missing.statusCode(), missing.body());
            Document error = xml(missing);
            assertEquals("ErrorResponse", error.getDocumentElement().getTagName());
            assertEquals("Sender", text(error, "Type"));
            assertEquals("AWS.SimpleQueueService.NonExistentQueue", text(error, "Code"));
            assertEquals("The specified queue does not exist for this wsdl version.", text(error, "Message"));
        }
    }

    /** ElasticMQ not answering is ServiceUnavailable (503) in SQS's own shape, promptly, in both protocols. */
    @Test
    void elasticMqDown_isServiceUnavailable_inSqsShape() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (EdgeEndpoint orphan = EdgeEndpoint.builder().port(0).forward(AwsService.SQS, URI.create("http://127.0.0.1:" + closedPort)).start()) {
            HttpResponse<String> query = HTTP.send(HttpRequest.newBuilder(orphan.endpoint()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2012-11-05")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, query.statusCode(), query.body());
            assertEquals("ServiceUnavailable", text(xml(query), "Code"));
            HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(orphan.endpoint()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS.SendMessage")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"QueueUrl\":\"q\",\"MessageBody\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, json.statusCode(), json.body());
            assertEquals("ServiceUnavailable;Receiver", json.headers().firstValue("x-amzn-query-error").orElse(""));
        }
    }

    /** A JSON body that is not a JSON object is a 400 in SQS's JSON shape, for rewritten and passed-through operations. */
    @Test
    void malformedJson_isA400() throws Exception {
        for (String operation : new String[]{"CreateQueue", "GetQueueAttributes", "SendMessage", "ReceiveMessage"}) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(edge.endpoint()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString("[1, ")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode(), operation + ": " + refused.body());
            assertTrue(refused.body().contains("\"__type\""), operation + ": " + refused.body());
        }
    }

    @Test
    void invalidAttributeValue_inAwsQueryShape() throws Exception {
        HttpResponse<String> refused = post("/", "Action=CreateQueue&QueueName=query-bad&Attribute.1.Name=MessageRetentionPeriod&Attribute.1.Value=10");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("InvalidAttributeValue", text(xml(refused), "Code"));
        assertEquals("Invalid value for the parameter MessageRetentionPeriod.", text(xml(refused), "Message"));
    }
}
