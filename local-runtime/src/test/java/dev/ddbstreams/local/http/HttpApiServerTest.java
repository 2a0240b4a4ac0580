package dev.ddbstreams.local.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        public Invocation invoke(String functionName, String payloadJson, String source) {
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
