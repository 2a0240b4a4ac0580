package dev.ddbstreams.kinesis.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Small steps the conformance tests share. */
final class StreamFixtures {

    private StreamFixtures() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a provisioned stream and waits (polling, as the SDK waiter does) until it is ACTIVE. */
    static String activeStream(KinesisClient kinesis, int shards) {
        String name = uniqueName("stream");
        kinesis.createStream(r -> r.streamName(name).shardCount(shards));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        return name;
    }

    static void awaitStatus(KinesisClient kinesis, String name, StreamStatus status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().streamStatus() != status) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Stream " + name + " did not become " + status);
            }
            sleep(20);
        }
    }

    static List<Shard> shards(KinesisClient kinesis, String name) {
        return kinesis.listShards(r -> r.streamName(name)).shards();
    }

    static String iterator(KinesisClient kinesis, String name, String shardId, ShardIteratorType type) {
        return kinesis.getShardIterator(r -> r.streamName(name).shardId(shardId).shardIteratorType(type)).shardIterator();
    }

    /** Every record of a shard from TRIM_HORIZON up to the tip (or the end of a closed shard). */
    static List<Record> readAll(KinesisClient kinesis, String name, String shardId) {
        return readFrom(kinesis, iterator(kinesis, name, shardId, ShardIteratorType.TRIM_HORIZON), new ArrayList<>());
    }

    static List<Record> readFrom(KinesisClient kinesis, String start, List<Record> records) {
        String iterator = start;
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }

    static SdkBytes bytes(String text) {
        return SdkBytes.fromUtf8String(text);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
