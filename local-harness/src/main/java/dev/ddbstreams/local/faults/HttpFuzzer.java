package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.lambda.FunctionStatus;
import dev.ddbstreams.local.wiring.HttpApiSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends a seeded {@link FuzzCorpus} of malformed and hostile requests to the local runtime's HTTP API on
 * 127.0.0.1 and checks every answer: never a 5xx, never no answer, every 4xx of the API with a JSON body, no
 * invalid input accepted, and afterwards no function process restarted or gone and the runtime still serving.
 * Bounded in count and time.
 *
 * <p>Requests the HTTP server refuses while parsing them (malformed request lines, framing or headers) never
 * reach a function, but are answered in API Gateway's shape all the same: a JSON error with an
 * {@code Apigw-Requestid}. An answer without one is a violation.
 */
public final class HttpFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param seed           seeds the corpus
     * @param requests       how many requests
     * @param concurrency    requests in flight at once
     * @param budget         the whole run's time limit; requests not sent by then are reported
     * @param requestTimeout connect and read timeout of each request
     */
    public record Settings(long seed, int requests, int concurrency, Duration budget, Duration requestTimeout) {

        public static Settings defaults() {
            return new Settings(20_240_917L, 2_000, 2, Duration.ofSeconds(150), Duration.ofSeconds(15));
        }

        public Settings withRequests(int count) {
            return new Settings(seed, count, concurrency, budget, requestTimeout);
        }

        public Settings withSeed(long value) {
            return new Settings(value, requests, concurrency, budget, requestTimeout);
        }
    }

    private HttpFuzzer() {
    }

    /**
     * A copy of what the runtime reads from the repository ({@link RepositorySnapshot}), its wiring without the HTTP
     * API's throttling (50 requests per second), so the fuzzer's requests reach the functions instead of a 429, and
     * a build in the working tree meanwhile cannot replace the jars under the running functions. Use the returned
     * directory as the runtime's repository root.
     */
    public static Path repositoryWithoutThrottling(Path repositoryRoot, Path directory) {
        Path snapshot = RepositorySnapshot.copy(repositoryRoot, directory);
        wiringWithoutThrottling(snapshot, snapshot.resolve("terraform"));
        try {
            Files.move(snapshot.resolve("terraform").resolve("wiring-without-throttling.json"),
                    snapshot.resolve("terraform").resolve("wiring.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return snapshot;
    }

    /**
     * A copy of the repository's wiring without the HTTP API's throttling (50 requests per second), so the
     * fuzzer's requests reach the functions instead of a 429; everything else is the real wiring.
     */
    public static Path wiringWithoutThrottling(Path repositoryRoot, Path directory) {
        Wiring wiring = Wiring.load(repositoryRoot.resolve("terraform").resolve("wiring.json"));
        Wiring unthrottled = new Wiring(wiring.tables(), wiring.kinesisStreams(), wiring.queues(), wiring.functions(),
                wiring.mappings(), new HttpApiSpec(0, 0, wiring.httpApi().routes()));
        try {
            Path file = directory.resolve("wiring-without-throttling.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), unthrottled);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fuzzer's wiring variant", e);
        }
    }

    /** The HTTP API on :8080: {@link FuzzCorpus} against the notes and users routes. */
    public static FuzzReport run(LocalRuntime runtime, Settings settings, Consumer<String> progress) {
        URI api = runtime.httpEndpoint();
        Map<String, String> ids = warmUp(api);
        progress.accept("fuzz: warmed up (note " + ids.get("{note}") + ", user " + ids.get("{user}") + ")");
        Map<String, FunctionStatus> before = statuses(runtime);
        Map<String, List<Long>> processesBefore = processes(runtime);

        List<FuzzRequest> corpus = FuzzCorpus.generate(settings.seed(), settings.requests());
        Sent sent = send(api.getPort(), corpus, ids, settings, progress);
        boolean healthy = healthy(api);
        Map<String, FunctionStatus> after = statuses(runtime);
        Map<String, List<Long>> processesAfter = processes(runtime);
        return FuzzReport.of("HTTP API", settings, sent.results(), corpus.size() - sent.results().size(), sent.duration(),
                healthy, crashes(before, after, processesBefore, processesAfter));
    }

    /**
     * The AWS edge ({@link LocalRuntime#awsEndpoint()}): {@link EdgeFuzzCorpus} against every service it serves.
     * Healthy afterwards means the edge still answers each kind of service (in-process, forwarded to the DynamoDB
     * engine, ElasticMQ and, when it runs, the Kinesis engine), the engines answer on their own ports, and the HTTP
     * API still answers {@code /_local/health}.
     */
    public static FuzzReport runEdge(LocalRuntime runtime, Settings settings, Consumer<String> progress) {
        URI edge = runtime.awsEndpoint();
        Map<String, String> ids = EdgeWarmUp.prepare(edge, runtime.kinesisEndpoint().isPresent());
        progress.accept("fuzz: edge warmed up (HTTP API " + ids.get("{api}") + ", queue " + ids.get("{queue}") + ")");
        Map<String, FunctionStatus> before = statuses(runtime);
        Map<String, List<Long>> processesBefore = processes(runtime);

        List<FuzzRequest> corpus = EdgeFuzzCorpus.generate(settings.seed(), settings.requests());
        Sent sent = send(edge.getPort(), corpus, ids, settings, progress);
        List<String> unhealthy = new ArrayList<>(EdgeWarmUp.unhealthy(edge, runtime));
        if (!healthy(runtime.httpEndpoint())) {
            unhealthy.add("the HTTP API did not answer /_local/health");
        }
        unhealthy.forEach(problem -> progress.accept("fuzz: after the edge run, " + problem));
        Map<String, FunctionStatus> after = statuses(runtime);
        Map<String, List<Long>> processesAfter = processes(runtime);
        List<String> crashes = new ArrayList<>(crashes(before, after, processesBefore, processesAfter));
        return FuzzReport.of("AWS edge", settings, sent.results(), corpus.size() - sent.results().size(), sent.duration(),
                unhealthy.isEmpty(), crashes);
    }

    private record Sent(List<FuzzReport.Result> results, Duration duration) {
    }

    /** Sends the corpus to 127.0.0.1:{@code port}, {@link Settings#concurrency()} at a time, within the budget. */
    private static Sent send(int port, List<FuzzRequest> corpus, Map<String, String> substitutions, Settings settings,
            Consumer<String> progress) {
        RawHttpClient client = new RawHttpClient("127.0.0.1", port, settings.requestTimeout());
        ConcurrentLinkedQueue<FuzzRequest> queue = new ConcurrentLinkedQueue<>(corpus);
        List<FuzzReport.Result> results = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        long deadline = started + settings.budget().toNanos();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread worker = new Thread(() -> {
                FuzzRequest request;
                while (System.nanoTime() < deadline && (request = queue.poll()) != null) {
                    RawHttpClient.RawResponse response = client.send(request, substitutions);
                    results.add(new FuzzReport.Result(request, response));
                    int count = sent.incrementAndGet();
                    if (count % 500 == 0) {
                        progress.accept("fuzz: " + count + " requests sent");
                    }
                }
            }, "http-fuzzer-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + settings.requestTimeout().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (results) {
            return new Sent(List.copyOf(results), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Creates a note and a user to aim at, and starts every instance of the HTTP functions. */
    private static Map<String, String> warmUp(URI api) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String note = create(http, api.resolve("/notes"), "{\"title\":\"fuzz target\",\"content\":\"hello fuzz\"}");
        String user = create(http, api.resolve("/users"), "{\"email\":\"fuzz@example.com\"}");
        // Concurrent reads, so that both execution environments of each HTTP function are started before the run.
        List<Thread> threads = new ArrayList<>();
        for (String path : List.of("/notes/" + note, "/notes/" + note, "/users/" + user, "/users/" + user)) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try {
                        http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Map.of("{note}", note, "{user}", user);
    }

    private static String create(HttpClient http, URI uri, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("warm-up POST " + uri + " answered " + response.statusCode() + " "
                        + response.body());
            }
            JsonNode created = JSON.readTree(response.body());
            return created.get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("warm-up POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static boolean healthy(URI api) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    api.resolve("/_local/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, FunctionStatus> statuses(LocalRuntime runtime) {
        Map<String, FunctionStatus> statuses = new TreeMap<>();
        runtime.functions().status().forEach(status -> statuses.put(status.name(), status));
        return statuses;
    }

    private static Map<String, List<Long>> processes(LocalRuntime runtime) {
        Map<String, List<Long>> processes = new TreeMap<>();
        for (String function : runtime.functions().functionNames()) {
            processes.put(function, runtime.functions().processes(function).stream().map(ProcessHandle::pid).toList());
        }
        return processes;
    }

    /** Restarts, timeouts and vanished processes between the two snapshots, per function. */
    private static List<String> crashes(Map<String, FunctionStatus> before, Map<String, FunctionStatus> after,
            Map<String, List<Long>> processesBefore, Map<String, List<Long>> processesAfter) {
        List<String> crashes = new ArrayList<>();
        for (Map.Entry<String, FunctionStatus> entry : after.entrySet()) {
            FunctionStatus was = before.get(entry.getKey());
            FunctionStatus now = entry.getValue();
            if (was != null && (now.restarts() > was.restarts() || now.timeouts() > was.timeouts())) {
                crashes.add(entry.getKey() + ": restarts " + was.restarts() + " -> " + now.restarts() + ", timeouts "
                        + was.timeouts() + " -> " + now.timeouts() + " (last error: " + now.lastError() + ")");
            }
            Set<Long> alive = Set.copyOf(processesAfter.getOrDefault(entry.getKey(), List.of()));
            for (Long pid : processesBefore.getOrDefault(entry.getKey(), List.of())) {
                if (!alive.contains(pid)) {
                    crashes.add(entry.getKey() + ": process " + pid + " is gone");
                }
            }
        }
        return crashes;
    }
}
