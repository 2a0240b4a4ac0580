package dev.ddbstreams.kinesis.bench;

import dev.ddbstreams.kinesis.KinesisEngine;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Prints two figures for the Kinesis engine over loopback, through the SDK v2 in its default configuration (CBOR):
 * PutRecords throughput (records/s, 500 records of 100 bytes per call, several producer threads) and the latency
 * from a PutRecord call to the record appearing in a GetRecords answer of a consumer polling every millisecond
 * (p50, p99). Runs once in memory and once persisted (event log, default fsync policy).
 *
 * Run with {@code make bench-kinesis} ({@code ARGS=SECONDS} per phase).
 */
public final class KinesisBenchmark {

    private KinesisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.printf("Kinesis engine benchmark: %d s per phase, %d cores, SDK v2 CBOR over loopback%n", seconds,
                Runtime.getRuntime().availableProcessors());
        try (KinesisEngine engine = KinesisEngine.builder().port(0).statusTransitionDelay(Duration.ZERO).build()) {
            run("in memory", engine, seconds);
        }
        Path directory = Files.createTempDirectory("kinesis-bench");
        try (KinesisEngine engine = KinesisEngine.builder().port(0).dataDirectory(directory)
                .statusTransitionDelay(Duration.ZERO).build()) {
            run("persisted", engine, seconds);
        }
    }

    private static KinesisClient client(KinesisEngine engine) {
        return KinesisClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void run(String label, KinesisEngine engine, int seconds) throws Exception {
        try (KinesisClient kinesis = client(engine)) {
            create(kinesis, "throughput", 4);
            create(kinesis, "latency", 1);
            double recordsPerSecond = throughput(engine, seconds);
            List<Long> latencies = latency(kinesis, seconds);
            System.out.printf("%-10s PutRecords: %,.0f records/s (500 x 100 B per call, 4 threads)%n", label, recordsPerSecond);
            System.out.printf("%-10s put -> GetRecords latency: p50 %.2f ms, p99 %.2f ms (%d samples)%n", label,
                    percentile(latencies, 50) / 1e6, percentile(latencies, 99) / 1e6, latencies.size());
        }
    }

    private static void create(KinesisClient kinesis, String name, int shards) throws InterruptedException {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        while (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            Thread.sleep(5);
        }
    }

    private static double throughput(KinesisEngine engine, int seconds) throws InterruptedException {
        SdkBytes payload = SdkBytes.fromByteArray(new byte[100]);
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(payload).build());
        }
        AtomicLong written = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread producer = new Thread(() -> {
                try (KinesisClient own = client(engine)) {
                    while (running.get()) {
                        written.addAndGet(own.putRecords(b -> b.streamName("throughput").records(batch)).records().size());
                    }
                }
            });
            producers.add(producer);
            producer.start();
        }
        Thread.sleep(1000); // warm-up
        long start = written.get();
        long startNanos = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = written.get() - start;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        running.set(false);
        for (Thread producer : producers) {
            producer.join();
        }
        return count / elapsed;
    }

    private static List<Long> latency(KinesisClient kinesis, int seconds) throws InterruptedException {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> {
            String iterator = kinesis.getShardIterator(b -> b.streamName("latency").shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            while (running.get()) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current));
                long now = System.nanoTime();
                for (Record record : response.records()) {
                    latencies.add(now - ByteBuffer.wrap(record.data().asByteArray()).getLong());
                }
                iterator = response.nextShardIterator();
                if (response.records().isEmpty()) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        consumer.start();
        Thread.sleep(200);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            byte[] stamp = ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
            kinesis.putRecord(b -> b.streamName("latency").partitionKey("k").data(SdkBytes.fromByteArray(stamp)));
            Thread.sleep(5);
        }
        Thread.sleep(200);
        running.set(false);
        consumer.join();
        return latencies;
    }

    private static double percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
