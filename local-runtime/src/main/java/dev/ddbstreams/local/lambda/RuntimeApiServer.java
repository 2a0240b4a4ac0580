package dev.ddbstreams.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API (version 2018-06-01) for ONE function process, on a JDK {@link HttpServer} bound to
 * 127.0.0.1 on a free port. The Runtime Interface Client only knows fixed paths, so the port is what tells
 * function processes apart: one server per process keeps the state machine trivial (at most one invocation
 * in flight, as in a Lambda execution environment).
 *
 * <p>Anything a misbehaving runtime can send (unknown or late request ids, a response after a timeout,
 * malformed error bodies, oversized payloads, unknown paths) is answered with a 4xx JSON error and never
 * disturbs the server or another invocation.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Using the Lambda runtime API for custom runtimes</a>
 */
final class RuntimeApiServer implements AutoCloseable {

    static {
        enableTcpNoDelay();
    }

    /**
     * The JDK HttpServer reads {@code sun.net.httpserver.nodelay} once, when its configuration class
     * initialises (first server created in this JVM). Without TCP_NODELAY each small response waits for the
     * client's delayed ACK (Nagle's algorithm): about +40 ms on every Runtime API call. Set here (class
     * initialisation, and again by {@link FunctionRuntime} before anything runs) unless chosen on the
     * command line.
     */
    static void enableTcpNoDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Lambda's limit for a synchronous invocation's response (6 MB), from the Lambda quotas page. */
    static final int MAX_RESPONSE_BYTES = 6_291_556;
    /** Error documents are small; a bigger body is truncated, not rejected, so the error is still reported. */
    private static final int MAX_ERROR_BYTES = 1_048_576;
    private static final int MAX_MESSAGE_CHARS = 8_192;

    static final String PREFIX = "/2018-06-01/runtime/";
    /** How long an idle /next poll waits between checks for shutdown. */
    private static final Duration POLL_CHECK = Duration.ofMillis(250);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, PendingInvocation> dispatched = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> initError = new CompletableFuture<>();
    private final Set<String> oversizedResponses = ConcurrentHashMap.newKeySet();
    private final AtomicInteger activePolls = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Binds a new server on 127.0.0.1 and a free port and starts it.
     *
     * @param functionArn sent as {@code Lambda-Runtime-Invoked-Function-Arn}
     */
    RuntimeApiServer(String functionArn) throws IOException {
        this.functionArn = functionArn;
        int id = SERVER_IDS.incrementAndGet();
        // Cached pool: the long-poll on /next holds one thread per waiting runtime; everything else is short.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api-" + id);
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
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
     * @param deadlineEpochMs sent as {@code Lambda-Runtime-Deadline-Ms}
     */
    PendingInvocation submit(String requestId, byte[] payload, long deadlineEpochMs) {
        PendingInvocation invocation = new PendingInvocation(requestId, payload, deadlineEpochMs,
                TraceHeader.unsampled(), new CompletableFuture<>());
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
        // Let waiting polls answer "shutting down" first: stop(0) would cut their connections, and the HTTP
        // stop(delay) of JDK 17 waits out the whole delay even when nothing is running.
        long giveUp = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (activePolls.get() > 0 && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdownNow();
        RuntimeReply gone = RuntimeReply.error("Runtime.Stopped", "the Runtime API was shut down");
        queue.forEach(invocation -> invocation.result().complete(gone));
        dispatched.values().forEach(invocation -> invocation.result().complete(gone));
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface ExchangeAction {
        void run() throws IOException, InterruptedException;
    }

    private void requireMethod(HttpExchange exchange, String method, String expected, ExchangeAction action)
            throws IOException, InterruptedException {
        if (!expected.equals(method)) {
            exchange.getResponseHeaders().set("Allow", expected);
            send(exchange, 405, error("MethodNotAllowed", method + " is not allowed here; use " + expected));
            return;
        }
        action.run();
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        activePolls.incrementAndGet();
        try {
            poll(exchange);
        } finally {
            activePolls.decrementAndGet();
        }
    }

    private void poll(HttpExchange exchange) throws IOException, InterruptedException {
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
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceHeader());
        send(exchange, 200, invocation.payload());
    }

    private void response(HttpExchange exchange, String requestId) throws IOException {
        PendingInvocation invocation = dispatched.get(requestId);
        if (invocation == null) {
            drain(exchange.getRequestBody());
            send(exchange, 400, unknownRequest(requestId));
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES + 1);
        dispatched.remove(requestId);
        if (body.length > MAX_RESPONSE_BYTES) {
            drain(exchange.getRequestBody());
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

    private void invocationError(HttpExchange exchange, String requestId) throws IOException {
        if (oversizedResponses.remove(requestId)) {
            drain(exchange.getRequestBody());
            send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        PendingInvocation invocation = dispatched.get(requestId);
        if (invocation == null) {
            drain(exchange.getRequestBody());
            send(exchange, 400, unknownRequest(requestId));
            return;
        }
        RuntimeReply reply = parseError(exchange);
        dispatched.remove(requestId);
        invocation.result().complete(reply);
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void initError(HttpExchange exchange) throws IOException {
        initError.complete(parseError(exchange));
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads an error document ({@code errorMessage}, {@code errorType}, {@code stackTrace}). A body that is not
     * such a document still yields an error: its text becomes the message.
     */
    private static RuntimeReply parseError(HttpExchange exchange) throws IOException {
        String headerType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_ERROR_BYTES);
        drain(exchange.getRequestBody());
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
        return RuntimeReply.error(type, truncate(message));
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

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An invocation queued for, or handed to, the runtime. */
    record PendingInvocation(String requestId, byte[] payload, long deadlineEpochMs, String traceHeader,
            CompletableFuture<RuntimeReply> result) {
    }

    /** What the runtime answered: a response payload, or an error type and message. */
    record RuntimeReply(boolean success, String body, String errorType, String errorMessage) {

        static RuntimeReply success(String body) {
            return new RuntimeReply(true, body, null, null);
        }

        static RuntimeReply error(String type, String message) {
            return new RuntimeReply(false, null, type, message);
        }
    }
}
