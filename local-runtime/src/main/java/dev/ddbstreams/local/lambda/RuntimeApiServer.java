package dev.ddbstreams.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Lambda Runtime API (version 2018-06-01) for ONE function process, served by Jetty on 127.0.0.1 and a free
 * port. The Runtime Interface Client only knows fixed paths, so the port is what tells
 * function processes apart: one server per process keeps the state machine trivial (at most one invocation
 * in flight, as in a Lambda execution environment).
 *
 * <p>Anything a misbehaving runtime can send (unknown or late request ids, a response after a timeout,
 * malformed error bodies, oversized payloads, unknown paths, requests Jetty refuses before this class sees them)
 * is answered with a 4xx JSON error and never disturbs the server or another invocation.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Using the Lambda runtime API for custom runtimes</a>
 */
final class RuntimeApiServer implements AutoCloseable {

    /** Lambda's limit for a synchronous invocation's response (6 MB), from the Lambda quotas page. */
    static final int MAX_RESPONSE_BYTES = 6_291_556;
    /** Error documents are small; a bigger body is truncated, not rejected, so the error is still reported. */
    private static final int MAX_ERROR_BYTES = 1_048_576;
    private static final int MAX_MESSAGE_CHARS = 8_192;

    static final String PREFIX = "/2018-06-01/runtime/";
    /** Threads of one server: Jetty's acceptor and selector, the long poll, a report, and spares. */
    private static final int MAX_THREADS = 6;
    /** How long an idle /next poll waits between checks for shutdown. */
    private static final Duration POLL_CHECK = Duration.ofMillis(250);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    private final Server server;
    private final ServerConnector connector;
    private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, PendingInvocation> dispatched = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> initError = new CompletableFuture<>();
    private final Set<String> oversizedResponses = ConcurrentHashMap.newKeySet();
    private final AtomicInteger activePolls = new AtomicInteger();
    private volatile boolean closed;

    /** Binds a new server on 127.0.0.1 and a free port and starts it. */
    RuntimeApiServer() throws IOException {
        // The long poll on /next holds one thread while the runtime waits; a response or error report takes another.
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("runtime-api-" + SERVER_IDS.incrementAndGet());
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // One acceptor and one selector; Jetty sets TCP_NODELAY on accepted connections, so small answers are not
        // held back by Nagle's algorithm waiting for the runtime's delayed ACK.
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setErrorHandler(new RuntimeApiErrorHandler());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                RuntimeApiServer.this.handle(new Exchange(request, response, callback));
                return true;
            }
        });
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException("Cannot start the Runtime API server on 127.0.0.1: " + e, e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Completes when the runtime first asks for work: its initialisation is over. */
    CompletableFuture<Void> firstPoll() {
        return firstPoll;
    }

    /** Completes when the runtime reports an initialisation error. */
    CompletableFuture<RuntimeReply> initError() {
        return initError;
    }

    /**
     * Queues an invocation for the runtime's next poll.
     *
     * @param deadlineEpochMs    sent as {@code Lambda-Runtime-Deadline-Ms}
     * @param invokedFunctionArn sent as {@code Lambda-Runtime-Invoked-Function-Arn}: the ARN the caller invoked (the
     *                           function's, or qualified with the version or alias the caller named), per invocation
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next">Runtime API: next invocation</a>
     */
    PendingInvocation submit(String requestId, byte[] payload, long deadlineEpochMs, String invokedFunctionArn) {
        PendingInvocation invocation = new PendingInvocation(requestId, payload, deadlineEpochMs,
                Objects.requireNonNull(invokedFunctionArn, "invokedFunctionArn"), TraceHeader.unsampled(),
                new CompletableFuture<>());
        queue.add(invocation);
        return invocation;
    }

    /**
     * Forgets an invocation the caller gave up on (timeout): a late response to it is answered 400 like any
     * unknown request id, and it is not handed out if still queued.
     */
    void abandon(PendingInvocation invocation) {
        queue.remove(invocation);
        dispatched.remove(invocation.requestId());
        invocation.result().complete(RuntimeReply.error("Sandbox.Timedout", "abandoned"));
    }

    @Override
    public void close() {
        closed = true;
        // Let waiting polls answer "shutting down" first: stopping the server would cut their connections.
        long giveUp = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (activePolls.get() > 0 && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the threads are daemons and the socket is closed by now.
        }
        RuntimeReply gone = RuntimeReply.error("Runtime.Stopped", "the Runtime API was shut down");
        queue.forEach(invocation -> invocation.result().complete(gone));
        dispatched.values().forEach(invocation -> invocation.result().complete(gone));
    }

    private void handle(Exchange exchange) {
        try {
            String path = exchange.path();
            String method = exchange.method();
            if (!path.startsWith(PREFIX)) {
                send(exchange, 404, error("NotFound", "Unknown Runtime API path " + path));
                return;
            }
            String rest = path.substring(PREFIX.length());
            if (rest.equals("invocation/next")) {
                requireMethod(exchange, method, "GET", () -> next(exchange));
            } else if (rest.equals("init/error")) {
                requireMethod(exchange, method, "POST", () -> initError(exchange));
            } else if (rest.startsWith("invocation/") && rest.endsWith("/response")) {
                String requestId = rest.substring("invocation/".length(), rest.length() - "/response".length());
                requireMethod(exchange, method, "POST", () -> response(exchange, requestId));
            } else if (rest.startsWith("invocation/") && rest.endsWith("/error")) {
                String requestId = rest.substring("invocation/".length(), rest.length() - "/error".length());
                requireMethod(exchange, method, "POST", () -> invocationError(exchange, requestId));
            } else {
                send(exchange, 404, error("NotFound", "Unknown Runtime API path " + path));
            }
        } catch (IOException | RuntimeException e) {
            // The runtime went away mid-exchange (killed, timed out): nothing to answer, nothing to crash.
            exchange.abort(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.abort(e);
        }
    }

    private interface ExchangeAction {
        void run() throws IOException, InterruptedException;
    }

    private void requireMethod(Exchange exchange, String method, String expected, ExchangeAction action)
            throws IOException, InterruptedException {
        if (!expected.equals(method)) {
            exchange.header("Allow", expected);
            send(exchange, 405, error("MethodNotAllowed", method + " is not allowed here; use " + expected));
            return;
        }
        action.run();
    }

    private void next(Exchange exchange) throws IOException, InterruptedException {
        activePolls.incrementAndGet();
        try {
            poll(exchange);
        } finally {
            activePolls.decrementAndGet();
        }
    }

    private void poll(Exchange exchange) throws IOException, InterruptedException {
        firstPoll.complete(null);
        PendingInvocation invocation = null;
        while (invocation == null) {
            if (closed) {
                // 500 is the Runtime API's "container error: exit" answer.
                send(exchange, 500, error("Runtime.Stopped", "the local runtime is shutting down"));
                return;
            }
            invocation = queue.poll(POLL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            if (invocation != null && invocation.result().isDone()) {
                invocation = null; // abandoned while queued
            }
        }
        oversizedResponses.clear(); // a runtime asking for work has finished reporting the last one
        dispatched.put(invocation.requestId(), invocation);
        exchange.header("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.header("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMs()));
        exchange.header("Lambda-Runtime-Invoked-Function-Arn", invocation.invokedFunctionArn());
        exchange.header("Lambda-Runtime-Trace-Id", invocation.traceHeader());
        send(exchange, 200, invocation.payload());
    }

    private void response(Exchange exchange, String requestId) throws IOException {
        PendingInvocation invocation = dispatched.get(requestId);
        if (invocation == null) {
            drain(exchange.body());
            send(exchange, 400, unknownRequest(requestId));
            return;
        }
        byte[] body = readAtMost(exchange.body(), MAX_RESPONSE_BYTES + 1);
        dispatched.remove(requestId);
        if (body.length > MAX_RESPONSE_BYTES) {
            drain(exchange.body());
            // The Runtime Interface Client answers a 413 by reporting an error for the same invocation; that
            // report is accepted (and ignored) so that the runtime carries on instead of exiting.
            oversizedResponses.add(requestId);
            invocation.result().complete(RuntimeReply.error("Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
            send(exchange, 413, error("RequestEntityTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
            return;
        }
        // Complete before answering: a runtime that exits right after its 202 must not look like a crash.
        invocation.result().complete(RuntimeReply.success(new String(body, StandardCharsets.UTF_8)));
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void invocationError(Exchange exchange, String requestId) throws IOException {
        if (oversizedResponses.remove(requestId)) {
            drain(exchange.body());
            send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        PendingInvocation invocation = dispatched.get(requestId);
        if (invocation == null) {
            drain(exchange.body());
            send(exchange, 400, unknownRequest(requestId));
            return;
        }
        RuntimeReply reply = parseError(exchange);
        dispatched.remove(requestId);
        invocation.result().complete(reply);
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void initError(Exchange exchange) throws IOException {
        initError.complete(parseError(exchange));
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads an error document ({@code errorMessage}, {@code errorType}, {@code stackTrace}). A body that is not
     * such a document still yields an error: its text becomes the message.
     */
    private static RuntimeReply parseError(Exchange exchange) throws IOException {
        String headerType = exchange.requestHeader("Lambda-Runtime-Function-Error-Type");
        byte[] body = readAtMost(exchange.body(), MAX_ERROR_BYTES);
        drain(exchange.body());
        String text = new String(body, StandardCharsets.UTF_8);
        String type = null;
        String message = null;
        try {
            JsonNode document = JSON.readTree(text);
            if (document != null && document.isObject()) {
                type = textOrNull(document.get("errorType"));
                message = textOrNull(document.get("errorMessage"));
            }
        } catch (IOException notJson) {
            message = text.isBlank() ? null : text;
        }
        if (type == null || type.isBlank()) {
            type = headerType == null || headerType.isBlank() ? "Unhandled" : headerType;
        }
        if (message == null) {
            message = text.isBlank() ? "(no error message)" : text;
        }
        return new RuntimeReply(false, null, type, truncate(message), headerType);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static byte[] unknownRequest(String requestId) {
        return error("InvalidRequestID", "Invalid request ID: " + requestId
                + " (unknown, already answered, or given up on after a timeout)");
    }

    private static byte[] error(String type, String message) {
        try {
            return JSON.writeValueAsBytes(Map.of("errorType", type, "errorMessage", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    private static void send(Exchange exchange, int status, byte[] body) {
        exchange.send(status, body);
    }

    /** One request and its answer: Jetty's request, response and completion callback, used from one thread. */
    private static final class Exchange {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private InputStream body;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        String method() {
            return request.getMethod();
        }

        String path() {
            String path = request.getHttpURI().getPath();
            return path == null ? "/" : path;
        }

        String requestHeader(String name) {
            return request.getHeaders().get(name);
        }

        InputStream body() {
            if (body == null) {
                body = Content.Source.asInputStream(request);
            }
            return body;
        }

        void header(String name, String value) {
            response.getHeaders().put(name, value);
        }

        /** Answers and completes the exchange (Jetty writes the body and ends the response). */
        void send(int status, byte[] bytes) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }

        /** Ends an exchange that failed before it was answered (the connection is gone). */
        void abort(Throwable why) {
            callback.failed(why);
        }
    }

    /**
     * Answers what Jetty refuses before this server's handler sees a request (a malformed request line, broken
     * framing, oversized headers) in the Runtime API's error shape ({@code errorType}, {@code errorMessage}) as a
     * 4xx, never an HTML page: the runtime is at fault in every such case.
     */
    private static final class RuntimeApiErrorHandler extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() >= 400 && response.getStatus() < 500 ? response.getStatus() : HttpStatus.BAD_REQUEST_400;
            response.setStatus(status);
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, "application/json");
            headers.remove(HttpHeader.CACHE_CONTROL);
            response.write(true, ByteBuffer.wrap(error("InvalidRequest", HttpStatus.getMessage(status))), callback);
            return true;
        }
    }

    /** An invocation queued for, or handed to, the runtime. */
    record PendingInvocation(String requestId, byte[] payload, long deadlineEpochMs, String invokedFunctionArn,
            String traceHeader, CompletableFuture<RuntimeReply> result) {
    }

    /**
     * What the runtime answered: a response payload, or an error type and message.
     *
     * @param errorType    the error document's {@code errorType} (the Java client's: the exception's class), what the
     *                     caller gets; else the header's
     * @param reportedType the {@code Lambda-Runtime-Function-Error-Type} header the runtime sent, {@code null} if none:
     *                     what Lambda's platform log lines name ({@link InvocationReport#platformErrorType})
     */
    record RuntimeReply(boolean success, String body, String errorType, String errorMessage, String reportedType) {

        static RuntimeReply success(String body) {
            return new RuntimeReply(true, body, null, null, null);
        }

        static RuntimeReply error(String type, String message) {
            return new RuntimeReply(false, null, type, message, null);
        }
    }
}
