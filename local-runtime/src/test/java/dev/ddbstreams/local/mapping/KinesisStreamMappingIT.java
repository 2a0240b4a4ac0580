package dev.ddbstreams.local.mapping;

import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.functionError;
import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.kinesis.KinesisEngine;
import dev.ddbstreams.local.mapping.FakeFunctionInvoker.Call;
import dev.ddbstreams.local.mapping.TestBed.Spec;
import dev.ddbstreams.local.wiring.MappingSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The stream mapping over Kinesis, against our Kinesis engine in this JVM, read through the SDK's default CBOR. */
class KinesisStreamMappingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestBed bed;
    private static KinesisEngine engine;
    private static KinesisClient kinesis;

    private final List<MappingEngine> engines = new ArrayList<>();

    @BeforeAll
    static void start() {
        engine = KinesisEngine.builder().port(0).statusTransitionDelay(Duration.ofMillis(50)).build();
        kinesis = TestBed.kinesisClient(engine.endpoint());
        bed = TestBed.sqsOnly();
    }

    @AfterAll
    static void stop() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (bed != null) {
            bed.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(MappingEngine::close);
        assertEquals(List.of(), TestBed.mappingThreads());
    }

    private MappingEngine start(String name, MappingSpec spec, FakeFunctionInvoker function) {
        MappingEngine engine = MappingEngine.builder().wiring(TestBed.wiring(name, spec))
                .resolver(new ApiSourceResolver(null, bed.sqs, kinesis)).kinesis(kinesis).sqs(bed.sqs)
                .invoker(function).checkpoints(new InMemoryCheckpointStore()).region(TestBed.REGION)
                .settings(TestBed.FAST).build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private String createStream(String name) {
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        TestBed.await(() -> kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary()
                .streamStatusAsString().equals("ACTIVE"), WAIT, "stream " + name + " ACTIVE");
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    private void put(String stream, String... payloads) {
        for (String payload : payloads) {
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk-" + payload)
                    .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8)));
        }
    }

    private static String payload(JsonNode record) {
        return new String(Base64.getDecoder().decode(record.get("kinesis").get("data").asText()), StandardCharsets.UTF_8);
    }

    private static List<String> payloads(List<Call> calls) {
        List<String> payloads = new ArrayList<>();
        calls.forEach(call -> call.records().forEach(record -> payloads.add(payload(record))));
        return payloads;
    }

    @Test
    void records_arriveInOrder_inBatches_inLambdasKinesisShape() {
        String arn = createStream("ordered");
        Instant before = Instant.now().minusSeconds(1);
        put("ordered", "one", "two", "three", "four", "five");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start("lab-stream-logger", Spec.kinesis("ordered").batchSize(2).build(), function);

        List<Call> calls = function.await(c -> payloads(c).size() >= 5, WAIT, "five records");
        assertEquals(List.of("one", "two", "three", "four", "five"), payloads(calls));
        assertEquals(List.of(2, 2, 1), calls.stream().map(call -> call.ids().size()).toList());
        String shardId = kinesis.listShards(b -> b.streamName("ordered")).shards().get(0).shardId();
        JsonNode record = calls.get(0).records().get(0);
        JsonNode data = record.get("kinesis");
        assertEquals("1.0", data.get("kinesisSchemaVersion").asText());
        assertEquals("pk-one", data.get("partitionKey").asText());
        assertEquals(shardId + ":" + data.get("sequenceNumber").asText(), record.get("eventID").asText());
        double arrival = data.get("approximateArrivalTimestamp").asDouble();
        assertTrue(arrival >= before.getEpochSecond() && arrival <= Instant.now().getEpochSecond() + 1, "" + arrival);
        assertEquals("aws:kinesis", record.get("eventSource").asText());
        assertEquals("aws:kinesis:record", record.get("eventName").asText());
        assertEquals("1.0", record.get("eventVersion").asText());
        assertEquals("arn:aws:iam::000000000000:role/fn-role", record.get("invokeIdentityArn").asText());
        assertEquals(TestBed.REGION, record.get("awsRegion").asText());
        assertEquals(arn, record.get("eventSourceARN").asText());
    }

    @Test
    void poisonRecord_isBisectedOut_andDescribedInKinesisBatchInfo() {
        String arn = createStream("poisoned");
        String dlq = bed.createQueue("poisoned-failures", Map.of());
        put("poisoned", "a", "b", "poison", "d");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> payloads(List.of(call)).contains("poison")
                ? functionError("bad payload") : success(null));

        start("m", Spec.kinesis("poisoned").batchSize(4).bisect().retries(0).onFailure("poisoned-failures").build(),
                function);

        JsonNode failure = TestBed.body(bed.awaitMessages(dlq, 1, WAIT).get(0));
        function.await(c -> payloads(c).contains("d") && c.get(c.size() - 1).result().succeeded(), WAIT, "d");
        JsonNode info = failure.get("KinesisBatchInfo");
        assertEquals(1, info.get("batchSize").asInt());
        assertEquals(arn, info.get("streamArn").asText());
        assertTrue(info.get("approximateArrivalOfFirstRecord").asText()
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), info.toString());
        String poisonSequence = function.calls().stream().filter(call -> payloads(List.of(call)).equals(List.of("poison")))
                .findFirst().orElseThrow().ids().get(0);
        assertEquals(poisonSequence, info.get("startSequenceNumber").asText());
        assertEquals("RetryAttemptsExhausted", failure.get("requestContext").get("condition").asText());
        assertEquals(1, failure.get("requestContext").get("approximateInvokeCount").asInt());
        List<String> succeeded = new ArrayList<>();
        function.calls().stream().filter(call -> call.result().succeeded())
                .forEach(call -> succeeded.addAll(payloads(List.of(call))));
        assertEquals(List.of("a", "b", "d"), succeeded);
    }

    @Test
    void dataFilter_matchesDecodedJsonPayloads() {
        createStream("filtered");
        put("filtered", "{\"type\":\"buy\",\"qty\":5}", "{\"type\":\"sell\"}", "not json", "{\"type\":\"buy\",\"qty\":50}");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        MappingEngine engine = start("m", Spec.kinesis("filtered")
                .filter("{\"data\":{\"type\":[\"buy\"],\"qty\":[{\"numeric\":[\"<\",10]}]}}").build(), function);

        TestBed.await(() -> engine.status("m").orElseThrow().recordsFiltered() == 3
                && engine.status("m").orElseThrow().lag() == 0, WAIT, "three filtered out, all checkpointed");
        assertEquals(List.of("{\"type\":\"buy\",\"qty\":5}"), payloads(function.calls()));
    }

    /** What a mapping uses to skip a record it cannot read: the next sequence number, read raw in JSON. */
    @Test
    void sequenceNumberAfter_findsTheNextRecordWithoutUnmarshallingIt() {
        String arn = createStream("raw-skip");
        String first = kinesis.putRecord(b -> b.streamName("raw-skip").partitionKey("k")
                .data(SdkBytes.fromUtf8String("one"))).sequenceNumber();
        String second = kinesis.putRecord(b -> b.streamName("raw-skip").partitionKey("k")
                .data(SdkBytes.fromUtf8String("two"))).sequenceNumber();
        KinesisShardSource source = new KinesisShardSource(kinesis, arn, TestBed.REGION, "arn:aws:iam::000000000000:role/r",
                Duration.ofHours(24), java.time.Clock.systemUTC());
        assertEquals(java.util.Optional.of(first), source.sequenceNumberAfter("shardId-000000000000",
                ShardSource.Position.TRIM_HORIZON));
        assertEquals(java.util.Optional.of(second), source.sequenceNumberAfter("shardId-000000000000",
                ShardSource.Position.after(first)));
        assertEquals(java.util.Optional.empty(), source.sequenceNumberAfter("shardId-000000000000",
                ShardSource.Position.after(second)));
    }
}
