package dev.ddbstreams.dynamodb.bench;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * {@code make bench-dynamodb}: throughput and stream lag of the DynamoDB engine over loopback HTTP, through
 * the AWS SDK v2 (url-connection client, as the functions use it), on whatever machine runs it. The engine
 * runs in this JVM, so clients and server share the CPU, as they do in {@code make run}.
 *
 * <p>For each storage mode (in memory; persisted in a temporary data directory), prints operations per
 * second of single-item PutItem, GetItem and UpdateItem with 1 and with 8 client threads, TransactWriteItems
 * of 4 Puts per second with 8 threads, and the stream lag: the time from a PutItem's acknowledgement to
 * the record's arrival at a reader polling GetRecords (p50/p99), at a steady write rate.
 * {@code --seconds N} sets the length of each throughput phase (default 10).
 */
public final class DynamoDbEngineBenchmark {

    private static final String TABLE = "bench";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));

    private DynamoDbEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length >= 2 && args[0].equals("--seconds") ? Integer.parseInt(args[1]) : 10;
        // The url-connection client pools keep-alive connections per host: 5 by default, fewer than 8 threads.
        System.setProperty("http.maxConnections", "32");
        System.out.printf("bench-dynamodb: %d cores, %d s per phase, SDK v2 url-connection client over 127.0.0.1%n",
                Runtime.getRuntime().availableProcessors(), seconds);
        Path dataDirectory = Files.createTempDirectory("dynamodb-bench");
        try {
            for (Path dir : Arrays.asList(null, dataDirectory)) {
                try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(dir).build()) {
                    System.out.printf("%n== %s ==%n", dir == null ? "in memory" : "persisted (" + dir + ")");
                    run(engine.endpoint(), seconds);
                }
            }
        } finally {
            deleteRecursively(dataDirectory);
        }
        System.exit(0);
    }

    private static void run(URI endpoint, int seconds) throws Exception {
        try (DynamoDbClient setup = client(endpoint)) {
            setup.createTable(b -> b.tableName(TABLE)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
        }
        int keys = 10_000;
        DynamoDbClient[] clients = new DynamoDbClient[8];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = client(endpoint);
        }
        try {
            // The JIT compiles the SDK's and the engine's paths first (what the first phase would otherwise pay).
            measure("warm-up (Put, Get, Update)", clients, 8, seconds, i -> {
                int key = ThreadLocalRandom.current().nextInt(keys);
                put(clients[i], key);
                clients[i].getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("k" + key))));
                clients[i].updateItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS("k" + key)))
                        .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            });
            for (int threads : new int[] {1, 8}) {
                measure("PutItem", clients, threads, seconds, i -> put(clients[i], ThreadLocalRandom.current().nextInt(keys)));
                measure("GetItem", clients, threads, seconds, i -> clients[i].getItem(b -> b.tableName(TABLE)
                        .key(Map.of("id", AttributeValue.fromS("k" + ThreadLocalRandom.current().nextInt(keys))))));
                measure("UpdateItem", clients, threads, seconds, i -> clients[i].updateItem(b -> b.tableName(TABLE)
                        .key(Map.of("id", AttributeValue.fromS("k" + ThreadLocalRandom.current().nextInt(keys))))
                        .updateExpression("ADD hits :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));
            }
            measure("TransactWriteItems (4 Puts)", clients, 8, seconds, i -> clients[i].transactWriteItems(b -> b
                    .transactItems(transactPuts(ThreadLocalRandom.current().nextInt(keys)))));
            streamLag(endpoint, clients[0], 200, seconds);
        } finally {
            for (DynamoDbClient client : clients) {
                client.close();
            }
        }
    }

    private static void put(DynamoDbClient client, int key) {
        client.putItem(b -> b.tableName(TABLE).item(Map.of(
                "id", AttributeValue.fromS("k" + key),
                "payload", AttributeValue.fromS("benchmark item payload of a typical small size, about 100 bytes in all"),
                "n", AttributeValue.fromN(Integer.toString(key)))));
    }

    private static List<TransactWriteItem> transactPuts(int first) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int key = first * 4 + k;
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(Map.of(
                    "id", AttributeValue.fromS("t" + key), "n", AttributeValue.fromN(Integer.toString(key)))).build()).build());
        }
        return items;
    }

    /** Runs {@code operation} in {@code threads} threads for {@code seconds} and prints operations per second. */
    private static void measure(String name, DynamoDbClient[] clients, int threads, int seconds, IntConsumer operation)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        operation.accept(index);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
                finished.countDown();
            }, "bench-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        finished.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-30s %d client%s  %,10.0f ops/s   (%,d ops, %d failed)%n", name, threads,
                threads == 1 ? " " : "s", done.get() / elapsed, done.get(), failed.get());
    }

    /**
     * Writes {@code rate} PutItems per second for {@code seconds} while one reader follows the stream the way
     * a Lambda poller does (GetRecords again at once while records come, a short pause when none), and
     * prints the lag from each write's acknowledgement to the arrival of its record.
     */
    private static void streamLag(URI endpoint, DynamoDbClient writer, int rate, int seconds) throws Exception {
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        // A record can reach the reader before its writer has noted the acknowledgement: both times are kept
        // and paired at the end (such a record counts as lag 0).
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        String streamArn = writer.describeTable(b -> b.tableName(TABLE)).table().latestStreamArn();
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String shardId = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                    .max(Comparator.comparing(s -> s.shardId())).orElseThrow().shardId();
            String[] iterator = {streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator()};
            Thread reader = new Thread(() -> {
                while (!stop.get() && iterator[0] != null) {
                    var response = streams.getRecords(b -> b.shardIterator(iterator[0]));
                    long now = System.nanoTime();
                    for (Record record : response.records()) {
                        arrived.put(record.dynamodb().keys().get("id").s(), now);
                    }
                    iterator[0] = response.nextShardIterator();
                    if (response.records().isEmpty()) {
                        sleep(5);
                    }
                }
            }, "bench-stream-reader");
            reader.setDaemon(true);
            reader.start();
            long intervalNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < rate * seconds; i++) {
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String key = "lag" + i;
                writer.putItem(b -> b.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(key))));
                acknowledged.put(key, System.nanoTime());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (arrived.size() < acknowledged.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            stop.set(true);
            reader.join(5_000);
        }
        long[] sorted = acknowledged.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, arrived.get(e.getKey()) - e.getValue())).sorted().toArray();
        if (sorted.length == 0) {
            System.out.println("stream lag: no record arrived");
            return;
        }
        System.out.printf("stream lag (PutItem ack -> GetRecords) at %d writes/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + " (%d records, %d never arrived)%n", rate,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6,
                sorted.length, acknowledged.size() - sorted.length);
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
