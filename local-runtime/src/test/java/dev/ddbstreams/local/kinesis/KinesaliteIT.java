package dev.ddbstreams.local.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** kinesalite from the npm registry (installed once into the user's cache), where Node.js is present. */
class KinesaliteIT {

    @TempDir
    Path data;

    private static KinesisClient client(Kinesalite kinesalite) {
        System.setProperty("aws.cborEnabled", "false");
        return KinesisClient.builder().endpointOverride(kinesalite.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Kinesalite startOrSkip(Kinesalite.Builder builder) {
        Kinesalite kinesalite = builder.start();
        Assumptions.assumeTrue(kinesalite.available(), () -> "kinesalite unavailable: "
                + kinesalite.unavailableReason().orElse("?"));
        return kinesalite;
    }

    @Test
    void start_servesKinesisOnLoopback_andCloseLeavesNoNodeProcess() {
        List<String> progress = new ArrayList<>();
        ProcessHandle node;
        try (Kinesalite kinesalite = startOrSkip(Kinesalite.builder().port(0).progress(progress::add));
                KinesisClient kinesis = client(kinesalite)) {
            node = ProcessHandle.of(kinesalite.pid().orElseThrow()).orElseThrow();
            kinesis.createStream(b -> b.streamName("probe").shardCount(1));
            assertEquals("ACTIVE", kinesis.describeStreamSummary(b -> b.streamName("probe")).streamDescriptionSummary()
                    .streamStatusAsString(), "createStreamMs 0: active at once");
            kinesis.putRecord(b -> b.streamName("probe").partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
            String shard = kinesis.listShards(b -> b.streamName("probe")).shards().get(0).shardId();
            String iterator = kinesis.getShardIterator(b -> b.streamName("probe").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertEquals("hello", kinesis.getRecords(b -> b.shardIterator(iterator)).records().get(0).data().asUtf8String());
            assertTrue(progress.stream().anyMatch(line -> line.contains("Starting kinesalite " + Kinesalite.VERSION)));
        }
        node.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertFalse(node.isAlive(), "no orphan node process");
    }

    @Test
    void dataDirectory_keepsStreamsAcrossRestarts() {
        try (Kinesalite first = startOrSkip(Kinesalite.builder().port(0).dataDirectory(data));
                KinesisClient kinesis = client(first)) {
            kinesis.createStream(b -> b.streamName("kept").shardCount(1));
            kinesis.putRecord(b -> b.streamName("kept").partitionKey("k").data(SdkBytes.fromUtf8String("persisted")));
        }
        try (Kinesalite second = startOrSkip(Kinesalite.builder().port(0).dataDirectory(data)
                .startTimeout(Duration.ofSeconds(30)));
                KinesisClient kinesis = client(second)) {
            String shard = kinesis.listShards(b -> b.streamName("kept")).shards().get(0).shardId();
            String iterator = kinesis.getShardIterator(b -> b.streamName("kept").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertEquals("persisted", kinesis.getRecords(b -> b.shardIterator(iterator)).records().get(0).data()
                    .asUtf8String());
        }
    }

    @Test
    void portInUse_isReportedAsUnavailable_notThrown() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                Kinesalite kinesalite = Kinesalite.builder().port(taken.getLocalPort())
                        .startTimeout(Duration.ofSeconds(5)).start()) {
            Assumptions.assumeFalse(kinesalite.unavailableReason().map(r -> r.contains("Node.js")).orElse(false),
                    "Node.js is not installed");
            assertFalse(kinesalite.available());
            assertTrue(kinesalite.unavailableReason().orElseThrow().contains(Integer.toString(taken.getLocalPort())),
                    kinesalite.unavailableReason().orElseThrow());
        }
    }
}
