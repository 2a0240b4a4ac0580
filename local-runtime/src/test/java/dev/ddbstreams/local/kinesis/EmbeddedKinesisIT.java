package dev.ddbstreams.local.kinesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.KinesisEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis engine as the local runtime embeds it (in this JVM, persisted under the data directory), with an
 * SDK v2 client in its default configuration (CBOR): what kinesalite could not serve. Needs no Node.js.
 */
class EmbeddedKinesisIT {

    @TempDir
    Path data;

    private static KinesisClient client(KinesisEngine engine) {
        return KinesisClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void awaitActive(KinesisClient kinesis, String name) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            assertTrue(Instant.now().isBefore(deadline), "stream never ACTIVE");
            Thread.onSpinWait();
        }
    }

    private static byte[] first(KinesisClient kinesis, String stream) {
        String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().get(0).data().asByteArray();
    }

    @Test
    void aDefaultConfiguredSdkProducersRecord_isReadBackByADefaultConfiguredConsumer() {
        try (KinesisEngine engine = KinesisEngine.start(0, null); KinesisClient kinesis = client(engine)) {
            kinesis.createStream(b -> b.streamName("probe").shardCount(1));
            awaitActive(kinesis, "probe");
            byte[] payload = "{\"temperature\":21.5,\"unit\":\"°C\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            kinesis.putRecord(b -> b.streamName("probe").partitionKey("k").data(SdkBytes.fromByteArray(payload)));
            assertArrayEquals(payload, first(kinesis, "probe"));
        }
    }

    @Test
    void dataDirectory_keepsStreamsAndRecordsAcrossRestarts() {
        try (KinesisEngine first = KinesisEngine.start(0, data); KinesisClient kinesis = client(first)) {
            kinesis.createStream(b -> b.streamName("kept").shardCount(1));
            awaitActive(kinesis, "kept");
            kinesis.putRecord(b -> b.streamName("kept").partitionKey("k").data(SdkBytes.fromUtf8String("persisted")));
        }
        try (KinesisEngine second = KinesisEngine.start(0, data); KinesisClient kinesis = client(second)) {
            assertEquals("persisted", new String(first(kinesis, "kept"), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void portInUse_failsTheStartWithThePortInTheMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> KinesisEngine.builder().port(taken.getLocalPort()).statusTransitionDelay(Duration.ZERO).build());
            assertTrue(error.getMessage().contains(Integer.toString(taken.getLocalPort())), error.getMessage());
        }
    }
}
