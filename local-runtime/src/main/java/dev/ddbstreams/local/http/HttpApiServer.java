package dev.ddbstreams.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ddbstreams.endpoint.apigateway.ExecuteApiHandler;
import dev.ddbstreams.endpoint.apigateway.HttpReply;
import dev.ddbstreams.endpoint.apigateway.IncomingRequest;
import dev.ddbstreams.endpoint.apigateway.PayloadFormatV2;
import dev.ddbstreams.endpoint.apigateway.PayloadFormatV2.ApiContext;
import dev.ddbstreams.endpoint.apigateway.RouteTable;
import dev.ddbstreams.endpoint.apigateway.RouteTable.RouteMatch;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.wiring.HttpApiSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP API on 127.0.0.1, as API Gateway serves an HTTP API with Lambda proxy integrations (payload
 * format 2.0): route selection, the request event in AWS's exact shape, the function's response mapped
 * back, throttling, the 10 MB request limit, and API Gateway's own error answers
 * ({@code {"message":"Not Found"}} and the like). Requests to different functions run in parallel on a
 * bounded pool of threads.
 *
 * <p>Served by Jetty's core API (no servlets). Whatever Jetty refuses before this class sees a request
 * (malformed request line or percent-encoding in the path, broken framing, headers over API Gateway's 10,240
 * bytes, an unknown HTTP version) is answered by {@link ApiGatewayErrorHandler} in API Gateway's JSON error
 * shape. Paths that are unusual but well-formed ({@code //notes}, {@code /notes/%2F}, {@code /notes/..}) reach
 * route selection as sent, as they reach API Gateway's, and get its {@code {"message":"Not Found"}} when no
 * route matches.
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

    public static final int DEFAULT_PORT = 8080;
    /** API Gateway's HTTP API payload limit. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** Lambda's limit for a synchronous invocation's request payload: API Gateway cannot invoke with more. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    static final String SOURCE = "http-api";
    /** API Gateway's header naming the request, on every answer it gives. */
    static final String REQUEST_ID_HEADER = "Apigw-Requestid";
    /**
     * API Gateway's HTTP API quota for the request line and headers together; Jetty's request header buffer
     * holds both, so larger requests are refused by Jetty (431, or 414 for a long request line).
     */
    static final int MAX_REQUEST_LINE_AND_HEADER_BYTES = 10_240;
    private static final long DRAIN_LIMIT_BYTES = 64L * 1024 * 1024;
    /** Jetty's own threads besides the request threads: the acceptor and the selector, plus one spare. */
    private static final int SERVER_THREADS = 3;
    /** Longer than any function's timeout: a connection waiting for its invocation is not idle for the client. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    /** Raw paths passed on as sent, broken percent-encoding refused: as on the edge's execute-api. */
    private static final UriCompliance URI_COMPLIANCE = ExecuteApiHandler.RAW_PATHS;

    private static final ObjectMapper STATUS_JSON = statusMapper();

    private final Server server;
    private final ServerConnector connector;
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
        QueuedThreadPool threads = new QueuedThreadPool(builder.threads + SERVER_THREADS, SERVER_THREADS);
        threads.setName("http-api");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_LINE_AND_HEADER_BYTES);
        http.setUriCompliance(URI_COMPLIANCE);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(builder.port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setErrorHandler(new ApiGatewayErrorHandler());
        server.setHandler(new ApiHandler());
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            if (hasCause(e, BindException.class)) {
                throw new IllegalStateException("The HTTP API cannot listen on 127.0.0.1:" + builder.port
                        + ": the port is in use (choose another one)", e);
            }
            throw new IllegalStateException("The HTTP API cannot listen on 127.0.0.1:" + builder.port + ": " + e, e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on (the chosen one when built with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops listening and drops requests in progress. */
    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            server.setStopTimeout(0);
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the threads are daemons and the socket is closed by now.
        }
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Every request Jetty could parse; runs on one of the bounded pool's threads (it blocks on the invocation). */
    private final class ApiHandler extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            serve(request, response, callback);
            return true;
        }
    }

    private void serve(Request request, Response response, Callback callback) {
        long startNanos = System.nanoTime();
        String requestId = newRequestId();
        String method = request.getMethod();
        HttpURI uri = request.getHttpURI();
        String rawPath = uri.getPath();
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
                        body = readBody(request);
                    } catch (IOException | RuntimeException brokenFraming) {
                        body = BROKEN_BODY;
                    }
                    if (body == BROKEN_BODY) {
                        // A body that breaks HTTP framing (bad chunk size, shorter than announced, cut off) is the
                        // client's fault: API Gateway rejects it at its edge with a 400, never a 5xx.
                        reply = HttpReply.message(400, "Bad Request");
                    } else if (body == null) {
                        reply = HttpReply.message(413, "Request Entity Too Large");
                    } else {
                        IncomingRequest incoming = incoming(request, method, rawPath, uri.getQuery(), body, requestId);
                        byte[] event = PayloadFormatV2.event(incoming, route, api).toString()
                                .getBytes(StandardCharsets.UTF_8);
                        if (event.length > MAX_EVENT_BYTES) {
                            reply = HttpReply.message(413, "Request Entity Too Large");
                        } else {
                            invocation = invoker.invoke(route.target(), new String(event, StandardCharsets.UTF_8),
                                    SOURCE);
                            reply = reply(route.target(), invocation);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            reply = HttpReply.internalServerError();
        }
        RouteMatch matched = route;
        Invocation invoked = invocation;
        String path = rawPath;
        int status = reply.status();
        send(request, response, reply, requestId, Callback.from(callback, () -> log(new HttpRequestLog(requestId, method,
                path, matched == null ? null : matched.routeKey(), matched == null ? null : matched.target(),
                status, Duration.ofNanos(System.nanoTime() - startNanos), invoked))));
    }

    private void log(HttpRequestLog entry) {
        if (listener != null) {
            try {
                listener.onRequest(entry);
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
            case FUNCTION_ERROR, TIMEOUT, PROCESS_EXITED -> HttpReply.internalServerError();
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

    /** Marks a request body that could not be read because its HTTP framing is broken. */
    private static final byte[] BROKEN_BODY = new byte[0];

    /**
     * The body, or {@code null} when it is over the limit. An oversized body is drained (up to a bound) so that
     * the client, still sending, gets to read the 413 instead of a reset connection.
     */
    private static byte[] readBody(Request request) throws IOException {
        InputStream in = Request.asInputStream(request);
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

    private static IncomingRequest incoming(Request request, String method, String rawPath, String rawQuery,
            byte[] body, String requestId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            headers.add(Map.entry(field.getName(), field.getValue() == null ? "" : field.getValue()));
        }
        return new IncomingRequest(method, rawPath, rawQuery, headers, body,
                request.getConnectionMetaData().getProtocol(), Request.getRemoteAddr(request),
                Request.getLocalPort(request), requestId, System.currentTimeMillis(), newTraceId());
    }

    /** Sends the reply, with the headers HTTP can carry ({@link HttpReply#sendableHeaders()}). */
    private static void send(Request request, Response response, HttpReply reply, String requestId, Callback callback) {
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        reply.sendableHeaders().forEach(header -> headers.add(header.getKey(), header.getValue()));
        headers.put(REQUEST_ID_HEADER, requestId);
        boolean noBody = request.getMethod().equals("HEAD") || reply.status() == 204 || reply.status() == 304
                || reply.body().length == 0;
        response.write(true, noBody ? null : ByteBuffer.wrap(reply.body()), callback);
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
    static String newRequestId() {
        return IncomingRequest.newRequestId();
    }

    private static String newTraceId() {
        return IncomingRequest.newTraceId();
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
