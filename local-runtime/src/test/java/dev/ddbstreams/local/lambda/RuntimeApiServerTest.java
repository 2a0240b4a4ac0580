package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.lambda.RuntimeApiServer.PendingInvocation;
import dev.ddbstreams.local.lambda.RuntimeApiServer.RuntimeReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API server, with a plain HTTP client playing the Runtime Interface Client. */
class RuntimeApiServerTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:echo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RuntimeApiServer server;

    @BeforeEach
    void start() throws IOException {
        server = new RuntimeApiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** What the HTTP server refuses before the Runtime API sees it is still a JSON error, never an HTML page. */
    @Test
    void requestsTheServerCannotParse_getA4xxJsonError_andTheServerStillServes() throws Exception {
        for (String raw : new String[] {
                "GET /2018-06-01/runtime/invocation/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /2018-06-01/runtime/invocation/next HTTP/9.9\r\nHost: x\r\n\r\n",
                "POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
                "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n"}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                String statusLine = answer.lines().findFirst().orElse("");
                assertTrue(statusLine.matches("HTTP/1\\.1 4\\d\\d .*"), raw.substring(0, 40) + " -> " + statusLine);
                assertTrue(answer.contains("application/json"), answer);
                assertTrue(answer.contains("\"errorType\""), answer);
            }
        }
        server.submit("req-after", "{}".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() + 3_000, ARN);
        assertEquals(200, get("/2018-06-01/runtime/invocation/next").statusCode());
    }

    @Test
    void next_handsOutTheQueuedInvocation_withLambdasHeaders() throws Exception {
        long deadline = System.currentTimeMillis() + 3_000;
        server.submit("req-1", "{\"k\":1}".getBytes(StandardCharsets.UTF_8), deadline, ARN + ":live");

        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");

        assertEquals(200, next.statusCode());
        assertEquals("{\"k\":1}", next.body());
        assertEquals("req-1", header(next, "Lambda-Runtime-Aws-Request-Id"));
        assertEquals(Long.toString(deadline), header(next, "Lambda-Runtime-Deadline-Ms"));
        assertEquals(ARN + ":live", header(next, "Lambda-Runtime-Invoked-Function-Arn"), "the ARN this invocation was invoked through");
        assertTrue(header(next, "Lambda-Runtime-Trace-Id")
                        .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0"),
                header(next, "Lambda-Runtime-Trace-Id"));
        assertTrue(server.firstPoll().isDone());
    }

    @Test
    void next_waitsForWork_untilAnInvocationIsSubmitted() throws Exception {
        CompletableFuture<HttpResponse<String>> next = getAsync("/2018-06-01/runtime/invocation/next");
        server.firstPoll().get(5, TimeUnit.SECONDS);
        assertFalse(next.isDone(), "the poll must wait while there is no work");

        server.submit("req-late", "{}".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() + 1_000, ARN);

        HttpResponse<String> delivered = next.get(5, TimeUnit.SECONDS);
        assertEquals("req-late", header(delivered, "Lambda-Runtime-Aws-Request-Id"));
    }

    @Test
    void response_completesTheInvocation_andIsAccepted() throws Exception {
        PendingInvocation invocation = dispatch("req-2");

        HttpResponse<String> answer = post("/2018-06-01/runtime/invocation/req-2/response", "{\"ok\":true}", null);

        assertEquals(202, answer.statusCode());
        RuntimeReply reply = invocation.result().get(1, TimeUnit.SECONDS);
        assertTrue(reply.success());
        assertEquals("{\"ok\":true}", reply.body());
    }

    @Test
    void error_reportsTheErrorTypeAndMessage_fromTheErrorDocument() throws Exception {
        PendingInvocation invocation = dispatch("req-3");

        HttpResponse<String> answer = post("/2018-06-01/runtime/invocation/req-3/error",
                "{\"errorMessage\":\"order 7 rejected\",\"errorType\":\"com.example.OrderRejected\","
                        + "\"stackTrace\":[\"com.example.Handler.handle(Handler.java:10)\"]}",
                "Unhandled");

        assertEquals(202, answer.statusCode());
        RuntimeReply reply = invocation.result().get(1, TimeUnit.SECONDS);
        assertFalse(reply.success());
        assertEquals("com.example.OrderRejected", reply.errorType());
        assertEquals("order 7 rejected", reply.errorMessage());
    }

    @Test
    void error_withAMalformedBody_isStillReported_withTheHeaderTypeAndTheRawText() throws Exception {
        PendingInvocation invocation = dispatch("req-4");

        HttpResponse<String> answer = post("/2018-06-01/runtime/invocation/req-4/error", "not json {",
                "Runtime.Custom");

        assertEquals(202, answer.statusCode());
        RuntimeReply reply = invocation.result().get(1, TimeUnit.SECONDS);
        assertEquals("Runtime.Custom", reply.errorType());
        assertEquals("not json {", reply.errorMessage());
    }

    @Test
    void error_withAnEmptyBodyAndNoHeader_isReportedAsUnhandled() throws Exception {
        PendingInvocation invocation = dispatch("req-5");

        post("/2018-06-01/runtime/invocation/req-5/error", "", null);

        RuntimeReply reply = invocation.result().get(1, TimeUnit.SECONDS);
        assertEquals("Unhandled", reply.errorType());
        assertEquals("(no error message)", reply.errorMessage());
    }

    @Test
    void response_forAnUnknownRequestId_isRejected_andTheServerKeepsWorking() throws Exception {
        HttpResponse<String> answer = post("/2018-06-01/runtime/invocation/nobody/response", "{}", null);

        assertEquals(400, answer.statusCode());
        assertEquals("InvalidRequestID", JSON.readTree(answer.body()).get("errorType").asText());
        PendingInvocation invocation = dispatch("req-6");
        assertEquals(202, post("/2018-06-01/runtime/invocation/req-6/response", "\"fine\"", null).statusCode());
        assertTrue(invocation.result().get(1, TimeUnit.SECONDS).success());
    }

    @Test
    void secondResponse_forTheSameInvocation_isRejected() throws Exception {
        PendingInvocation invocation = dispatch("req-7");
        post("/2018-06-01/runtime/invocation/req-7/response", "\"first\"", null);

        HttpResponse<String> again = post("/2018-06-01/runtime/invocation/req-7/response", "\"second\"", null);

        assertEquals(400, again.statusCode());
        assertEquals("\"first\"", invocation.result().get(1, TimeUnit.SECONDS).body());
    }

    @Test
    void lateResponse_afterTheCallerGaveUp_isRejected() throws Exception {
        PendingInvocation invocation = dispatch("req-8");
        server.abandon(invocation);

        HttpResponse<String> late = post("/2018-06-01/runtime/invocation/req-8/response", "\"too late\"", null);

        assertEquals(400, late.statusCode());
        assertFalse(invocation.result().get(1, TimeUnit.SECONDS).success());
    }

    @Test
    void abandonedInvocation_stillQueued_isNeverHandedOut() throws Exception {
        PendingInvocation abandoned = server.submit("req-gone", new byte[] {'{', '}'}, System.currentTimeMillis(), ARN);
        server.abandon(abandoned);
        server.submit("req-next", new byte[] {'{', '}'}, System.currentTimeMillis() + 1_000, ARN);

        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");

        assertEquals("req-next", header(next, "Lambda-Runtime-Aws-Request-Id"));
    }

    @Test
    void oversizedResponse_isRejectedWith413_andFailsTheInvocation() throws Exception {
        PendingInvocation invocation = dispatch("req-9");
        String big = "\"" + "x".repeat(RuntimeApiServer.MAX_RESPONSE_BYTES) + "\"";

        HttpResponse<String> answer = post("/2018-06-01/runtime/invocation/req-9/response", big, null);

        assertEquals(413, answer.statusCode());
        RuntimeReply reply = invocation.result().get(1, TimeUnit.SECONDS);
        assertEquals("Function.ResponseSizeTooLarge", reply.errorType());
    }

    @Test
    void errorReport_afterAnOversizedResponse_isAccepted_soTheRuntimeCarriesOn() throws Exception {
        PendingInvocation invocation = dispatch("req-10");
        post("/2018-06-01/runtime/invocation/req-10/response", "\"" + "x".repeat(RuntimeApiServer.MAX_RESPONSE_BYTES) + "\"", null);

        HttpResponse<String> report = post("/2018-06-01/runtime/invocation/req-10/error",
                "{\"errorMessage\":\"Failed to post invocation response\",\"errorType\":\"LambdaRuntimeClientException\"}",
                null);

        assertEquals(202, report.statusCode());
        assertEquals("Function.ResponseSizeTooLarge", invocation.result().get(1, TimeUnit.SECONDS).errorType());
        assertEquals(400, post("/2018-06-01/runtime/invocation/req-10/error", "{}", null).statusCode(),
                "only that one report is accepted");
    }

    @Test
    void initError_isReported_withTypeAndMessage() throws Exception {
        HttpResponse<String> answer = post("/2018-06-01/runtime/init/error",
                "{\"errorMessage\":\"TABLE_NAME is not set\",\"errorType\":\"java.lang.IllegalStateException\"}",
                "Runtime.Unknown");

        assertEquals(202, answer.statusCode());
        RuntimeReply reply = server.initError().get(1, TimeUnit.SECONDS);
        assertEquals("java.lang.IllegalStateException", reply.errorType());
        assertEquals("TABLE_NAME is not set", reply.errorMessage());
    }

    @Test
    void unknownPath_is404_andWrongMethod_is405_asJson() throws Exception {
        HttpResponse<String> unknown = get("/2018-06-01/runtime/somewhere");
        HttpResponse<String> outside = get("/favicon.ico");
        HttpResponse<String> wrongMethod = post("/2018-06-01/runtime/invocation/next", "{}", null);

        assertEquals(404, unknown.statusCode());
        assertEquals(404, outside.statusCode());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("MethodNotAllowed", JSON.readTree(wrongMethod.body()).get("errorType").asText());
    }

    @Test
    void close_answersAWaitingPoll_withTheContainerError500() throws Exception {
        CompletableFuture<HttpResponse<String>> next = getAsync("/2018-06-01/runtime/invocation/next");
        server.firstPoll().get(5, TimeUnit.SECONDS);

        server.close();

        assertEquals(500, next.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void close_failsQueuedAndDispatchedInvocations() throws Exception {
        PendingInvocation dispatched = dispatch("req-running");
        PendingInvocation queued = server.submit("req-queued", new byte[] {'{', '}'}, 0, ARN);

        server.close();

        assertEquals("Runtime.Stopped", dispatched.result().get(1, TimeUnit.SECONDS).errorType());
        assertEquals("Runtime.Stopped", queued.result().get(1, TimeUnit.SECONDS).errorType());
    }

    private PendingInvocation dispatch(String requestId) throws Exception {
        PendingInvocation invocation = server.submit(requestId, "{}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() + 5_000, ARN);
        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");
        assertEquals(requestId, header(next, "Lambda-Runtime-Aws-Request-Id"));
        return invocation;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return getAsync(path).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + server.address() + path);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
