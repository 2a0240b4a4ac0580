package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.kinesis.KinesisEngine;
import dev.ddbstreams.local.mapping.FakeFunctionInvoker.Call;
import dev.ddbstreams.local.mapping.TestBed.Spec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Resharding under a running Kinesis mapping: records are written continuously while the stream's only shard is
 * split and the two children are merged again. Every record is delivered once, each partition key's records in
 * the order they were written, and no child shard is read before its parents are drained.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html">Using Lambda with Kinesis: "Lambda
 *      processes records from a parent shard before processing records from its child shards"</a>
 * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-after-resharding.html">Data
 *      routing, data persistence, and shard state after a reshard</a>
 */
class KinesisReshardingMappingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int KEYS = 8;

    @Test
    void splitAndMerge_underARunningMapping_loseNothing_keepOrderPerKey_andDrainParentsFirst() throws Exception {
        try (KinesisEngine engine = KinesisEngine.builder().port(0).statusTransitionDelay(Duration.ofMillis(200)).build();
                KinesisClient kinesis = TestBed.kinesisClient(engine.endpoint())) {
            kinesis.createStream(b -> b.streamName("resharded").shardCount(1));
            TestBed.await(() -> kinesis.describeStreamSummary(b -> b.streamName("resharded")).streamDescriptionSummary()
                    .streamStatusAsString().equals("ACTIVE"), WAIT, "stream ACTIVE");
            FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
            MappingEngine mappings = MappingEngine.builder().wiring(TestBed.wiring("m", Spec.kinesis("resharded").batchSize(7).build()))
                    .resolver(new ApiSourceResolver(null, null, kinesis)).kinesis(kinesis)
                    .invoker(function).checkpoints(new InMemoryCheckpointStore()).region(TestBed.REGION)
                    .settings(TestBed.FAST).build();
            try (mappings) {
                mappings.start();
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicInteger written = new AtomicInteger();
                Thread producer = new Thread(() -> {
                    int[] next = new int[KEYS];
                    while (writing.get()) {
                        int key = written.get() % KEYS;
                        String payload = "key-" + key + ":" + next[key]++;
                        kinesis.putRecord(b -> b.streamName("resharded").partitionKey("key-" + key)
                                .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8)));
                        written.incrementAndGet();
                    }
                }, "producer");
                producer.start();

                TestBed.await(() -> written.get() >= 150, WAIT, "records before the split");
                kinesis.splitShard(b -> b.streamName("resharded").shardToSplit("shardId-000000000000")
                        .newStartingHashKey(BigInteger.TWO.pow(127).toString()));
                TestBed.await(() -> written.get() >= 300, WAIT, "records after the split");
                TestBed.await(() -> kinesis.describeStreamSummary(b -> b.streamName("resharded")).streamDescriptionSummary()
                        .streamStatusAsString().equals("ACTIVE"), WAIT, "split done");
                kinesis.mergeShards(b -> b.streamName("resharded").shardToMerge("shardId-000000000001")
                        .adjacentShardToMerge("shardId-000000000002"));
                TestBed.await(() -> written.get() >= 450, WAIT, "records after the merge");
                writing.set(false);
                producer.join();

                int total = written.get();
                function.await(calls -> delivered(calls).size() >= total, WAIT, "all " + total + " records");
                List<JsonNode> delivered = delivered(function.calls());

                Set<String> unique = new HashSet<>();
                Map<String, List<Integer>> byKey = new LinkedHashMap<>();
                for (JsonNode record : delivered) {
                    String payload = payload(record);
                    assertTrue(unique.add(payload), "delivered twice: " + payload);
                    String[] parts = payload.split(":");
                    byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                }
                assertEquals(total, unique.size(), "every record delivered");
                byKey.forEach((key, numbers) -> {
                    for (int i = 0; i < numbers.size(); i++) {
                        assertEquals(i, numbers.get(i), key + " delivered out of order: " + numbers);
                    }
                });

                // Parents before children: the last delivery from a parent precedes the first from its child.
                List<String> shardOrder = delivered.stream().map(r -> r.get("eventID").asText().split(":")[0]).toList();
                for (Shard shard : kinesis.listShards(b -> b.streamName("resharded")).shards()) {
                    for (String parent : new String[] {shard.parentShardId(), shard.adjacentParentShardId()}) {
                        if (parent != null && shardOrder.contains(shard.shardId()) && shardOrder.contains(parent)) {
                            assertTrue(shardOrder.lastIndexOf(parent) < shardOrder.indexOf(shard.shardId()),
                                    shard.shardId() + " was read before its parent " + parent + " was drained");
                        }
                    }
                }
                assertTrue(shardOrder.contains("shardId-000000000003"), "the merged shard was read");
            }
        }
    }

    private static List<JsonNode> delivered(List<Call> calls) {
        List<JsonNode> records = new ArrayList<>();
        calls.forEach(call -> records.addAll(call.records()));
        return records;
    }

    private static String payload(JsonNode record) {
        return new String(Base64.getDecoder().decode(record.get("kinesis").get("data").asText()), StandardCharsets.UTF_8);
    }
}
