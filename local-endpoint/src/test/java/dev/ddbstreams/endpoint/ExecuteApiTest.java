package dev.ddbstreams.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.endpoint.lambda.InvokeResult;
import dev.ddbstreams.endpoint.lambda.LambdaInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP APIs served on the edge's execute-api address, created through the SDK, called over HTTP, with a fake
 * {@link LambdaInvoker} standing for Lambda: the event is checked field by field against AWS's documented payload
 * format 2.0 (and 1.0), route selection against AWS's rules, and API Gateway's own answers (404, 500, 503).
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">Lambda proxy integrations: payload formats</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">Routes: route selection</a>
 */
class ExecuteApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:notes-api";

    private final FakeLambda lambda = new FakeLambda();
    private EdgeEndpoint edge;
    private ApiGatewayV2Client apigw;

    @BeforeEach
    void start() {
        edge = EdgeEndpoint.builder().port(0).lambdaInvoker(lambda).start();
        apigw = EdgeFixture.apiGateway(edge);
    }

    @AfterEach
    void stop() throws Exception {
        apigw.close();
        edge.close();
    }

    /** Every field of the 2.0 event, as the documented example shows it, for a request with all the parts. */
    @Test
    void payload20_eventHasAwsShape_andTheCallIsApiGatewaysOwn() throws Exception {
        String apiId = api("2.0", "GET /notes/{id}");
        lambda.answer("{\"statusCode\":200,\"body\":\"ok\"}");

        HttpResponse<String> response = send(HttpRequest.newBuilder(url(apiId, "/notes/n%201?limit=10&tag=a&tag=b"))
                .header("User-Agent", "curl/8.5.0").header("Cookie", "c1=v1; c2=v2").header("X-Multi", "1")
                .header("Content-Type", "application/json").method("GET", HttpRequest.BodyPublishers.ofString("{\"a\":1}")));

        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
        FakeLambda.Call call = lambda.calls.get(0);
        assertEquals(FUNCTION_ARN, call.function());
        assertEquals("apigateway.amazonaws.com", call.principal());
        assertEquals("arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/$default/GET/notes/{id}", call.sourceArn());
        JsonNode event = call.event();
        assertEquals("2.0", event.get("version").asText());
        assertEquals("GET /notes/{id}", event.get("routeKey").asText());
        assertEquals("/notes/n%201", event.get("rawPath").asText());
        assertEquals("limit=10&tag=a&tag=b", event.get("rawQueryString").asText());
        assertEquals(List.of("c1=v1", "c2=v2"), texts(event.get("cookies")));
        JsonNode headers = event.get("headers");
        assertEquals("curl/8.5.0", headers.get("user-agent").asText());
        assertEquals("1", headers.get("x-multi").asText());
        assertFalse(headers.has("cookie"), "cookies move out of the headers");
        assertTrue(headers.get("x-amzn-trace-id").asText().startsWith("Root=1-"));
        assertEquals("127.0.0.1", headers.get("x-forwarded-for").asText());
        assertEquals(Integer.toString(edge.port()), headers.get("x-forwarded-port").asText());
        assertEquals("10", event.at("/queryStringParameters/limit").asText());
        assertEquals("a,b", event.at("/queryStringParameters/tag").asText());
        JsonNode context = event.get("requestContext");
        assertEquals("000000000000", context.get("accountId").asText());
        assertEquals(apiId, context.get("apiId").asText());
        assertEquals("127.0.0.1:" + edge.port(), context.get("domainName").asText());
        assertEquals("GET", context.at("/http/method").asText());
        assertEquals("/notes/n%201", context.at("/http/path").asText());
        assertEquals("HTTP/1.1", context.at("/http/protocol").asText());
        assertEquals("127.0.0.1", context.at("/http/sourceIp").asText());
        assertEquals("curl/8.5.0", context.at("/http/userAgent").asText());
        assertEquals(response.headers().firstValue("apigw-requestid").orElseThrow(), context.get("requestId").asText());
        assertEquals("GET /notes/{id}", context.get("routeKey").asText());
        assertEquals("$default", context.get("stage").asText());
        assertTrue(context.get("time").asText().matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"));
        assertTrue(Math.abs(context.get("timeEpoch").asLong() - System.currentTimeMillis()) < 60_000);
        assertEquals("n 1", event.at("/pathParameters/id").asText());
        assertEquals("{\"a\":1}", event.get("body").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
    }

    /** statusCode, headers, cookies (one Set-Cookie each), base64 bodies; any other JSON is a 200 application/json body. */
    @Test
    void payload20_responseMapping() throws Exception {
        String apiId = api("2.0", "$default");
        lambda.answer("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"text/plain\",\"X-Id\":\"n1\"},"
                + "\"cookies\":[\"a=1\",\"b=2; Path=/\"],\"body\":\"AAEC\",\"isBase64Encoded\":true}");
        HttpResponse<byte[]> full = HTTP.send(HttpRequest.newBuilder(url(apiId, "/anything")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(201, full.statusCode());
        assertEquals("text/plain", full.headers().firstValue("content-type").orElseThrow());
        assertEquals("n1", full.headers().firstValue("x-id").orElseThrow());
        assertEquals(List.of("a=1", "b=2; Path=/"), full.headers().allValues("set-cookie"));
        assertArrayEquals(new byte[] {0, 1, 2}, full.body());

        lambda.answer("{\"id\":\"n1\",\"title\":\"t\"}");
        HttpResponse<String> bare = send(HttpRequest.newBuilder(url(apiId, "/")));
        assertEquals(200, bare.statusCode());
        assertEquals("application/json", bare.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"id\":\"n1\",\"title\":\"t\"}", bare.body());
    }

    /** The 1.0 event: headers as sent and multi-valued, resource = the route's path, null where nothing is given. */
    @Test
    void payload10_eventAndResponse() throws Exception {
        String apiId = api("1.0", "POST /users/{id}");
        lambda.answer("{\"statusCode\":202,\"multiValueHeaders\":{\"X-A\":[\"1\",\"2\"]},\"body\":\"done\"}");
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(apiId, "/users/u1?x=1&x=2"))
                .header("X-Multi", "v").POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertEquals(202, response.statusCode());
        assertEquals(List.of("1", "2"), response.headers().allValues("x-a"));
        assertEquals("done", response.body());

        JsonNode event = lambda.calls.get(0).event();
        assertEquals("1.0", event.get("version").asText());
        assertEquals("/users/{id}", event.get("resource").asText());
        assertEquals("/users/u1", event.get("path").asText());
        assertEquals("POST", event.get("httpMethod").asText());
        assertEquals("v", event.at("/headers/x-multi").asText());
        assertEquals("2", event.at("/queryStringParameters/x").asText());
        assertEquals(List.of("1", "2"), texts(event.at("/multiValueQueryStringParameters/x")));
        assertEquals("u1", event.at("/pathParameters/id").asText());
        assertTrue(event.get("stageVariables").isNull());
        assertEquals("/users/{id}", event.at("/requestContext/resourcePath").asText());
        assertEquals("$default", event.at("/requestContext/stage").asText());
        assertEquals("127.0.0.1", event.at("/requestContext/identity/sourceIp").asText());
        assertEquals(Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)), event.get("body").asText(),
                "no content type: a binary payload");
        assertTrue(event.get("isBase64Encoded").asBoolean());

        lambda.answer("{\"just\":\"json\"}");
        assertEquals(500, send(HttpRequest.newBuilder(url(apiId, "/users/u1")).POST(HttpRequest.BodyPublishers.noBody())).statusCode(),
                "format 1.0 needs a statusCode");
    }

    /** Most specific route first: literal over variable over greedy, then method over ANY; $default catches the rest. */
    @Test
    void routeSelection_followsAwsRules() throws Exception {
        String apiId = apigw.createApi(b -> b.name("routes").protocolType(ProtocolType.HTTP)).apiId();
        apigw.createStage(b -> b.apiId(apiId).stageName("$default").autoDeploy(true));
        for (String key : List.of("GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /pets/{proxy+}",
                "ANY /pets/dog/{id}", "$default")) {
            String integrationId = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                    .integrationUri(FUNCTION_ARN + ":" + key.replaceAll("[^A-Za-z0-9]", "")).payloadFormatVersion("2.0"))
                    .integrationId();
            apigw.createRoute(b -> b.apiId(apiId).routeKey(key).target("integrations/" + integrationId));
        }
        lambda.respond(event -> "{\"statusCode\":200,\"body\":\"" + event.get("routeKey").asText() + "\"}");

        assertEquals("GET /pets/dog/1", send(HttpRequest.newBuilder(url(apiId, "/pets/dog/1"))).body());
        assertEquals("GET /pets/dog/{id}", send(HttpRequest.newBuilder(url(apiId, "/pets/dog/2"))).body());
        assertEquals("ANY /pets/dog/{id}", send(HttpRequest.newBuilder(url(apiId, "/pets/dog/2")).DELETE()).body());
        assertEquals("GET /pets/{proxy+}", send(HttpRequest.newBuilder(url(apiId, "/pets/cat/a/b"))).body());
        assertEquals("ANY /pets/{proxy+}", send(HttpRequest.newBuilder(url(apiId, "/pets/cat")).DELETE()).body());
        assertEquals("$default", send(HttpRequest.newBuilder(url(apiId, "/pets"))).body());
        assertEquals("$default", send(HttpRequest.newBuilder(url(apiId, "/other/path"))).body());
        assertEquals(FUNCTION_ARN + ":GETpetsdogid", lambda.calls.get(1).function(), "each route calls its own integration");
    }

    /**
     * AWS's answers when nothing can serve the request: 404 {"message":"Not Found"}; 403 once the API's default
     * endpoint is disabled.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html">Disabling the default endpoint</a>
     */
    @Test
    void notFound_forUnknownApiStageOrRoute() throws Exception {
        String apiId = api("2.0", "GET /notes");
        assertNotFound(send(HttpRequest.newBuilder(url(apiId, "/users"))));
        assertNotFound(send(HttpRequest.newBuilder(url(apiId, "/notes")).POST(HttpRequest.BodyPublishers.noBody())));
        assertNotFound(send(HttpRequest.newBuilder(url("nosuchapi0", "/notes"))));
        assertNotFound(send(HttpRequest.newBuilder(url(apiId, "//notes"))));

        apigw.updateApi(b -> b.apiId(apiId).disableExecuteApiEndpoint(true));
        assertMessage(403, "Forbidden", send(HttpRequest.newBuilder(url(apiId, "/notes"))));

        String undeployed = apigw.createApi(b -> b.name("undeployed").protocolType(ProtocolType.HTTP)).apiId();
        apigw.createStage(b -> b.apiId(undeployed).stageName("$default"));
        apigw.createRoute(b -> b.apiId(undeployed).routeKey("GET /notes"));
        assertNotFound(send(HttpRequest.newBuilder(url(undeployed, "/notes"))));
        assertTrue(lambda.calls.isEmpty());
    }

    /**
     * A function API Gateway may not invoke, one that fails and one that answers something unusable give 500;
     * one that does not answer within the integration's timeout gives 503.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html">Troubleshooting: 500 when API Gateway lacks permission to invoke the function</a>
     */
    @Test
    void integrationFailures_are500Or503() throws Exception {
        String apiId = api("2.0", "ANY /notes");
        lambda.respondWith(event -> {
            throw new LambdaInvoker.PermissionDeniedException("The resource policy does not allow apigateway.amazonaws.com");
        });
        assertMessage(500, "Internal Server Error", send(HttpRequest.newBuilder(url(apiId, "/notes"))));

        lambda.respondWith(event -> InvokeResult.error("RuntimeException", "boom"));
        assertMessage(500, "Internal Server Error", send(HttpRequest.newBuilder(url(apiId, "/notes"))));

        for (String unusable : List.of("not json", "", "{\"statusCode\":\"abc\"}", "{\"statusCode\":700}",
                "{\"statusCode\":200,\"body\":\"***\",\"isBase64Encoded\":true}")) {
            lambda.answer(unusable);
            assertMessage(500, "Internal Server Error", send(HttpRequest.newBuilder(url(apiId, "/notes"))));
        }

        String slowApi = api("2.0", "GET /slow", 100);
        lambda.respondWith(event -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return InvokeResult.success("{}".getBytes(StandardCharsets.UTF_8));
        });
        long started = System.nanoTime();
        assertMessage(503, "Service Unavailable", send(HttpRequest.newBuilder(url(slowApi, "/slow"))));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_500, "answered at the integration's timeout");
    }

    @Test
    void withoutLambda_integrationsAnswer500() throws Exception {
        try (EdgeEndpoint bare = EdgeEndpoint.builder().port(0).start();
             ApiGatewayV2Client client = EdgeFixture.apiGateway(bare)) {
            String apiId = client.createApi(b -> b.name("q").protocolType(ProtocolType.HTTP).target(FUNCTION_ARN)).apiId();
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create(bare.endpoint() + "/_aws/execute-api/" + apiId + "/x")));
            assertMessage(500, "Internal Server Error", response);
        }
    }

    /** A named stage is addressed as <api endpoint>/<stage>; its events carry the stage in rawPath, as AWS's do. */
    @Test
    void namedStage_isServedUnderItsName() throws Exception {
        String apiId = apigw.createApi(b -> b.name("staged").protocolType(ProtocolType.HTTP)).apiId();
        String integrationId = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0")).integrationId();
        apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /notes").target("integrations/" + integrationId));
        apigw.createStage(b -> b.apiId(apiId).stageName("dev"));
        apigw.createDeployment(b -> b.apiId(apiId).stageName("dev"));
        lambda.answer("{\"statusCode\":200,\"body\":\"dev\"}");

        assertEquals("dev", send(HttpRequest.newBuilder(url(apiId, "/dev/notes"))).body());
        assertNotFound(send(HttpRequest.newBuilder(url(apiId, "/notes"))));
        JsonNode event = lambda.calls.get(0).event();
        assertEquals("dev", event.at("/requestContext/stage").asText());
        assertEquals("/dev/notes", event.get("rawPath").asText());
        assertEquals("arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/dev/GET/notes", lambda.calls.get(0).sourceArn());
    }

    /** A stage serves its deployment: without autoDeploy, a new route is not served until deployed. */
    @Test
    void stageServesItsDeployment_notTheLatestConfiguration() throws Exception {
        String apiId = apigw.createApi(b -> b.name("manual").protocolType(ProtocolType.HTTP)).apiId();
        String integrationId = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0")).integrationId();
        apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /a").target("integrations/" + integrationId));
        apigw.createStage(b -> b.apiId(apiId).stageName("$default"));
        apigw.createDeployment(b -> b.apiId(apiId).stageName("$default"));
        apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /b").target("integrations/" + integrationId));
        lambda.answer("{\"statusCode\":204}");

        assertEquals(204, send(HttpRequest.newBuilder(url(apiId, "/a"))).statusCode());
        assertNotFound(send(HttpRequest.newBuilder(url(apiId, "/b"))));
        apigw.createDeployment(b -> b.apiId(apiId).stageName("$default"));
        assertEquals(204, send(HttpRequest.newBuilder(url(apiId, "/b"))).statusCode());
    }

    /** {@code <apiId>.execute-api.localhost:<port>} serves the API at the root, as AWS's own host name does. */
    @Test
    void hostStyleAddress() throws Exception {
        String apiId = api("2.0", "GET /notes");
        lambda.answer("{\"statusCode\":200,\"body\":\"host\"}");
        RawAnswer answer = raw("GET /notes HTTP/1.1\r\nHost: " + apiId + ".execute-api.localhost:" + edge.port()
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, answer.status());
        assertEquals("host", answer.body());
        assertEquals(apiId + ".execute-api.localhost:" + edge.port(), lambda.calls.get(0).event().at("/requestContext/domainName").asText());
        assertEquals(apiId, lambda.calls.get(0).event().at("/requestContext/domainPrefix").asText());
    }

    /**
     * Issue 10's edge cases: a malformed query escape is passed on as sent; a malformed path escape, and bytes that
     * break HTTP, get API Gateway's JSON error, never HTML; a body that is not UTF-8 reaches the function
     * base64-encoded, byte for byte (never with U+FFFD in place of what was sent), for it to refuse.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html">Payload encodings: a text payload is UTF-8, anything else is binary</a>
     */
    @Test
    void malformedInput_getsJsonAnswers() throws Exception {
        String apiId = api("2.0", "ANY /notes");
        lambda.respond(event -> "{\"statusCode\":200,\"body\":" + JSON.writeValueAsString(event.toString()) + "}");

        RawAnswer query = raw("GET /_aws/execute-api/" + apiId + "/notes?limit=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(200, query.status());
        JsonNode event = JSON.readTree(query.body());
        assertEquals("limit=%ZZ", event.get("rawQueryString").asText());
        assertEquals("%ZZ", event.at("/queryStringParameters/limit").asText());

        // Jetty refuses a path escape that decodes to no text before any handler sees the request (and without its
        // path, so the edge cannot tell it was for an HTTP API): a JSON 400, in the edge's generic error shape.
        RawAnswer badPath = raw("GET /_aws/execute-api/" + apiId + "/notes/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(400, badPath.status());
        assertEquals("application/json", badPath.header("content-type"));
        assertTrue(JSON.readTree(badPath.body()).has("message"), badPath.body());

        RawAnswer brokenChunk = raw("POST /_aws/execute-api/" + apiId + "/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n");
        assertEquals(400, brokenChunk.status());
        assertEquals("{\"message\":\"Bad Request\"}", brokenChunk.body());

        RawAnswer doubleSlash = raw("GET /_aws/execute-api/" + apiId + "//notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(404, doubleSlash.status());
        assertEquals("{\"message\":\"Not Found\"}", doubleSlash.body());

        byte[] notUtf8 = {'{', '"', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        lambda.calls.clear();
        send(HttpRequest.newBuilder(url(apiId, "/notes")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)));
        JsonNode binary = lambda.calls.get(0).event();
        assertTrue(binary.get("isBase64Encoded").asBoolean());
        assertArrayEquals(notUtf8, Base64.getDecoder().decode(binary.get("body").asText()));
    }

    /** HTTP APIs take at most 10 MB: more is refused with 413 before any invocation. */
    @Test
    void oversizedBody_is413() throws Exception {
        String apiId = api("2.0", "POST /notes");
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(apiId, "/notes"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1])));
        assertMessage(413, "Request Entity Too Large", response);
        assertTrue(lambda.calls.isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    private String api(String payloadFormat, String routeKey) {
        return api(payloadFormat, routeKey, 30_000);
    }

    /** An HTTP API with one route to the notes function and an auto-deployed $default stage, as the project's Terraform makes it. */
    private String api(String payloadFormat, String routeKey, int timeoutMillis) {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)).apiId();
        apigw.createStage(b -> b.apiId(apiId).stageName("$default").autoDeploy(true));
        String integrationId = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FUNCTION_ARN).payloadFormatVersion(payloadFormat).timeoutInMillis(timeoutMillis)).integrationId();
        apigw.createRoute(b -> b.apiId(apiId).routeKey(routeKey).target("integrations/" + integrationId));
        return apiId;
    }

    private URI url(String apiId, String pathAndQuery) {
        return URI.create(edge.endpoint() + "/_aws/execute-api/" + apiId + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNotFound(HttpResponse<String> response) {
        assertMessage(404, "Not Found", response);
    }

    private static void assertMessage(int status, String message, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"message\":\"" + message + "\"}", response.body());
        assertTrue(response.headers().firstValue("apigw-requestid").isPresent());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private RawAnswer raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return RawAnswer.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    private record RawAnswer(int status, Map<String, String> headers, String body) {
        static RawAnswer parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            assertTrue(text.startsWith("HTTP/1.1 ") && end > 0, "not an HTTP answer: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new RawAnswer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    /** Lambda as API Gateway sees it: records each call and answers as told. */
    static final class FakeLambda implements LambdaInvoker {
        record Call(String function, JsonNode event, String principal, String sourceArn) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final Map<String, Function<JsonNode, InvokeResult>> behaviour = new ConcurrentHashMap<>();

        void answer(String payload) {
            respondWith(event -> InvokeResult.success(payload.getBytes(StandardCharsets.UTF_8)));
        }

        void respond(ThrowingFunction response) {
            respondWith(event -> {
                try {
                    return InvokeResult.success(response.apply(event).getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void respondWith(Function<JsonNode, InvokeResult> response) {
            behaviour.put("any", response);
        }

        @Override
        public InvokeResult invokeFor(String function, byte[] payload, String principal, String sourceArn) {
            JsonNode event;
            try {
                event = JSON.readTree(payload);
            } catch (IOException e) {
                throw new IllegalStateException("the event is not JSON", e);
            }
            calls.add(new Call(function, event, principal, sourceArn));
            return behaviour.getOrDefault("any", e -> InvokeResult.success("{}".getBytes(StandardCharsets.UTF_8))).apply(event);
        }

        interface ThrowingFunction {
            String apply(JsonNode event) throws Exception;
        }
    }
}
