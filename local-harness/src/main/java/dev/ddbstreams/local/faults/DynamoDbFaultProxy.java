package dev.ddbstreams.local.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A loopback HTTP proxy in front of the DynamoDB engine that fails a fraction of the write requests with the errors
 * DynamoDB returns under load (400 {@code ThrottlingException} / {@code ProvisionedThroughputExceededException},
 * 500 {@code InternalServerError}). The functions reach it through {@code AWS_ENDPOINT_URL_DYNAMODB}, so their
 * unchanged jars, with their SDK's own retries, meet the faults exactly as they would meet them in AWS.
 *
 * <p>Each client (a function) gets a listener of its own on 127.0.0.1, so faults and figures are per
 * function and each can have its own {@link WriteFaultPolicy}. Every other request (reads, streams, control
 * plane) is forwarded unchanged. The SDK's {@code amz-sdk-request: attempt=N; max=M} header is read to count the
 * SDK retries the faults caused.
 *
 * <pre>{@code
 * try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(42, function -> WriteFaultPolicy.evenly(0.05, 0.5))) {
 *     URI endpoint = proxy.endpointFor("game-scores", dynamoDbLocal.endpoint());
 *     ...
 *     proxy.faultsEnabled(false);
 *     System.out.println(proxy.stats());
 * }
 * }</pre>
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints</a>
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html">SDK retry behavior</a>
 */
public final class DynamoDbFaultProxy implements AutoCloseable {

    static {
        // Without TCP_NODELAY each small answer of the JDK HttpServer waits for the client's delayed ACK (~40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The DynamoDB operations that write (the {@code X-Amz-Target} suffix). */
    public static final Set<String> WRITE_OPERATIONS = Set.of("PutItem", "UpdateItem", "DeleteItem",
            "TransactWriteItems", "BatchWriteItem");
    private static final Set<String> NOT_FORWARDED_REQUEST_HEADERS = Set.of("host", "content-length", "connection",
            "expect", "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");
    private static final Set<String> NOT_COPIED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding",
            "connection", "keep-alive", "date");
    private static final Pattern ATTEMPT = Pattern.compile("attempt=(\\d+)");
    private static final Pattern MAX = Pattern.compile("max=(\\d+)");
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);

    private final Function<String, WriteFaultPolicy> policies;
    private final SplittableRandom random;
    private final ExecutorService executor;
    private final HttpClient upstreamClient;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private volatile URI upstream;
    private volatile boolean faultsEnabled = true;
    private volatile boolean closed;

    private DynamoDbFaultProxy(long seed, Function<String, WriteFaultPolicy> policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.random = new SplittableRandom(seed);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-fault-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    }

    /**
     * A proxy with no listener yet.
     *
     * @param seed     seeds the fault draws (their order across concurrent clients follows arrival)
     * @param policies the policy of each client, by name (called once per client)
     */
    public static DynamoDbFaultProxy start(long seed, Function<String, WriteFaultPolicy> policies) {
        return new DynamoDbFaultProxy(seed, policies);
    }

    /**
     * The endpoint for {@code client}, listening on 127.0.0.1 from the first call on (the same port afterwards,
     * across restarts of what it fronts), and sets {@code upstream} as what every listener forwards to.
     */
    public URI endpointFor(String client, URI upstream) {
        upstream(upstream);
        return listeners.computeIfAbsent(client, name -> new Listener(name, policies.apply(name))).endpoint();
    }

    /** Where requests go from now on (the DynamoDB engine's endpoint, which changes when it restarts). */
    public void upstream(URI endpoint) {
        this.upstream = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Turns fault injection on or off; requests are forwarded either way. */
    public void faultsEnabled(boolean enabled) {
        this.faultsEnabled = enabled;
    }

    public boolean faultsEnabled() {
        return faultsEnabled;
    }

    /** The figures so far, per client and in total. */
    public ProxyStats stats() {
        Map<String, ProxyStats.ClientStats> clients = new TreeMap<>();
        listeners.forEach((name, listener) -> clients.put(name, listener.snapshot()));
        return new ProxyStats(clients);
    }

    @Override
    public void close() {
        closed = true;
        listeners.values().forEach(listener -> listener.server.stop(0));
        executor.shutdownNow();
    }

    private WriteFault draw(WriteFaultPolicy policy) {
        synchronized (random) {
            if (random.nextDouble() >= policy.rate()) {
                return null;
            }
            return policy.kind(random.nextDouble(), random.nextDouble());
        }
    }

    /** One client's port and counters. */
    private final class Listener {

        final String client;
        final WriteFaultPolicy policy;
        final HttpServer server;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong sdkRetries = new AtomicLong();
        final AtomicLong upstreamFailures = new AtomicLong();
        final LongAccumulator highestAttempt = new LongAccumulator(Math::max, 0);
        final LongAccumulator configuredMaxAttempts = new LongAccumulator(Math::max, 0);
        final Map<WriteFault, AtomicLong> injected = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> injectedByOperation = new ConcurrentHashMap<>();

        Listener(String client, WriteFaultPolicy policy) {
            this.client = client;
            this.policy = Objects.requireNonNull(policy, "policy of " + client);
            try {
                this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            } catch (IOException e) {
                throw new UncheckedIOException("The DynamoDB fault proxy cannot listen on 127.0.0.1", e);
            }
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        ProxyStats.ClientStats snapshot() {
            Map<WriteFault, Long> byKind = new TreeMap<>();
            injected.forEach((kind, count) -> byKind.put(kind, count.get()));
            Map<String, Long> byOperation = new TreeMap<>();
            injectedByOperation.forEach((operation, count) -> byOperation.put(operation, count.get()));
            return new ProxyStats.ClientStats(requests.get(), writes.get(), byKind, byOperation, sdkRetries.get(),
                    highestAttempt.get(), configuredMaxAttempts.get(), upstreamFailures.get());
        }

        private void handle(HttpExchange exchange) {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                requests.incrementAndGet();
                String operation = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                countAttempt(exchange.getRequestHeaders().getFirst("amz-sdk-request"));
                WriteFault fault = null;
                if (WRITE_OPERATIONS.contains(operation)) {
                    writes.incrementAndGet();
                    fault = faultsEnabled ? draw(policy) : null;
                }
                if (fault == null || fault.applied()) {
                    HttpResponse<byte[]> response = forward(exchange, body);
                    if (response == null) {
                        upstreamFailures.incrementAndGet();
                        answer(exchange, WriteFault.INTERNAL_SERVER_ERROR);
                        return;
                    }
                    if (fault == null) {
                        relay(exchange, response);
                        return;
                    }
                }
                injected.computeIfAbsent(fault, kind -> new AtomicLong()).incrementAndGet();
                injectedByOperation.computeIfAbsent(operation, name -> new AtomicLong()).incrementAndGet();
                answer(exchange, fault);
            } catch (IOException | RuntimeException e) {
                // The client went away; it retries or reports, as it would against AWS.
            }
        }

        private void countAttempt(String header) {
            if (header == null) {
                return;
            }
            Matcher attempt = ATTEMPT.matcher(header);
            if (attempt.find()) {
                long number = Long.parseLong(attempt.group(1));
                if (number > 1) {
                    sdkRetries.incrementAndGet();
                }
                highestAttempt.accumulate(number);
            }
            Matcher max = MAX.matcher(header);
            if (max.find()) {
                configuredMaxAttempts.accumulate(Long.parseLong(max.group(1)));
            }
        }

        private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) {
            URI target = upstream;
            if (target == null || closed) {
                return null;
            }
            try {
                String rawPath = exchange.getRequestURI().getRawPath();
                String query = exchange.getRequestURI().getRawQuery();
                URI uri = URI.create(target.toString().replaceAll("/+$", "")
                        + (rawPath == null || rawPath.isEmpty() ? "/" : rawPath) + (query == null ? "" : "?" + query));
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(UPSTREAM_TIMEOUT)
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                        values.forEach(value -> request.header(name, value));
                    }
                });
                return upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | RuntimeException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
            Map<String, List<String>> headers = new LinkedHashMap<>(response.headers().map());
            headers.forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith(":") && !NOT_COPIED_RESPONSE_HEADERS.contains(lower)) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            send(exchange, response.statusCode(), response.body());
        }

        private void answer(HttpExchange exchange, WriteFault fault) throws IOException {
            byte[] body = fault.body();
            CRC32 crc = new CRC32();
            crc.update(body);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString().replace("-", "")
                    .toUpperCase(Locale.ROOT));
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            send(exchange, fault.status(), body);
        }

        private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    static String operation(String target) {
        if (target == null) {
            return "";
        }
        int dot = target.lastIndexOf('.');
        return dot < 0 ? target : target.substring(dot + 1);
    }
}
