package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.endpoint.lambda.EventSourceMappingDefinition;
import dev.ddbstreams.local.mapping.TestBed.Spec;
import dev.ddbstreams.local.wiring.Wiring;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Mappings created, changed and deleted while the engine runs (what the Lambda control plane asks of it), against
 * our DynamoDB engine and ElasticMQ in this JVM.
 */
class MappingEngineChangesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Wiring EMPTY = new Wiring(null, null, null, null, null, null);

    private TestBed bed;
    private MappingEngine engine;
    private final RecordingCheckpoints checkpoints = new RecordingCheckpoints();

    @BeforeEach
    void start() {
        bed = TestBed.withDynamoDb();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        bed.close();
    }

    @Test
    void aMappingAddedWhileRunning_polls_andRemovingItStopsPromptly_withoutCommittingItsUnfinishedBatch()
            throws Exception {
        bed.createTable("orders", StreamViewType.KEYS_ONLY);
        CountDownLatch invoked = new CountDownLatch(1);
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> {
            invoked.countDown();
            try {
                Thread.sleep(60_000); // a batch still in the function when the mapping is deleted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeFunctionInvoker.functionError("interrupted");
        });
        engine = bed.engine(EMPTY, function, checkpoints).build();
        engine.start();
        assertEquals(List.of(), engine.statuses());

        engine.put("orders-logger", Spec.dynamoDb("orders").build(), true);
        bed.put("orders", "1");
        assertTrue(invoked.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the added mapping polls");

        long startNanos = System.nanoTime();
        assertTrue(engine.remove("orders-logger"));
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);

        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "stopped promptly: " + took);
        assertEquals(List.of(), checkpoints.saves, "nothing of the unfinished batch was committed");
        assertEquals(List.of("orders-logger"), checkpoints.forgotten, "a deleted mapping's position is forgotten");
        assertEquals(Optional.empty(), engine.status("orders-logger"));
        assertEquals(List.of(), TestBed.mappingThreads());
        assertFalse(engine.remove("orders-logger"));
    }

    @Test
    void changingAMapping_restartsIt_fromItsCheckpoint_withTheNewSettings() {
        bed.createTable("orders", StreamViewType.KEYS_ONLY);
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        engine = bed.engine(EMPTY, function, checkpoints).build();
        engine.start();
        engine.put("m", Spec.dynamoDb("orders").function("first").batchSize(1).build(), true);
        bed.put("orders", "a");
        bed.put("orders", "b");
        function.await(calls -> calls.size() == 2, WAIT, "two single-record batches");
        TestBed.await(() -> checkpoints.saves.size() >= 2, WAIT, "both batches checkpointed");

        engine.put("m", Spec.dynamoDb("orders").function("second").batchSize(10).build(), true);
        bed.put("orders", "c");
        bed.put("orders", "d");
        List<FakeFunctionInvoker.Call> calls = function.await(
                all -> all.stream().filter(call -> call.function().equals("second"))
                        .mapToInt(call -> call.ids().size()).sum() == 2, WAIT, "c and d delivered to the new function");
        assertEquals(List.of("first", "first"), calls.subList(0, 2).stream().map(FakeFunctionInvoker.Call::function).toList());
        assertEquals(4, function.deliveredIds().size(), "nothing delivered twice, nothing skipped: " + function.describe());
        assertEquals("OK", engine.lastProcessingResult("m").orElseThrow());
        assertEquals("second", engine.status("m").orElseThrow().function());
    }

    @Test
    void aMappingFromTheLambdaApi_readsTheStreamItsArnNames_underItsWiringName_andReportsFailedCalls() {
        String streamArn = bed.createTable("Orders", StreamViewType.KEYS_ONLY);
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> FakeFunctionInvoker.functionError("boom"));
        engine = bed.engine(EMPTY, function, checkpoints).build();
        engine.start();
        EventSourceMappingDefinition definition = definition("6f1c", streamArn,
                Map.of(EventSourceMappingDefinition.WIRING_NAME_TAG, "orders-keys-logger"));
        String name = MappingDefinitions.name(definition);
        assertEquals("orders-keys-logger", name);

        engine.put(name, MappingDefinitions.toSpec(definition), true);
        assertEquals("No records processed", engine.lastProcessingResult(name).orElseThrow());
        bed.put("Orders", "1");

        List<FakeFunctionInvoker.Call> calls = function.await(all -> !all.isEmpty(), WAIT, "an invocation");
        assertEquals("logger", calls.get(0).function());
        assertEquals(streamArn, calls.get(0).records().get(0).get("eventSourceARN").asText());
        TestBed.await(() -> engine.lastProcessingResult(name).orElseThrow().equals("PROBLEM: Function call failed"),
                WAIT, "the failed call in LastProcessingResult");
    }

    @Test
    void aDisabledMapping_doesNotPoll_andSaysWhy() throws Exception {
        bed.createTable("orders", StreamViewType.KEYS_ONLY);
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
        engine = bed.engine(EMPTY, function, checkpoints).build();
        engine.start();

        engine.put("m", Spec.dynamoDb("orders").build(), false);
        bed.put("orders", "1");
        Thread.sleep(700);

        MappingStatus status = engine.status("m").orElseThrow();
        assertEquals("DISABLED", status.state());
        assertTrue(status.lastError().contains("Enabled: false"), status.lastError());
        assertEquals(List.of(), function.calls());
    }

    @Test
    void theSourceCheck_findsMissingStreamsAndQueues_andTablesDeletedSince() {
        String streamArn = bed.createTable("orders", StreamViewType.KEYS_ONLY);
        String queueArn = bed.queueArn(bed.createQueue("work", Map.of()));
        EventSourceCheck check = new EventSourceCheck(bed.streams, null, bed.sqs);
        String missingStream = "arn:aws:dynamodb:us-east-1:000000000000:table/nope/stream/2026-01-01T00:00:00.000";
        String missingQueue = "arn:aws:sqs:us-east-1:000000000000:nope";

        assertEquals(Optional.empty(), check.creationProblem(streamArn));
        assertEquals(Optional.empty(), check.creationProblem(queueArn));
        assertEquals(Optional.of("Stream not found: " + missingStream), check.creationProblem(missingStream));
        assertEquals(Optional.of(EventSourceCheck.NO_QUEUE), check.creationProblem(missingQueue));
        assertTrue(check.creationProblem("arn:aws:sns:us-east-1:000000000000:topic").orElseThrow()
                .startsWith("Unsupported event source"));

        bed.dynamoDb.deleteTable(b -> b.tableName("orders"));

        String problem = check.pollingProblem(streamArn).orElseThrow();
        assertTrue(problem.equals("Stream is disabled: " + streamArn) || problem.equals("Stream not found: " + streamArn),
                problem);
    }

    private static EventSourceMappingDefinition definition(String uuid, String sourceArn, Map<String, String> tags) {
        return new EventSourceMappingDefinition(uuid, sourceArn, "logger", Map.of(),
                "arn:aws:lambda:us-east-1:000000000000:function:logger", true, 1, 0, "TRIM_HORIZON", null, -1, -1,
                false, 1, 0, null, List.of(), Set.of(), tags);
    }

    /** In memory, recording every save and forget. */
    private static final class RecordingCheckpoints implements CheckpointStore {
        final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        final List<String> saves = new CopyOnWriteArrayList<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Checkpoint> load(String mapping, String shardId) {
            return store.load(mapping, shardId);
        }

        @Override
        public Map<String, Checkpoint> loadAll(String mapping) {
            return store.loadAll(mapping);
        }

        @Override
        public void save(String mapping, String shardId, Checkpoint checkpoint) {
            saves.add(mapping + " " + shardId + " " + checkpoint);
            store.save(mapping, shardId, checkpoint);
        }

        @Override
        public void retain(String mapping, Set<String> liveShardIds) {
            store.retain(mapping, liveShardIds);
        }

        @Override
        public boolean isInitialized(String mapping) {
            return store.isInitialized(mapping);
        }

        @Override
        public void markInitialized(String mapping) {
            store.markInitialized(mapping);
        }

        @Override
        public void forget(String mapping) {
            forgotten.add(mapping);
            store.forget(mapping);
        }
    }
}
