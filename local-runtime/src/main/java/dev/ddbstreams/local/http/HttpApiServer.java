package dev.ddbstreams.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddbstreams.local.http.PayloadFormatV2.ApiContext;
import dev.ddbstreams.local.http.PayloadFormatV2.HttpReply;
import dev.ddbstreams.local.http.RouteTable.RouteMatch;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.wiring.HttpApiSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The HTTP API on 127.0.0.1, as API Gateway serves an HTTP API with Lambda proxy integrations (payload
 * format 2.0): route selection, the request event in AWS's exact shape, the function's response mapped
 * back, throttling, the 10 MB request limit, and API Gateway's own error answers
 * ({@code {"message":"Not Found"}} and the like). Requests to different functions run in parallel on a
 * bounded pool of threads.
 *
 * <p>Two local routes are served by the server itself: {@code GET /_local/health} and
 * {@code GET /_local/status} (the JSON of the status supplier given to the builder).
 *
 * <pre>{@code
 * HttpApiServer api = HttpApiServer.builder()
 *         .port(8080)
 *         .api(wiring.httpApi())
 *         .invoker(functionRuntime)
 *         .status(() -> statusReport())
 *         .requestListener(request -> System.out.println(request.toLogLine()))
 *         .start();
 * }</pre>
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP API Lambda integrations</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html">HTTP API quotas (10 MB payload)</a>
 */
public final class HttpApiServer implements AutoCloseable {

    static {
        // The JDK HttpServer reads this once, when its first server is created: without TCP_NODELAY each
        // small response waits for the client's delayed ACK (about +40 ms per request).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final int DEFAULT_PORT = 8080;
    /** API Gateway's HTTP API payload limit. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** Lambda's limit for a synchronous invocation's request payload: API Gateway cannot invoke with more. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    static final String SOURCE = "http-api";
    private static final long DRAIN_LIMIT_BYTES = 64L * 1024 * 1024;

    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper STATUS_JSON = statusMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteTable routes;
    private final TokenBucket throttle;
    private final FunctionInvoker invoker;
    private final Supplier<?> status;
    private final HttpRequestListener listener;
    private final ApiContext api;

    private HttpApiServer(Builder builder) {
        HttpApiSpec spec = Objects.requireNonNull(builder.spec, "api (the wiring's httpApi) is required");
        this.invoker = Objects.requireNonNull(builder.invoker, "invoker is required");
        this.routes = new RouteTable(spec.routes());
        this.throttle = spec.throttlingRateLimit() > 0 && spec.throttlingBurstLimit() > 0
                ? new TokenBucket(spec.throttlingRateLimit(), spec.throttlingBurstLimit(), builder.nanoTime)
                : null;
        this.status = builder.status;
        this.listener = builder.listener;
        this.api = new ApiContext(builder.accountId, builder.apiId);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(builder.threads, runnable -> {
            Thread thread = new Thread(runnable, "http-api-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 0);
        } catch (BindException e) {
            executor.shutdownNow();
            throw new IllegalStateException("The HTTP API cannot listen on 127.0.0.1:" + builder.port
                    + ": the port is in use (choose another one)", e);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("The HTTP API cannot listen on 127.0.0.1:" + builder.port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on (the chosen one when built with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops listening and drops requests in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        long startNanos = System.nanoTime();
        String requestId = newRequestId();
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath == null || rawPath.isEmpty()) {
            rawPath = "/";
        }
        RouteMatch route = null;
        Invocation invocation = null;
        HttpReply reply;
        try {
            if (rawPath.startsWith("/_local/")) {
                reply = local(method, rawPath);
            } else if (throttle != null && !throttle.tryAcquire()) {
                reply = HttpReply.message(429, "Too Many Requests");
            } else {
                route = routes.match(method, rawPath).orElse(null);
                if (route == null) {
                    reply = HttpReply.message(404, "Not Found");
                } else {
                    byte[] body;
                    try {
                        body = readBody(exchange);
                    } catch (IOException brokenFraming) {
                        body = BROKEN_BODY;
                    }
                    if (body == BROKEN_BODY) {
                        // A body that breaks HTTP framing (bad chunk size, shorter than announced, cut off) is the
                        // client's fault: API Gateway rejects it at its edge with a 400, never a 5xx.
                        reply = HttpReply.message(400, "Bad Request");
                    } else if (body == null) {
                        reply = HttpReply.message(413, "Request Entity Too Large");
                    } else {
                        IncomingRequest request = incoming(exchange, method, rawPath, body, requestId);
                        byte[] event = PayloadFormatV2.event(request, route, api).toString()
                                .getBytes(StandardCharsets.UTF_8);
                        if (event.length > MAX_EVENT_BYTES) {
                            reply = HttpReply.message(413, "Request Entity Too Large");
                        } else {
                            invocation = invoker.invoke(route.function(), new String(event, StandardCharsets.UTF_8),
                                    SOURCE);
                            reply = reply(route.function(), invocation);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            reply = PayloadFormatV2.internalServerError();
        }
        int status = send(exchange, method, reply, requestId);
        if (listener != null) {
            try {
                listener.onRequest(new HttpRequestLog(requestId, method, rawPath, route == null ? null : route.routeKey(),
                        route == null ? null : route.function(), status,
                        Duration.ofNanos(System.nanoTime() - startNanos), invocation));
            } catch (RuntimeException e) {
                // A logging problem must not affect serving.
            }
        }
    }

    /** What API Gateway answers for an invocation's result. */
    static HttpReply reply(String function, Invocation invocation) {
        return switch (invocation.outcome()) {
            case SUCCESS -> PayloadFormatV2.response(invocation.responseJson());
            // Not API Gateway's words (it has no such case): says which function, never a stack trace.
            case INIT_ERROR -> HttpReply.message(503, "Service Unavailable: function " + function
                    + " could not start (" + firstLine(invocation.errorType() + ": " + invocation.errorMessage())
                    + "); see the local runtime's output");
            case FUNCTION_ERROR, TIMEOUT, PROCESS_EXITED -> PayloadFormatV2.internalServerError();
        };
    }

    private HttpReply local(String method, String rawPath) throws IOException {
        boolean health = rawPath.equals("/_local/health");
        boolean statusPath = rawPath.equals("/_local/status") && status != null;
        if (!health && !statusPath) {
            return HttpReply.message(404, "Not Found");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new HttpReply(405, List.of(Map.entry("Content-Type", "application/json"), Map.entry("Allow", "GET")),
                    "{\"message\":\"Method Not Allowed\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (health) {
            return HttpReply.json(200, "{\"status\":\"ok\"}");
        }
        return HttpReply.json(200, STATUS_JSON.writeValueAsString(status.get()));
    }

    /**
     * The body, or {@code null} when it is over the limit. An oversized body is drained (up to a bound) so that
     * the client, still sending, gets to read the 413 instead of a reset connection.
     */
    /** Marks a request body that could not be read because its HTTP framing is broken. */
    private static final byte[] BROKEN_BODY = new byte[0];

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length <= MAX_REQUEST_BYTES) {
            return body;
        }
        byte[] buffer = new byte[64 * 1024];
        long drained = 0;
        int read;
        while (drained < DRAIN_LIMIT_BYTES && (read = in.read(buffer)) != -1) {
            drained += read;
        }
        return null;
    }

    private static IncomingRequest incoming(HttpExchange exchange, String method, String rawPath, byte[] body,
            String requestId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        return new IncomingRequest(method, rawPath, exchange.getRequestURI().getRawQuery(), headers, body,
                exchange.getProtocol(), exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getLocalAddress().getPort(), requestId, System.currentTimeMillis(), newTraceId());
    }

    /** Sends the reply; returns the status sent (or 500 when the reply could not be sent as built). */
    private static int send(HttpExchange exchange, String method, HttpReply reply, String requestId) {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            reply.headers().forEach(header -> {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    headers.add(header.getKey(), header.getValue());
                }
            });
            headers.set("Apigw-Requestid", requestId);
            boolean noBody = method.equals("HEAD") || reply.status() == 204 || reply.status() == 304
                    || reply.body().length == 0;
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
            return reply.status();
        } catch (IOException | RuntimeException e) {
            return reply.status(); // the client went away, or a header value was unusable: nothing more to do
        }
    }

    /** Pretty JSON; java.time values as ISO-8601 text when the JSR-310 module is on the class path. */
    private static ObjectMapper statusMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        try {
            mapper.findAndRegisterModules();
        } catch (RuntimeException | LinkageError incompatibleModule) {
            // A module built for another Jackson must not take the HTTP API down: plain mapping it is.
        }
        return mapper;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** API Gateway request ids look like {@code JKJaXmPLvHcESHA=}. */
    private static String newRequestId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).replace('+', 'A').replace('/', 'B');
    }

    private static String newTraceId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "Root=1-" + String.format("%08x", System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(bytes);
    }

    /** Configures an {@link HttpApiServer}; {@link #api} and {@link #invoker} are required. */
    public static final class Builder {

        private int port = DEFAULT_PORT;
        private HttpApiSpec spec;
        private FunctionInvoker invoker;
        private Supplier<?> status;
        private HttpRequestListener listener;
        private int threads = 16;
        private String accountId = "000000000000";
        private String apiId = "local";
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        /** The port on 127.0.0.1; default 8080, 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
            this.port = port;
            return this;
        }

        /** Routes and throttling, from the wiring ({@code Wiring.httpApi()}). Rate or burst 0: no throttling. */
        public Builder api(HttpApiSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder invoker(FunctionInvoker invoker) {
            this.invoker = invoker;
            return this;
        }

        /** What {@code GET /_local/status} serialises (with Jackson); without it that route is 404. */
        public Builder status(Supplier<?> status) {
            this.status = status;
            return this;
        }

        /** Told about each request once answered (for one log line per request); default none. */
        public Builder requestListener(HttpRequestListener listener) {
            this.listener = listener;
            return this;
        }

        /** Requests served at once (the rest wait); default 16. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** {@code requestContext.accountId}; default {@code 000000000000}. */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId);
            return this;
        }

        /** {@code requestContext.apiId}; default {@code local}. */
        public Builder apiId(String apiId) {
            this.apiId = Objects.requireNonNull(apiId);
            return this;
        }

        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        /**
         * Binds 127.0.0.1 on the port and starts serving.
         *
         * @throws IllegalStateException when the port is in use
         */
        public HttpApiServer start() {
            return new HttpApiServer(this);
        }
    }
}
