package dev.ddbstreams.local.bench;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code make bench}: write-to-effect latency of the local runtime at a steady write rate.
 *
 * <p>Starts an in-memory runtime on free ports, warms both paths up (cold starts are reported apart), then
 * for {@code --seconds} issues {@code --rate} writes per second of each kind: a note through
 * {@code POST /notes} (effect: its {@code wordCount} is visible) and a game score through PutItem on
 * {@code GameScoreRecords} (effect: {@code GameScoresByUser} holds it). Effects are observed by polling
 * every {@value #POLL_MILLIS} ms, so figures carry that resolution. Prints p50/p90/p99/max per kind, the
 * start-up time and the resident memory of the runtime JVM plus every process it started. Then, unless
 * {@code --burst 0}, the aggregators' throughput: {@code --burst} records (default 5,000) written as fast as
 * BatchWriteItem takes them to each of {@code GameScoreRecords} and {@code StoreOrders}, timed until both
 * aggregators have processed them all, and their totals checked. Before that, unless {@code --kinesis 0}, the
 * Kinesis path: {@code --kinesis} records (default 500) put at 50 per second to {@code Lab-Stream} by the SDK
 * v2 (CBOR), each timed until {@code lab-stream-logger} has logged it. All traffic stays on 127.0.0.1. {@code --log FILE} writes the runtime's lines (one per invocation) there, timestamped.
 */
public final class LatencyBenchmark {

    private static final long POLL_MILLIS = 10;
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(60);

    private final LocalRuntime runtime;
    private final DynamoDbClient dynamoDb;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<Long> noteLatencies = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> scoreLatencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong failures = new AtomicLong();
    private final Map<Integer, Integer> failedStatuses = new ConcurrentHashMap<>();

    private record Pending(String kind, String key, long startNanos) {
    }

    private LatencyBenchmark(LocalRuntime runtime) {
        this.runtime = runtime;
        this.dynamoDb = runtime.clients().dynamoDb();
    }

    public static void main(String[] args) throws Exception {
        int rate = intArg(args, "--rate", 50);
        int seconds = intArg(args, "--seconds", 60);
        int burst = intArg(args, "--burst", 5_000);
        int kinesisRecords = intArg(args, "--kinesis", 500);
        System.out.printf("bench: starting an in-memory local runtime (rate %d writes/s of each kind, %d s)%n", rate, seconds);
        String logFile = stringArg(args, "--log", null);
        java.io.PrintStream log = logFile == null ? null : new java.io.PrintStream(Files.newOutputStream(Path.of(logFile)), true);
        LocalRuntimeOptions options = LocalRuntimeOptions.forTests(Path.of("").toAbsolutePath());
        options = options.withWiringFile(withApiThrottleAbove(options.wiringFile(), rate));
        try (LocalRuntime runtime = LocalRuntime.start(options,
                line -> {
                    if (log != null) {
                        log.println(System.currentTimeMillis() + " " + line);
                    }
                })) {
            System.out.printf("bench: runtime ready in %d ms (emulators, provisioning, HTTP API; functions start on first use)%n",
                    runtime.startupTime().toMillis());
            LatencyBenchmark benchmark = new LatencyBenchmark(runtime);
            benchmark.run(rate, seconds);
            if (kinesisRecords > 0) {
                benchmark.kinesisPutToInvoke(kinesisRecords);
            }
            if (burst > 0) {
                benchmark.aggregatorThroughput(burst);
            }
        }
        System.exit(0);
    }

    private void run(int rate, int seconds) throws Exception {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(this::observeEffects, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            long coldNote = timeOne(() -> writeNote(0));
            long coldScore = timeOne(() -> writeScore());
            System.out.printf("bench: first note %d ms, first score %d ms (cold starts included)%n", coldNote, coldScore);
            noteLatencies.clear();
            scoreLatencies.clear();

            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            long periodMicros = 1_000_000L / rate;
            AtomicLong issued = new AtomicLong();
            long total = (long) rate * seconds;
            pacer.scheduleAtFixedRate(() -> {
                long n = issued.getAndIncrement();
                if (n < total) {
                    writers.submit(() -> writeNote(n));
                    writers.submit(this::writeScore);
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            pacer.shutdownNow();
            long drainDeadline = System.nanoTime() + EFFECT_TIMEOUT.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
                Thread.sleep(50);
            }
            report("notes  (POST /notes -> wordCount visible)", noteLatencies);
            report("scores (PutItem GameScoreRecords -> GameScoresByUser)", scoreLatencies);
            System.out.printf("bench: %d writes issued per kind, %d failed writes%s, %d effects never seen within %d s%n",
                    Math.min(issued.get(), total), failures.get(),
                    failedStatuses.isEmpty() ? "" : " (notes answered " + new java.util.TreeMap<>(failedStatuses) + ")",
                    pending.size(), EFFECT_TIMEOUT.toSeconds());
            System.out.printf("bench: resident memory: runtime JVM %d MB + %d child processes %d MB = %d MB%n",
                    rssMb(ProcessHandle.current()), ProcessHandle.current().descendants().count(),
                    ProcessHandle.current().descendants().mapToLong(LatencyBenchmark::rssMb).sum(),
                    rssMb(ProcessHandle.current()) + ProcessHandle.current().descendants().mapToLong(LatencyBenchmark::rssMb).sum());
        } finally {
            writers.shutdownNow();
            poller.shutdownNow();
        }
    }

    /**
     * Writes {@code records} items to each aggregated source table with 8 threads of BatchWriteItem (25 items
     * each), waits until the {@code game-scores} and {@code store-order-totals} mappings have delivered them all
     * with nothing left to read, and prints records per second per aggregator, from the first write to the last
     * delivery, and whether the totals are exact.
     */
    private void aggregatorThroughput(int records) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        warmAggregators(run);
        Map<String, Long> deliveredBefore = Map.of(
                "game-scores", runtime.mappingStatus("game-scores").recordsDelivered(),
                "store-order-totals", runtime.mappingStatus("store-order-totals").recordsDelivered());
        System.out.printf("bench: aggregators: writing %,d records to each of GameScoreRecords and StoreOrders%n", records);
        Map<String, Long> firstDeliveryAt = new ConcurrentHashMap<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> deliveredBefore.forEach((mapping, before) -> {
            if (runtime.mappingStatus(mapping).recordsDelivered() > before) {
                firstDeliveryAt.putIfAbsent(mapping, System.nanoTime());
            }
        }), 0, 10, TimeUnit.MILLISECONDS);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        try {
            List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
            for (int from = 0; from < records; from += 25) {
                int first = from;
                int last = Math.min(records, from + 25);
                writes.add(writers.submit(() -> writeBatch("GameScoreRecords", first, last, i -> Map.of(
                        "RecordID", AttributeValue.fromN(Long.toString(9_000_000_000L + i)),
                        "Username", AttributeValue.fromS("burst-" + run + "-" + (i % 100)),
                        "Score", AttributeValue.fromN("3"), "Nickname", AttributeValue.fromS("bench")))));
                writes.add(writers.submit(() -> writeBatch("StoreOrders", first, last, i -> Map.of(
                        "id", AttributeValue.fromS("burst-" + run + "-" + i),
                        "item", AttributeValue.fromS("burst-" + run + "-item-" + (i % 20)),
                        "quantity", AttributeValue.fromN("2"), "price", AttributeValue.fromN("1.5")))));
            }
            for (java.util.concurrent.Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
        long written = System.nanoTime();
        System.out.printf("bench: aggregators: %,d records written in %d ms%n", 2 * records,
                TimeUnit.NANOSECONDS.toMillis(written - start));
        Map<String, Long> doneAt = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (doneAt.size() < 2 && System.nanoTime() < deadline) {
            for (Map.Entry<String, Long> mapping : deliveredBefore.entrySet()) {
                var status = runtime.mappingStatus(mapping.getKey());
                if (!doneAt.containsKey(mapping.getKey()) && status.recordsDelivered() - mapping.getValue() >= records
                        && status.lag() == 0 && status.inFlight() == 0) {
                    doneAt.put(mapping.getKey(), System.nanoTime());
                }
            }
            Thread.sleep(20);
        }
        watcher.shutdownNow();
        for (String mapping : deliveredBefore.keySet()) {
            Long end = doneAt.get(mapping);
            if (end == null) {
                System.out.printf("bench: aggregators: %s did not finish within 5 minutes (%,d of %,d delivered)%n",
                        mapping, runtime.mappingStatus(mapping).recordsDelivered() - deliveredBefore.get(mapping), records);
            } else {
                // From its first delivered batch to its last: the aggregator's own rate, while the writes are
                // still coming in. From the first write: what a user waiting for the totals sees.
                double processing = (end - firstDeliveryAt.getOrDefault(mapping, start)) / 1e9;
                double total = (end - start) / 1e9;
                System.out.printf("bench: aggregators: %s processed %,d records in %.1f s from its first delivery:"
                        + " %,.0f records/s (%.1f s from the first write: %,.0f records/s)%n", mapping, records,
                        processing, records / processing, total, records / total);
            }
        }
        long scoreSum = 0;
        for (int u = 0; u < 100; u++) {
            String user = "burst-" + run + "-" + u;
            var item = dynamoDb.getItem(b -> b.tableName("GameScoresByUser").consistentRead(true)
                    .key(Map.of("Username", AttributeValue.fromS(user)))).item();
            scoreSum += item.containsKey("Score") ? Long.parseLong(item.get("Score").n()) : 0;
        }
        java.math.BigDecimal revenue = java.math.BigDecimal.ZERO;
        for (int i = 0; i < 20; i++) {
            String orderItem = "burst-" + run + "-item-" + i;
            var item = dynamoDb.getItem(b -> b.tableName("OrderTotals").consistentRead(true)
                    .key(Map.of("item", AttributeValue.fromS(orderItem)))).item();
            revenue = revenue.add(item.containsKey("revenue") ? new java.math.BigDecimal(item.get("revenue").n())
                    : java.math.BigDecimal.ZERO);
        }
        System.out.printf("bench: aggregators: GameScoresByUser total %,d (expected %,d), OrderTotals revenue %s"
                + " (expected %s)%n", scoreSum, 3L * records, revenue.toPlainString(),
                java.math.BigDecimal.valueOf(3L * records).toPlainString());
    }

    /** Puts {@code records} records to Lab-Stream at 50/s and prints put-to-invoke latency (until the logger logged it). */
    private void kinesisPutToInvoke(int records) throws Exception {
        var kinesis = runtime.clients().kinesis().orElse(null);
        if (kinesis == null) {
            System.out.println("bench: kinesis: unavailable, skipped");
            return;
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            for (String line : runtime.functionLog("lab-stream-logger")) {
                int at = line.indexOf("\"data\":\"");
                if (at >= 0) {
                    String data = line.substring(at + 8, line.indexOf('"', at + 8));
                    Long start = sent.remove(data);
                    if (start != null) {
                        latencies.add(TimeUnit.NANOSECONDS.toMillis(now - start));
                    }
                }
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        try {
            // One record first, so that the logger's cold start is not in the figures.
            sent.put("bench-kinesis-" + run + "-warm", System.nanoTime());
            kinesis.putRecord(b -> b.streamName("Lab-Stream").partitionKey("warm")
                    .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bench-kinesis-" + run + "-warm")));
            long warmDeadline = System.nanoTime() + EFFECT_TIMEOUT.toNanos();
            while (!sent.isEmpty() && System.nanoTime() < warmDeadline) {
                Thread.sleep(20);
            }
            latencies.clear();
            for (int i = 0; i < records; i++) {
                // The logger logs a text payload decoded ("data" is the text itself, event-logger README).
                String payload = "bench-kinesis-" + run + "-" + i;
                long start = System.nanoTime();
                sent.put(payload, start);
                kinesis.putRecord(b -> b.streamName("Lab-Stream").partitionKey("bench-" + payload.hashCode())
                        .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(payload)));
                Thread.sleep(20);
            }
            long deadline = System.nanoTime() + EFFECT_TIMEOUT.toNanos();
            while (!sent.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            watcher.shutdownNow();
        }
        report("kinesis (PutRecord Lab-Stream -> lab-stream-logger logged it)", latencies);
        if (!sent.isEmpty()) {
            System.out.printf("bench: kinesis: %d records not logged within %d s%n", sent.size(), EFFECT_TIMEOUT.toSeconds());
        }
    }

    /** One record through each aggregator first, so that neither function's cold start counts in its rate. */
    private void warmAggregators(String run) throws InterruptedException {
        long games = runtime.mappingStatus("game-scores").recordsDelivered();
        long orders = runtime.mappingStatus("store-order-totals").recordsDelivered();
        writeBatch("GameScoreRecords", 0, 1, i -> Map.of("RecordID", AttributeValue.fromN("8999999999"),
                "Username", AttributeValue.fromS("warm-" + run), "Score", AttributeValue.fromN("1"),
                "Nickname", AttributeValue.fromS("bench")));
        writeBatch("StoreOrders", 0, 1, i -> Map.of("id", AttributeValue.fromS("warm-" + run),
                "item", AttributeValue.fromS("warm-" + run), "quantity", AttributeValue.fromN("1"),
                "price", AttributeValue.fromN("1")));
        long deadline = System.nanoTime() + EFFECT_TIMEOUT.toNanos();
        while ((runtime.mappingStatus("game-scores").recordsDelivered() <= games
                || runtime.mappingStatus("store-order-totals").recordsDelivered() <= orders)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** BatchWriteItem of items {@code first..last-1}, resubmitting unprocessed items until none is left. */
    private void writeBatch(String table, int first, int last,
            java.util.function.IntFunction<Map<String, AttributeValue>> item) {
        List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> requests = new ArrayList<>();
        for (int i = first; i < last; i++) {
            Map<String, AttributeValue> attributes = item.apply(i);
            requests.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                    .putRequest(p -> p.item(attributes)).build());
        }
        Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> remaining = Map.of(table, requests);
        while (!remaining.isEmpty()) {
            Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> send = remaining;
            remaining = dynamoDb.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
        }
    }

    /**
     * A copy of the wiring whose HTTP API throttle (rate and burst, requests per second) lets {@code rate} notes
     * per second through: this measures the pipeline, not the API's configured throttle, which answers 429 to
     * what exceeds it, as API Gateway does.
     */
    private static Path withApiThrottleAbove(Path wiringFile, int rate) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode wiring =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(wiringFile.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode api = (com.fasterxml.jackson.databind.node.ObjectNode) wiring.get("httpApi");
        int limit = Math.max(api.path("throttlingRateLimit").asInt(), 4 * rate);
        if (limit != api.path("throttlingRateLimit").asInt()) {
            System.out.printf("bench: HTTP API throttle raised from %d to %d requests/s (burst %d) for this run%n",
                    api.path("throttlingRateLimit").asInt(), limit, 2 * limit);
        }
        api.put("throttlingRateLimit", limit);
        api.put("throttlingBurstLimit", Math.max(api.path("throttlingBurstLimit").asInt(), 2 * limit));
        Path copy = Files.createTempFile("bench-wiring", ".json");
        copy.toFile().deleteOnExit();
        json.writeValue(copy.toFile(), wiring);
        return copy;
    }

    /** @return milliseconds from the write to its effect, or -1 when it was not seen in time */
    private long timeOne(Runnable write) throws InterruptedException {
        long start = System.nanoTime();
        write.run();
        while (!pending.isEmpty() && System.nanoTime() - start < EFFECT_TIMEOUT.toNanos()) {
            Thread.sleep(5);
        }
        return pending.isEmpty() ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) : -1;
    }

    private void writeNote(long n) {
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(runtime.httpEndpoint() + "/notes"))
                    .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"bench\",\"content\":\"note number " + n
                            + " has seven words\"}")).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 201 || !id.find()) {
                failures.incrementAndGet();
                failedStatuses.merge(response.statusCode(), 1, Integer::sum);
                return;
            }
            pending.put("note:" + id.group(1), new Pending("note", id.group(1), start));
        } catch (IOException e) {
            failures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeScore() {
        String user = "bench-" + UUID.randomUUID();
        long start = System.nanoTime();
        try {
            dynamoDb.putItem(b -> b.tableName("GameScoreRecords").item(Map.of(
                    "RecordID", AttributeValue.fromN(Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()))),
                    "Username", AttributeValue.fromS(user), "Score", AttributeValue.fromN("42"),
                    "Nickname", AttributeValue.fromS("bench"))));
            pending.put("score:" + user, new Pending("score", user, start));
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
    }

    /** One BatchGetItem per 100 pending writes and table, so probing stays cheap when a backlog builds up. */
    private void observeEffects() {
        List<Pending> notes = pending.values().stream().filter(p -> p.kind().equals("note")).toList();
        List<Pending> scores = pending.values().stream().filter(p -> p.kind().equals("score")).toList();
        probe(notes, "notes", "id", item -> item.containsKey("wordCount"), noteLatencies);
        probe(scores, "GameScoresByUser", "Username", item -> true, scoreLatencies);
    }

    private void probe(List<Pending> batch, String table, String keyName,
            java.util.function.Predicate<Map<String, AttributeValue>> effectVisible, List<Long> latencies) {
        for (int from = 0; from < batch.size(); from += 100) {
            List<Pending> chunk = batch.subList(from, Math.min(batch.size(), from + 100));
            List<Map<String, AttributeValue>> keys = chunk.stream()
                    .map(p -> Map.of(keyName, AttributeValue.fromS(p.key()))).toList();
            try {
                List<Map<String, AttributeValue>> found = dynamoDb.batchGetItem(b -> b.requestItems(Map.of(table,
                        software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                                .keys(keys).consistentRead(true).build()))).responses().getOrDefault(table, List.of());
                long now = System.nanoTime();
                for (Map<String, AttributeValue> item : found) {
                    if (effectVisible.test(item)) {
                        Pending p = pending.remove(chunk.get(0).kind() + ":" + item.get(keyName).s());
                        if (p != null) {
                            latencies.add(TimeUnit.NANOSECONDS.toMillis(now - p.startNanos()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                // A failed probe (or unprocessed keys) is retried on the next tick.
            }
        }
    }

    private static void report(String what, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("bench: %s: no effects observed%n", what);
            return;
        }
        System.out.printf("bench: %s: n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** Resident set size from /proc (Linux); 0 where it cannot be read. */
    private static long rssMb(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
