package dev.ddbstreams.local.mapping;

import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.functionError;
import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.itemFailures;
import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.local.mapping.FakeFunctionInvoker.Call;
import dev.ddbstreams.local.mapping.TestBed.Spec;
import dev.ddbstreams.local.wiring.MappingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The stream mapping semantics against the DynamoDB engine's streams, with a scripted function. Each test uses its own
 * table (and queue), so they share one emulator.
 */
class DynamoDbStreamMappingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestBed bed;

    private final List<MappingEngine> engines = new ArrayList<>();
    private String table;

    @BeforeAll
    static void startEmulators() {
        bed = TestBed.withDynamoDb();
    }

    @AfterAll
    static void stopEmulators() {
        bed.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void nameTable(TestInfo test) {
        table = "t-" + test.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "").substring(0, 20)
                + "-" + System.nanoTime() % 100000;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(MappingEngine::close);
        assertEquals(List.of(), TestBed.mappingThreads(), "threads left running after close()");
    }

    private MappingEngine start(MappingEngine.Builder builder) {
        MappingEngine engine = builder.build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private MappingEngine start(MappingSpec spec, FakeFunctionInvoker invoker, CheckpointStore checkpoints) {
        return start(bed.engine(TestBed.wiring("m", spec), invoker, checkpoints));
    }

    private void putAll(String... ids) {
        for (String id : ids) {
            bed.put(table, id);
        }
    }

    /** The {@code id} key of each record, in delivery order. */
    private static List<String> keys(List<Call> calls) {
        List<String> keys = new ArrayList<>();
        calls.forEach(call -> call.records().forEach(record -> keys.add(key(record))));
        return keys;
    }

    private static String key(JsonNode record) {
        return record.get("dynamodb").get("Keys").get("id").get("S").asText();
    }

    private static List<String> keysOf(Call call) {
        return call.records().stream().map(DynamoDbStreamMappingIT::key).toList();
    }

    @Test
    void batchSizeOne_deliversEachRecordAlone_inShardOrder() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("r1", "r2", "r3", "r4", "r5", "r6");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start(Spec.dynamoDb(table).batchSize(1).build(), function, new InMemoryCheckpointStore());

        List<Call> calls = function.await(c -> c.size() >= 6, WAIT, "six invocations");
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6"), keys(calls));
        calls.forEach(call -> assertEquals(1, call.ids().size(), "batch of one"));
        assertEquals("m", calls.get(0).source(), "the mapping is the invocation's source");
    }

    @Test
    void batchSizeFive_neverExceedsFive_andKeepsOrderAcrossBatches() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        List<String> ids = new ArrayList<>();
        for (int i = 10; i < 22; i++) {
            ids.add("r" + i);
        }
        putAll(ids.toArray(String[]::new));
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(5).build(), function, new InMemoryCheckpointStore());

        List<Call> calls = function.await(c -> keys(c).size() >= 12, WAIT, "twelve records");
        assertEquals(List.of(5, 5, 2), calls.stream().map(call -> call.ids().size()).toList());
        assertEquals(ids, keys(calls));
        List<java.math.BigInteger> sequence = calls.stream().flatMap(call -> call.ids().stream())
                .map(java.math.BigInteger::new).toList();
        List<java.math.BigInteger> sorted = new ArrayList<>(sequence);
        Collections.sort(sorted);
        assertEquals(sorted, sequence, "sequence numbers ascend");
        // The counters are updated after the invocation returns: wait for them, not only for the calls.
        TestBed.await(() -> engine.status("m").orElseThrow().lag() == 0
                && engine.status("m").orElseThrow().recordsDelivered() == 12, WAIT, "lag back to 0");
        MappingStatus status = engine.status("m").orElseThrow();
        assertEquals(12, status.recordsDelivered());
        assertEquals(0, status.failedBatches());
        assertEquals("POLLING", status.state());
        assertTrue(status.source().contains(table), status.source());
    }

    @Test
    void events_haveLambdasShape_andTheRuntimesRegion() {
        String streamArn = bed.createTable(table, StreamViewType.NEW_AND_OLD_IMAGES);
        bed.put(table, "a", "v", "1");
        bed.put(table, "a", "v", "2");
        bed.delete(table, "a");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        Instant before = Instant.now().minusSeconds(1);

        start(Spec.dynamoDb(table).build(), function, new InMemoryCheckpointStore());

        List<Call> calls = function.await(c -> keys(c).size() >= 3, WAIT, "three records");
        List<JsonNode> records = calls.stream().flatMap(call -> call.records().stream()).toList();
        assertEquals(List.of("INSERT", "MODIFY", "REMOVE"), records.stream().map(r -> r.get("eventName").asText()).toList());
        for (JsonNode record : records) {
            assertEquals("1.1", record.get("eventVersion").asText());
            assertEquals("aws:dynamodb", record.get("eventSource").asText());
            assertEquals(TestBed.REGION, record.get("awsRegion").asText());
            assertEquals(streamArn, record.get("eventSourceARN").asText());
            assertEquals("NEW_AND_OLD_IMAGES", record.get("dynamodb").get("StreamViewType").asText());
            long created = record.get("dynamodb").get("ApproximateCreationDateTime").asLong();
            assertTrue(created >= before.getEpochSecond() && created <= Instant.now().getEpochSecond(),
                    "arrival tracked to the second, not rounded to the minute: " + created);
            assertTrue(record.get("dynamodb").get("SizeBytes").asInt() > 0);
        }
        assertFalse(records.get(0).get("dynamodb").has("OldImage"), "INSERT has no old image");
        assertEquals("2", records.get(1).get("dynamodb").get("NewImage").get("v").get("S").asText());
        assertEquals("1", records.get(1).get("dynamodb").get("OldImage").get("v").get("S").asText());
        assertFalse(records.get(2).get("dynamodb").has("NewImage"), "REMOVE carries Keys and OldImage only");
        assertTrue(records.get(2).get("dynamodb").has("OldImage"));
    }

    @Test
    void keysOnlyStream_carriesKeysOnly() {
        bed.createTable(table, StreamViewType.KEYS_ONLY);
        bed.put(table, "k1", "big", "value");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start(Spec.dynamoDb(table).build(), function, new InMemoryCheckpointStore());

        JsonNode dynamodb = function.await(c -> !c.isEmpty(), WAIT, "one record").get(0).records().get(0).get("dynamodb");
        assertTrue(dynamodb.has("Keys"));
        assertFalse(dynamodb.has("NewImage"));
        assertFalse(dynamodb.has("OldImage"));
    }

    @Test
    void restart_resumesFromTheFileCheckpoint_withoutLossOrDoubleDelivery(@TempDir Path checkpoints) {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("a1", "a2", "a3", "a4", "a5", "a6", "a7");
        FakeFunctionInvoker first = FakeFunctionInvoker.succeeding();
        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(3).build(), first,
                new FileCheckpointStore(checkpoints));
        first.await(c -> keys(c).size() >= 7, WAIT, "the first seven records");
        engine.close();
        putAll("b1", "b2", "b3");

        FakeFunctionInvoker second = FakeFunctionInvoker.succeeding();
        start(Spec.dynamoDb(table).batchSize(3).build(), second, new FileCheckpointStore(checkpoints));

        // Order per shard: anything delivered again would come before b1.
        List<Call> calls = second.await(c -> keys(c).contains("b3"), WAIT, "the three new records");
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7"), keys(first.calls()));
        assertEquals(List.of("b1", "b2", "b3"), keys(calls));
    }

    @Test
    void restart_duringRetries_deliversTheUnfinishedBatchAgain(@TempDir Path checkpoints) {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("ok1", "bad", "ok2");
        FakeFunctionInvoker failing = new FakeFunctionInvoker(
                call -> keysOf(call).contains("bad") ? functionError("poison") : success(null));
        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(1).build(), failing,
                new FileCheckpointStore(checkpoints));
        failing.await(c -> c.stream().filter(call -> keysOf(call).contains("bad")).count() >= 2, WAIT, "retries");
        engine.close();

        FakeFunctionInvoker fixed = FakeFunctionInvoker.succeeding();
        start(Spec.dynamoDb(table).batchSize(1).build(), fixed, new FileCheckpointStore(checkpoints));

        assertEquals(List.of("bad", "ok2"), keys(fixed.await(c -> keys(c).contains("ok2"), WAIT, "the rest")));
    }

    @Test
    void latest_skipsRecordsWrittenBeforeTheFirstStart_trimHorizonReadsThem_andRestartsLoseNothing(
            @TempDir Path checkpoints) {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("old1", "old2", "old3");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        Map<String, MappingSpec> mappings = new LinkedHashMap<>();
        mappings.put("from-latest", Spec.dynamoDb(table).function("latest-fn").latest().build());
        mappings.put("from-trim-horizon", Spec.dynamoDb(table).function("horizon-fn").build());
        FileCheckpointStore store = new FileCheckpointStore(checkpoints);
        MappingEngine engine = start(bed.engine(TestBed.wiring(mappings, Map.of()), function, store));
        TestBed.await(() -> store.isInitialized("from-latest") && !store.loadAll("from-latest").isEmpty(), WAIT,
                "LATEST to be fixed as a checkpoint");
        putAll("new1", "new2");

        function.await(c -> keysFor(c, "latest-fn").size() >= 2 && keysFor(c, "horizon-fn").size() >= 5, WAIT,
                "both mappings to catch up");
        assertEquals(List.of("new1", "new2"), keysFor(function.calls(), "latest-fn"));
        assertEquals(List.of("old1", "old2", "old3", "new1", "new2"), keysFor(function.calls(), "horizon-fn"));

        engine.close();
        putAll("while-down");
        FakeFunctionInvoker restarted = FakeFunctionInvoker.succeeding();
        start(bed.engine(TestBed.wiring(mappings, Map.of()), restarted, new FileCheckpointStore(checkpoints)));
        restarted.await(c -> keysFor(c, "latest-fn").contains("while-down")
                && keysFor(c, "horizon-fn").contains("while-down"), WAIT, "the record written while down");
        assertEquals(List.of("while-down"), keysFor(restarted.calls(), "latest-fn"));
        assertEquals(List.of("while-down"), keysFor(restarted.calls(), "horizon-fn"));
    }

    private static List<String> keysFor(List<Call> calls, String function) {
        return keys(calls.stream().filter(call -> call.function().equals(function)).toList());
    }

    @Test
    void functionError_isRetried_thenOneOnFailureRecordOfAwsShape_andTheShardMovesOn() {
        String streamArn = bed.createTable(table, StreamViewType.NEW_IMAGE);
        String dlq = bed.createQueue(table + "-failures", Map.of());
        Instant testStart = Instant.now();
        putAll("r1", "poison", "r3");
        FakeFunctionInvoker function = new FakeFunctionInvoker(
                call -> keysOf(call).contains("poison") ? functionError("cannot handle poison") : success(null));

        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(1).retries(2).onFailure(table + "-failures").build(),
                function, new InMemoryCheckpointStore());

        List<Call> calls = function.await(c -> keys(c).contains("r3"), WAIT, "the record after the poison");
        List<Call> poisonCalls = calls.stream().filter(call -> keysOf(call).contains("poison")).toList();
        assertEquals(3, poisonCalls.size(), "the first attempt and two retries");
        assertEquals(List.of("r1", "poison", "poison", "poison", "r3"), keys(calls));

        List<Message> failures = bed.awaitMessages(dlq, 1, WAIT);
        assertEquals(1, failures.size());
        assertEquals(List.of(), bed.drain(dlq), "exactly one on-failure record");
        JsonNode record = TestBed.body(failures.get(0));
        assertEquals(List.of("requestContext", "responseContext", "version", "timestamp", "DDBStreamBatchInfo"),
                fieldNames(record));
        JsonNode request = record.get("requestContext");
        assertEquals(poisonCalls.get(2).result().requestId(), request.get("requestId").asText(),
                "the request id of the last attempt");
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:fn", request.get("functionArn").asText());
        assertEquals("RetryAttemptsExhausted", request.get("condition").asText());
        assertEquals(3, request.get("approximateInvokeCount").asInt());
        assertEquals(Fixtures.json("{\"statusCode\":200,\"executedVersion\":\"$LATEST\",\"functionError\":\"Unhandled\"}"),
                record.get("responseContext"));
        assertEquals("1.0", record.get("version").asText());
        Instant timestamp = Instant.parse(record.get("timestamp").asText());
        assertTrue(record.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertFalse(timestamp.isBefore(testStart) || timestamp.isAfter(Instant.now()));
        JsonNode info = record.get("DDBStreamBatchInfo");
        String poisonSequence = poisonCalls.get(0).ids().get(0);
        String shardId = bed.streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0)
                .shardId();
        assertEquals(shardId, info.get("shardId").asText());
        assertEquals(poisonSequence, info.get("startSequenceNumber").asText());
        assertEquals(poisonSequence, info.get("endSequenceNumber").asText());
        for (String field : List.of("approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord")) {
            String text = info.get(field).asText();
            assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), text);
            Instant arrival = Instant.from(DateTimeFormatter.ISO_INSTANT.parse(text));
            assertFalse(arrival.isBefore(testStart.minusSeconds(1)) || arrival.isAfter(Instant.now()), text);
        }
        assertEquals(1, info.get("batchSize").asInt());
        assertEquals(streamArn, info.get("streamArn").asText());

        MappingStatus status = engine.status("m").orElseThrow();
        assertEquals(1, status.recordsToDlq());
        assertEquals(3, status.failedBatches());
        assertEquals(2, status.recordsDelivered());
        assertEquals(2, status.retries());
    }

    @Test
    void bisect_isolatesThePoisonRecord_everyOtherRecordSucceedsOnce() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        String dlq = bed.createQueue(table + "-failures", Map.of());
        putAll("r1", "r2", "poison", "r4", "r5");
        FakeFunctionInvoker function = new FakeFunctionInvoker(
                call -> keysOf(call).contains("poison") ? functionError("poison") : success(null));
        List<BatchReport> reports = new CopyOnWriteArrayList<>();

        start(bed.engine(TestBed.wiring("m", Spec.dynamoDb(table).batchSize(5).bisect().retries(1)
                .onFailure(table + "-failures").build()), function, new InMemoryCheckpointStore()).listener(reports::add));

        List<Message> failures = bed.awaitMessages(dlq, 1, WAIT);
        function.await(c -> keys(c).contains("r5"), WAIT, "the records after the poison");
        JsonNode info = TestBed.body(failures.get(0)).get("DDBStreamBatchInfo");
        assertEquals(1, info.get("batchSize").asInt(), "only the poison record is given up");
        String poisonSequence = function.calls().stream().filter(call -> keysOf(call).equals(List.of("poison")))
                .findFirst().orElseThrow().ids().get(0);
        assertEquals(poisonSequence, info.get("startSequenceNumber").asText());
        assertEquals(poisonSequence, info.get("endSequenceNumber").asText());
        List<String> succeeded = new ArrayList<>();
        function.calls().stream().filter(call -> call.result().succeeded()).forEach(call -> succeeded.addAll(keysOf(call)));
        assertEquals(List.of("r1", "r2", "r4", "r5"), succeeded, "each other record succeeded exactly once, in order");
        assertEquals(List.of(List.of("r1", "r2", "poison", "r4", "r5"), List.of("r1", "r2", "poison"),
                List.of("r1", "r2"), List.of("poison"), List.of("poison"), List.of("r4", "r5")),
                function.calls().stream().map(DynamoDbStreamMappingIT::keysOf).toList(),
                "halves in order; the single poison record retried once");
        assertEquals(List.of(), bed.drain(dlq));
        assertTrue(reports.stream().anyMatch(r -> r.outcome() == BatchReport.Outcome.GIVEN_UP && r.records() == 1));
        assertEquals(4, reports.stream().filter(r -> r.outcome() == BatchReport.Outcome.FAILED).count());
    }

    @Test
    void partialBatchFailure_checkpointsBeforeTheLowestFailure_andRetriesOnlyFromIt() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("r1", "r2", "r3", "r4", "r5");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> call.number() == 1
                ? itemFailures(List.of(call.ids().get(4), call.ids().get(2)))
                : success("{\"batchItemFailures\":[]}"));
        InMemoryCheckpointStore store = new InMemoryCheckpointStore();

        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(5).build(), function, store);

        List<Call> calls = function.await(c -> c.size() >= 2, WAIT, "the retry");
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5"), keysOf(calls.get(0)));
        assertEquals(List.of("r3", "r4", "r5"), keysOf(calls.get(1)), "from the lowest reported record on");
        TestBed.await(() -> engine.status("m").orElseThrow().recordsDelivered() == 5, WAIT, "five delivered");
        String shard = store.loadAll("m").keySet().iterator().next();
        assertEquals(java.util.Optional.of(Checkpoint.after(calls.get(0).ids().get(4))), store.load("m", shard));
        assertEquals(1, engine.status("m").orElseThrow().failedBatches());
        assertEquals(2, function.calls().size(), "r1 and r2 are never delivered again");
    }

    @Test
    void nullOrUnknownItemIdentifier_failsTheWholeBatch() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("r1", "r2", "r3");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> switch (call.number()) {
            case 1 -> itemFailures(List.of("99999999999999999999999"));
            case 2 -> itemFailures(java.util.Arrays.asList((String) null));
            case 3 -> success("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}");
            default -> success(null);
        });

        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(3).retries(5).build(), function,
                new InMemoryCheckpointStore());

        List<Call> calls = function.await(c -> c.size() >= 4, WAIT, "three failed reports and a success");
        for (Call call : calls) {
            assertEquals(List.of("r1", "r2", "r3"), keysOf(call), "the whole batch, every time");
        }
        TestBed.await(() -> engine.status("m").orElseThrow().recordsDelivered() == 3, WAIT, "delivered");
        assertEquals(3, engine.status("m").orElseThrow().failedBatches());
        assertEquals(4, function.calls().size());
    }

    @Test
    void filterCriteria_deliverOnlyMatchingRecords_andTheShardStillAdvances() {
        bed.createTable(table, StreamViewType.NEW_AND_OLD_IMAGES);
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        Map<String, MappingSpec> mappings = new LinkedHashMap<>();
        mappings.put("removals", Spec.dynamoDb(table).function("removals").filter("{\"eventName\":[\"REMOVE\"]}").build());
        mappings.put("shipped", Spec.dynamoDb(table).function("shipped")
                .filter("{\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":[\"shipped\"]}}}}").build());
        mappings.put("vip-with-email", Spec.dynamoDb(table).function("vip")
                .filter("{\"eventName\":[{\"anything-but\":\"REMOVE\"}],\"dynamodb\":{\"Keys\":{\"id\":{\"S\":"
                        + "[{\"prefix\":\"vip-\"}]}},\"NewImage\":{\"email\":[{\"exists\":true}]}}}").build());
        MappingEngine engine = start(bed.engine(TestBed.wiring(mappings, Map.of()), function,
                new InMemoryCheckpointStore()));

        bed.put(table, "o1", "status", "new");
        bed.put(table, "o1", "status", "shipped");
        bed.put(table, "vip-1", "email", "v@example.com");
        bed.put(table, "vip-2");
        bed.put(table, "plain", "email", "p@example.com");
        bed.delete(table, "o1");
        bed.delete(table, "vip-1");

        function.await(c -> keysFor(c, "removals").size() >= 2 && keysFor(c, "shipped").size() >= 1
                && keysFor(c, "vip").size() >= 1, WAIT, "the matching records");
        // Lag 0 alone can be seen before the last records were read: wait until each mapping has accounted for
        // all seven records (delivered or filtered).
        TestBed.await(() -> engine.statuses().stream()
                .allMatch(s -> s.lag() == 0 && s.recordsDelivered() + s.recordsFiltered() == 7), WAIT, "every shard to advance");
        assertEquals(List.of("o1", "vip-1"), keysFor(function.calls(), "removals"));
        assertEquals(List.of("o1"), keysFor(function.calls(), "shipped"));
        assertEquals(List.of("vip-1"), keysFor(function.calls(), "vip"));
        function.calls().stream().filter(call -> call.function().equals("removals"))
                .forEach(call -> call.records().forEach(r -> assertEquals("REMOVE", r.get("eventName").asText())));
        assertEquals(5, engine.status("removals").orElseThrow().recordsFiltered());
        assertEquals(6, engine.status("shipped").orElseThrow().recordsFiltered());
        assertEquals(6, engine.status("vip-with-email").orElseThrow().recordsFiltered());

        // A whole read that is filtered out still moves the checkpoint.
        bed.put(table, "ignored");
        TestBed.await(() -> engine.status("removals").orElseThrow().recordsFiltered() == 6
                && engine.status("removals").orElseThrow().lag() == 0, WAIT, "the filtered record checkpointed");
    }

    @Test
    void batchingWindow_gathersRecordsArrivingWithinIt_intoOneBatch() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(100).window(3).build(), function,
                new InMemoryCheckpointStore());
        TestBed.await(() -> "POLLING".equals(engine.status("m").orElseThrow().state()), WAIT, "polling");

        putAll("w1");
        sleep(300);
        putAll("w2");
        sleep(300);
        putAll("w3");

        List<Call> calls = function.await(c -> keys(c).size() >= 3, WAIT, "the batch");
        assertEquals(List.of(List.of("w1", "w2", "w3")), calls.stream().map(DynamoDbStreamMappingIT::keysOf).toList());
    }

    @Test
    void batchingWindow_isCutShortByAFullBatch() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("f1", "f2", "f3", "f4");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start(Spec.dynamoDb(table).batchSize(2).window(300).build(), function, new InMemoryCheckpointStore());

        List<Call> calls = function.await(c -> keys(c).size() >= 4, WAIT, "two full batches without the 300 s window");
        assertEquals(List.of(List.of("f1", "f2"), List.of("f3", "f4")),
                calls.stream().map(DynamoDbStreamMappingIT::keysOf).toList());
    }

    @Test
    void recordsOlderThanMaximumRecordAge_areGivenUp_withRecordAgeExceeded() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        String dlq = bed.createQueue(table + "-failures", Map.of());
        TestBed.MovableClock clock = new TestBed.MovableClock();
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> functionError("always"));
        MappingEngine engine = start(bed.engine(TestBed.wiring("m", Spec.dynamoDb(table).batchSize(1).maxAge(60)
                .onFailure(table + "-failures").build()), function, new InMemoryCheckpointStore())
                .settings(TestBed.FAST.withClock(clock)));
        putAll("aging");
        function.await(c -> !c.isEmpty(), WAIT, "a failed attempt");

        clock.advance(Duration.ofMinutes(2));

        JsonNode record = TestBed.body(bed.awaitMessages(dlq, 1, WAIT).get(0));
        assertEquals("RecordAgeExceeded", record.get("requestContext").get("condition").asText());
        assertTrue(record.get("requestContext").get("approximateInvokeCount").asInt() >= 1);
        assertEquals(1, record.get("DDBStreamBatchInfo").get("batchSize").asInt());
        int attempts = function.calls().size();

        clock.reset();
        function.script(call -> success(null));
        putAll("fresh");
        function.await(c -> keys(c).contains("fresh"), WAIT, "the next record");
        assertEquals(attempts + 1, function.calls().size(), "the aged record is not retried any more");
        assertEquals(1, engine.status("m").orElseThrow().recordsToDlq());
    }

    @Test
    void recordsAlreadyTooOldWhenRead_areGivenUpWithoutAnInvocation() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        String dlq = bed.createQueue(table + "-failures", Map.of());
        putAll("stale");
        TestBed.MovableClock clock = new TestBed.MovableClock();
        clock.advance(Duration.ofMinutes(10));
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start(bed.engine(TestBed.wiring("m", Spec.dynamoDb(table).maxAge(60).onFailure(table + "-failures").build()),
                function, new InMemoryCheckpointStore()).settings(TestBed.FAST.withClock(clock)));

        JsonNode record = TestBed.body(bed.awaitMessages(dlq, 1, WAIT).get(0));
        assertEquals("RecordAgeExceeded", record.get("requestContext").get("condition").asText());
        assertEquals(0, record.get("requestContext").get("approximateInvokeCount").asInt());
        assertEquals(List.of(), function.calls());
    }

    @Test
    void unreachableOnFailureQueue_blocksTheShard_untilTheRecordIsSent() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        String queue = table + "-late-dlq";
        putAll("poison", "after");
        FakeFunctionInvoker function = new FakeFunctionInvoker(
                call -> keysOf(call).contains("poison") ? functionError("poison") : success(null));
        MappingEngine engine = start(Spec.dynamoDb(table).batchSize(1).retries(0).onFailure(queue).build(), function,
                new InMemoryCheckpointStore());

        TestBed.await(() -> String.valueOf(engine.status("m").orElseThrow().lastError()).contains(queue), WAIT,
                "the send failure to show in the status");
        assertFalse(keys(function.calls()).contains("after"), "the shard waits: nothing is lost");

        String url = bed.createQueue(queue, Map.of());
        function.await(c -> keys(c).contains("after"), WAIT, "the shard to move on once the record is sent");
        assertEquals(1, bed.awaitMessages(url, 1, WAIT).size());
    }

    @Test
    void closedShard_isDrainedAndMarkedFinished() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("c1", "c2");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        start(Spec.dynamoDb(table).build(), function, store);
        function.await(c -> keys(c).size() >= 2, WAIT, "the records");

        // Disabling the stream closes its shard: GetRecords stops returning a NextShardIterator.
        bed.dynamoDb.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));

        TestBed.await(() -> store.loadAll("m").values().stream().anyMatch(c -> c.type() == Checkpoint.Type.SHARD_END),
                WAIT, "the shard to be finished");
        assertEquals(List.of("c1", "c2"), keys(function.calls()));
    }

    @Test
    void close_stopsPromptly_evenDuringLongRetryBackoffs() {
        bed.createTable(table, StreamViewType.NEW_IMAGE);
        putAll("stuck");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> functionError("always"));
        MappingEngine engine = start(bed.engine(TestBed.wiring("m", Spec.dynamoDb(table).build()), function,
                new InMemoryCheckpointStore()).settings(TestBed.FAST.withRetryBackoff(Duration.ofMinutes(5),
                        Duration.ofMinutes(5))));
        function.await(c -> !c.isEmpty(), WAIT, "the first failure");

        engine.close();

        assertEquals(List.of(), TestBed.mappingThreads());
        assertEquals("STOPPED", engine.status("m").orElseThrow().state());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
