package dev.ddbstreams.local.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import dev.ddbstreams.local.wiring.HttpApiSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP API server on a free port, with a fake function invoker (no function JVMs). */
class HttpApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ROUTES = Map.of(
            "ANY /notes", "notes-api",
            "ANY /notes/{proxy+}", "notes-api",
            "ANY /users", "users-api",
            "ANY /users/{proxy+}", "users-api");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeInvoker invoker = new FakeInvoker();
    private final BlockingQueue<HttpRequestLog> log = new LinkedBlockingQueue<>();
    private final AtomicLong clock = new AtomicLong();
    private HttpApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void request_isInvokedWithAPayload2Event_andTheFunctionsResponseIsSentBack() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"application/json\","
                + "\"Location\":\"/notes/n1\"},\"cookies\":[\"seen=1\"],\"body\":\"{\\\"id\\\":\\\"n1\\\"}\"}"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes?draft=true&tag=a&tag=b"))
                .header("Content-Type", "application/json").header("X-Custom", "yes")
                .POST(BodyPublishers.ofString("{\"title\":\"Hello\"}")));

        assertEquals(201, response.statusCode());
        assertEquals("{\"id\":\"n1\"}", response.body());
        assertEquals("/notes/n1", response.headers().firstValue("Location").orElse(null));
        assertEquals(List.of("seen=1"), response.headers().allValues("Set-Cookie"));
        String requestId = response.headers().firstValue("Apigw-Requestid").orElseThrow();

        JsonNode event = invoker.lastEvent("notes-api");
        assertEquals("2.0", event.get("version").asText());
        assertEquals("ANY /notes", event.get("routeKey").asText());
        assertEquals("/notes", event.get("rawPath").asText());
        assertEquals("draft=true&tag=a&tag=b", event.get("rawQueryString").asText());
        assertEquals("a,b", event.at("/queryStringParameters/tag").asText());
        assertEquals("yes", event.at("/headers/x-custom").asText());
        assertEquals("{\"title\":\"Hello\"}", event.get("body").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
        assertEquals("POST", event.at("/requestContext/http/method").asText());
        assertEquals("127.0.0.1", event.at("/requestContext/http/sourceIp").asText());
        assertEquals(requestId, event.at("/requestContext/requestId").asText());
        assertEquals("$default", event.at("/requestContext/stage").asText());
        assertEquals("http-api", invoker.sources.get(0));
        HttpRequestLog entry = log.poll(10, TimeUnit.SECONDS); // logged just after the response is sent
        assertEquals("notes-api", entry.function());
        assertEquals(201, entry.status());
        assertEquals("ANY /notes", entry.routeKey());
        assertTrue(entry.toLogLine().startsWith("POST /notes -> notes-api 201 ("), entry.toLogLine());
    }

    @Test
    void greedyRoute_passesTheRestOfThePath_asProxy() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("users-api", event -> success("{\"statusCode\":204}"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/u%201")).DELETE());

        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
        assertEquals("u 1", invoker.lastEvent("users-api").at("/pathParameters/proxy").asText());
        assertFalse(invoker.lastEvent("users-api").has("body"));
    }

    @Test
    void binaryResponse_isDecodedFromBase64() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":200,\"headers\":{\"Content-Type\":"
                + "\"application/octet-stream\"},\"body\":\"AAECA//+/Q==\",\"isBase64Encoded\":true}"));

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/notes/file")).GET().build(),
                BodyHandlers.ofByteArray());

        assertArrayEquals(new byte[] {0, 1, 2, 3, (byte) 255, (byte) 254, (byte) 253}, response.body());
    }

    @Test
    void unknownRoute_is404NotFound_withoutInvoking() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/orders")).GET());

        assertEquals(404, response.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(invoker.events.isEmpty());
    }

    @Test
    void bodyOverTenMegabytes_is413_withoutInvoking() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        byte[] body = new byte[HttpApiServer.MAX_REQUEST_BYTES + 1];

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofByteArray(body)));

        assertEquals(413, response.statusCode());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", response.body());
        assertTrue(invoker.events.isEmpty());
    }

    @Test
    void bodyOverTenMegabytes_is413_alsoWhenChunkedOrSentAfter100Continue() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        byte[] body = new byte[HttpApiServer.MAX_REQUEST_BYTES + 512 * 1024];

        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/notes"))
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        HttpResponse<String> afterContinue = send(HttpRequest.newBuilder(uri("/notes")).expectContinue(true)
                .POST(BodyPublishers.ofByteArray(body)));

        assertEquals(413, chunked.statusCode());
        assertEquals(413, afterContinue.statusCode());
        assertTrue(invoker.events.isEmpty());
    }

    @Test
    void eventOverLambdasSixMegabytes_is413_withoutInvoking() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        byte[] body = new byte[5 * 1024 * 1024]; // base64 makes it about 6.7 MB of event

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(body)));

        assertEquals(413, response.statusCode());
        assertTrue(invoker.events.isEmpty());
    }

    @Test
    void requestsBeyondTheBurst_are429_untilTokensRefill() throws Exception {
        start(new HttpApiSpec(2, 1, ROUTES));
        invoker.respond("notes-api", event -> success("{\"ok\":true}"));

        int first = send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode();
        int second = send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode();
        HttpResponse<String> throttled = send(HttpRequest.newBuilder(uri("/notes")).GET());
        int health = send(HttpRequest.newBuilder(uri("/_local/health")).GET()).statusCode();
        clock.addAndGet(1_000_000_000L);
        int afterRefill = send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode();

        assertEquals(List.of(200, 200, 429, 200, 200), List.of(first, second, throttled.statusCode(), health, afterRefill));
        assertEquals("{\"message\":\"Too Many Requests\"}", throttled.body());
        assertEquals(3, invoker.events.size());
    }

    @Test
    void functionErrorTimeoutOrCrash_is500InternalServerError() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        for (Outcome outcome : List.of(Outcome.FUNCTION_ERROR, Outcome.TIMEOUT, Outcome.PROCESS_EXITED)) {
            invoker.respond("notes-api", event -> failure(outcome, "java.lang.IllegalStateException",
                    "boom\n\tat com.example.Handler.handleRequest(Handler.java:1)"));

            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes")).GET());

            assertEquals(500, response.statusCode(), outcome.name());
            assertEquals("{\"message\":\"Internal Server Error\"}", response.body());
        }
    }

    @Test
    void functionThatCannotStart_is503NamingIt_withoutAStackTrace() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("users-api", event -> failure(Outcome.INIT_ERROR, "java.lang.IllegalStateException",
                "USERS_TABLE is not set\nLast output of the function:\n\tat com.example.Users.<init>(Users.java:9)"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users")).GET());

        assertEquals(503, response.statusCode());
        String message = JSON.readTree(response.body()).get("message").asText();
        assertTrue(message.contains("users-api"), message);
        assertTrue(message.contains("USERS_TABLE is not set"), message);
        assertFalse(message.contains("\tat ") || message.contains("\n"), message);
    }

    @Test
    void unusableFunctionResponse_is500() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":\"two hundred\"}"));

        assertEquals(500, send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode());
    }

    @Test
    void invokerThatThrows_is500_andTheServerKeepsServing() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> {
            throw new IllegalStateException("invoker bug");
        });
        invoker.respond("users-api", event -> success("[]"));

        assertEquals(500, send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(uri("/users")).GET()).statusCode());
    }

    @Test
    void malformedRequests_neverStopTheServer() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"ok\":true}"));

        String garbage = rawExchange("THIS IS NOT HTTP\r\n\r\n");
        String badEscape = rawExchange("GET /notes/%zz%ZZ?x=%% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String truncated = rawExchange("POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"a\":");

        assertFalse(garbage.startsWith("HTTP/1.1 2"), garbage);
        assertTrue(badEscape.startsWith("HTTP/1.1 400"), badEscape); // Jetty refuses a malformed escape in the path
        assertFalse(truncated.startsWith("HTTP/1.1 2"), truncated);
        assertEquals(200, send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode());
    }

    private static final String HEAD = "Host: 127.0.0.1\r\nConnection: close\r\n";
    private static final String POST_HEAD = "POST /notes HTTP/1.1\r\n" + HEAD + "Content-Type: application/json\r\n";

    /**
     * Requests the HTTP server refuses before any route is selected. API Gateway answers its own errors with a
     * JSON {@code message} (e.g. {@code {"message":"Not Found"}}); AWS does not list a status per framing error,
     * so the status is the HTTP one for the fault, always a 4xx: the client sent it.
     */
    static Stream<Arguments> requestsTheServerRefuses() {
        return Stream.of(
                arguments("malformed escape in the path", "GET /notes/%zz HTTP/1.1\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("lone percent in the path", "GET /notes/% HTTP/1.1\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("escapes that are not UTF-8", "GET /notes/%FF%FE HTTP/1.1\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("escaped surrogate", "GET /notes/%ED%A0%80 HTTP/1.1\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("%u escape", "GET /notes/%u002e HTTP/1.1\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("escaped NUL", "GET /notes/a%00b HTTP/1.1\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("not HTTP at all", "THIS IS NOT HTTP\r\n\r\n", 400, "Bad Request"),
                arguments("unknown HTTP version (505 in Jetty)", "GET /notes HTTP/9.9\r\n" + HEAD + "\r\n", 400, "Bad Request"),
                arguments("header without a colon", "GET /notes HTTP/1.1\r\n" + HEAD + "no-colon-here\r\n\r\n", 400, "Bad Request"),
                arguments("space in a header name", "GET /notes HTTP/1.1\r\n" + HEAD + "Bad Name: x\r\n\r\n", 400, "Bad Request"),
                arguments("invalid chunk size", POST_HEAD + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400, "Bad Request"),
                arguments("negative Content-Length", POST_HEAD + "Content-Length: -5\r\n\r\n{}", 400, "Bad Request"),
                arguments("non-numeric Content-Length", POST_HEAD + "Content-Length: abc\r\n\r\n{}", 400, "Bad Request"),
                arguments("two different Content-Lengths", POST_HEAD + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x", 400, "Bad Request"),
                arguments("Transfer-Encoding and Content-Length", POST_HEAD + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "Bad Request"),
                arguments("unknown transfer coding (501 in Jetty)", POST_HEAD + "Transfer-Encoding: gzip\r\n\r\n{}", 400, "Bad Request"),
                arguments("body shorter than announced", POST_HEAD + "Content-Length: 100\r\n\r\n{\"a\":", 400, "Bad Request"),
                // API Gateway's quota: 10,240 bytes of request line and headers together.
                arguments("headers over 10,240 bytes", "GET /notes HTTP/1.1\r\n" + HEAD + "X-Big: " + "v".repeat(10_300) + "\r\n\r\n",
                        431, "Request Header Fields Too Large"),
                arguments("request line over 10,240 bytes", "GET /notes/" + "a".repeat(100_000) + " HTTP/1.1\r\n" + HEAD + "\r\n",
                        414, "Request-URI Too Long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTheServerRefuses")
    void requestTheServerRefuses_getsApiGatewaysJsonError_neverHtml(String description, String request, int status,
            String message) throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"ok\":true}"));

        RawAnswer answer = RawAnswer.parse(rawExchange(request));

        assertEquals(status, answer.status(), answer.text());
        assertEquals("application/json", answer.header("content-type"), answer.text());
        assertEquals(JSON.createObjectNode().put("message", message), JSON.readTree(answer.body()), answer.text());
        assertTrue(answer.header("apigw-requestid") != null, answer.text());
        assertTrue(invoker.events.isEmpty(), "no function is invoked for " + description);
        assertEquals(200, send(HttpRequest.newBuilder(uri("/notes")).GET()).statusCode(), "still serving");
    }

    /** API Gateway selects routes on the raw path: an empty first segment matches no route. */
    @Test
    void leadingDoubleSlash_is404NotFound_inJson() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));

        RawAnswer answer = RawAnswer.parse(rawExchange("GET //notes HTTP/1.1\r\n" + HEAD + "\r\n"));

        assertEquals(404, answer.status(), answer.text());
        assertEquals("application/json", answer.header("content-type"));
        assertEquals("{\"message\":\"Not Found\"}", answer.body());
        assertTrue(invoker.events.isEmpty());
    }

    /**
     * Paths that are unusual but well-formed reach route selection and the function as sent (the JDK server passed
     * them too); only escapes that decode to no text are refused before routing.
     */
    @Test
    void unusualButWellFormedPaths_reachTheFunctionAsSent() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":404,\"body\":\"{\\\"message\\\":\\\"no such note\\\"}\"}"));
        Map<String, String> proxyByTarget = Map.of("/notes/a%2Fb", "a/b", "/notes/..", "..", "/notes/%2e%2e/users", "../users",
                "/notes/${jndi:ldap:x}", "${jndi:ldap:x}", "/notes/\u00e9t\u00e9", "\u00e9t\u00e9");

        for (Map.Entry<String, String> target : proxyByTarget.entrySet()) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET " + target.getKey() + " HTTP/1.1\r\n" + HEAD + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                socket.shutdownOutput();
                RawAnswer answer = RawAnswer.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

                assertEquals(404, answer.status(), target.getKey() + ": " + answer.text());
                JsonNode event = invoker.lastEvent("notes-api");
                assertEquals(target.getKey(), event.get("rawPath").asText());
                assertEquals(target.getValue(), event.at("/pathParameters/proxy").asText());
            }
        }
    }

    /** The query is not API Gateway's to judge: it reaches the function raw, a malformed escape kept as sent. */
    @Test
    void malformedEscapeInTheQuery_reachesTheFunctionAsSent() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":400,\"body\":\"{\\\"message\\\":\\\"limit\\\"}\"}"));

        RawAnswer answer = RawAnswer.parse(rawExchange("GET /notes?limit=%ZZ HTTP/1.1\r\n" + HEAD + "\r\n"));

        assertEquals(400, answer.status(), answer.text());
        assertEquals("application/json", answer.header("content-type"));
        JsonNode event = invoker.lastEvent("notes-api");
        assertEquals("limit=%ZZ", event.get("rawQueryString").asText());
        assertEquals("%ZZ", event.at("/queryStringParameters/limit").asText());
    }

    /** Bytes that are not UTF-8 are a binary payload for API Gateway: base64-encoded, never altered. */
    @Test
    void jsonBodyThatIsNotUtf8_reachesTheFunctionBase64Encoded_byteForByte() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":400,\"body\":\"{\\\"error\\\":\\\"InvalidUtf8\\\"}\"}"));
        byte[] body = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofByteArray(body)));

        assertEquals(400, response.statusCode());
        JsonNode event = invoker.lastEvent("notes-api");
        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertArrayEquals(body, Base64.getDecoder().decode(event.get("body").asText()));
        assertFalse(invoker.events.get(0).contains("\uFFFD") || invoker.events.get(0).contains("\\ufffd"));
    }

    /** A header value HTTP cannot carry is left out; the rest of the function's response is sent. */
    @Test
    void functionHeaderWithALineBreak_isLeftOut_andTheResponseIsSent() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"statusCode\":200,\"headers\":{\"X-Bad\":\"a\\r\\nSet-Cookie: evil=1\","
                + "\"X-Good\":\"yes\"},\"body\":\"ok\"}"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes")).GET());

        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
        assertEquals("yes", response.headers().firstValue("X-Good").orElse(null));
        assertTrue(response.headers().firstValue("X-Bad").isEmpty());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void headRequest_getsHeadersWithoutBody() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        invoker.respond("notes-api", event -> success("{\"ok\":true}"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .method("HEAD", BodyPublishers.noBody()));

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("HEAD", invoker.lastEvent("notes-api").at("/requestContext/http/method").asText());
    }

    @Test
    void requestsToDifferentFunctions_runInParallel() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES));
        CountDownLatch usersArrived = new CountDownLatch(1);
        invoker.respond("notes-api", event -> {
            try {
                // Only returns early if the users request got in while this one is still running.
                return success(usersArrived.await(20, TimeUnit.SECONDS) ? "\"parallel\"" : "\"serial\"");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return success("\"interrupted\"");
            }
        });
        invoker.respond("users-api", event -> {
            usersArrived.countDown();
            return success("\"users\"");
        });

        CompletableFuture<HttpResponse<String>> notes = client.sendAsync(
                HttpRequest.newBuilder(uri("/notes")).GET().build(), BodyHandlers.ofString());
        HttpResponse<String> users = send(HttpRequest.newBuilder(uri("/users")).GET());

        assertEquals("\"users\"", users.body());
        assertEquals("\"parallel\"", notes.get(30, TimeUnit.SECONDS).body());
    }

    @Test
    void localHealthAndStatus_areServedByTheServerItself() throws Exception {
        record Status(String state, int functions) {
        }
        start(new HttpApiSpec(0, 0, ROUTES), () -> Map.of("runtime", new Status("READY", 9)));

        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/_local/health")).GET());
        HttpResponse<String> status = send(HttpRequest.newBuilder(uri("/_local/status")).GET());
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri("/_local/health"))
                .POST(BodyPublishers.ofString("{}")));
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/_local/other")).GET());

        assertEquals(200, health.statusCode());
        assertEquals(JSON.readTree("{\"status\":\"ok\"}"), JSON.readTree(health.body()));
        assertEquals(200, status.statusCode());
        assertEquals(JSON.readTree("{\"runtime\":{\"state\":\"READY\",\"functions\":9}}"), JSON.readTree(status.body()));
        assertEquals(405, wrongMethod.statusCode());
        assertEquals(404, unknown.statusCode());
        assertTrue(invoker.events.isEmpty());
    }

    @Test
    void statusSupplierThatFails_is500_notACrash() throws Exception {
        start(new HttpApiSpec(0, 0, ROUTES), () -> {
            throw new IllegalStateException("status bug");
        });

        HttpResponse<String> status = send(HttpRequest.newBuilder(uri("/_local/status")).GET());

        assertEquals(500, status.statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(uri("/_local/health")).GET()).statusCode());
    }

    @Test
    void portInUse_isReportedClearly() {
        start(new HttpApiSpec(0, 0, ROUTES));

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> HttpApiServer.builder()
                .port(server.port()).api(new HttpApiSpec(0, 0, ROUTES)).invoker(invoker).start());

        assertTrue(error.getMessage().contains("127.0.0.1:" + server.port()), error.getMessage());
        assertTrue(error.getMessage().contains("in use"), error.getMessage());
    }

    private void start(HttpApiSpec spec) {
        start(spec, null);
    }

    private void start(HttpApiSpec spec, Supplier<?> status) {
        server = HttpApiServer.builder().port(0).api(spec).invoker(invoker).status(status)
                .requestListener(log::add).nanoTime(clock::get).start();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create(server.endpoint() + pathAndQuery);
    }

    /** Writes raw bytes to the server and returns what it answers before closing (empty if nothing). */
    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException | SocketException e) {
                return "";
            }
        }
    }

    /** A raw HTTP/1.1 answer: status, headers (names lower-cased), body. */
    private record RawAnswer(int status, Map<String, String> headers, String body, String text) {

        static RawAnswer parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            assertTrue(text.startsWith("HTTP/1.1 ") && end > 0, "not an HTTP answer: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new RawAnswer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4), text);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private static Invocation success(String response) {
        return new Invocation("req", Outcome.SUCCESS, response, null, null, Duration.ofMillis(3), false);
    }

    private static Invocation failure(Outcome outcome, String type, String message) {
        return new Invocation("req", outcome, null, type, message, Duration.ofMillis(3), false);
    }

    /** Records events and answers per function. */
    private static final class FakeInvoker implements FunctionInvoker {

        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> sources = new CopyOnWriteArrayList<>();
        private final Map<String, Function<String, Invocation>> responses = new ConcurrentHashMap<>();
        private final Map<String, String> lastEvents = new ConcurrentHashMap<>();

        void respond(String function, Function<String, Invocation> response) {
            responses.put(function, response);
        }

        JsonNode lastEvent(String function) throws IOException {
            return JSON.readTree(lastEvents.get(function));
        }

        @Override
        public Invocation invoke(String functionName, String invokedFunctionArn, String payloadJson, String source) {
            events.add(payloadJson);
            sources.add(source);
            lastEvents.put(functionName, payloadJson);
            Function<String, Invocation> response = responses.get(functionName);
            if (response == null) {
                throw new IllegalArgumentException("Unknown function " + functionName);
            }
            return response.apply(payloadJson);
        }
    }
}
