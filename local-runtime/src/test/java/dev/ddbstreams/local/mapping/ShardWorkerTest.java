package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.mapping.FakeFunctionInvoker.Call;
import dev.ddbstreams.local.mapping.TestBed.Spec;
import dev.ddbstreams.local.wiring.MappingSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The shard poller against a scripted stream: shard lineage and the emulator quirks it must survive.
 */
class ShardWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScriptedShardSource source = new ScriptedShardSource();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();
    private StreamMappingPoller poller;

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.signalStop();
            assertTrue(poller.awaitStopped(5000), "poller threads ended");
        }
    }

    private StreamMappingPoller start(MappingSpec spec) {
        MappingCounters counters = new MappingCounters("m", spec.function(), "scripted");
        poller = new StreamMappingPoller("m", spec, "arn:aws:lambda:us-east-1:000000000000:function:fn",
                source.supplier(), checkpoints, function, TestBed.FAST.withDiscoveryInterval(Duration.ofMillis(100)),
                counters, null, EventFilter.of(spec.filters()), (queue, lifecycle, c) -> null);
        poller.start();
        return poller;
    }

    private static List<String> keys(List<Call> calls) {
        List<String> keys = new ArrayList<>();
        calls.forEach(call -> call.records().forEach(r -> keys.add(r.get("dynamodb").get("Keys").get("id").get("S")
                .asText())));
        return keys;
    }

    @Test
    void parentShards_areDrainedBeforeTheirChildren_acrossGenerations() {
        source.shard("grandchild", "child", false, "g1")
                .shard("child", "parent", true, "c1", "c2")
                .shard("parent", null, true, "p1", "p2", "p3");

        start(Spec.dynamoDb("t").batchSize(1).build());

        List<Call> calls = function.await(c -> c.size() >= 6, WAIT, "every record");
        assertEquals(List.of("p1", "p2", "p3", "c1", "c2", "g1"), keys(calls));
        assertEquals(Optional.of(Checkpoint.shardEnd(calls.get(2).ids().get(0))), checkpoints.load("m", "parent"));
        assertEquals(Optional.of(Checkpoint.shardEnd(calls.get(4).ids().get(0))), checkpoints.load("m", "child"));
    }

    @Test
    void childOfAClosedShard_startsOnceTheParentIsDrained() {
        source.shard("parent", null, false, "p1");
        start(Spec.dynamoDb("t").build());
        function.await(c -> keys(c).contains("p1"), WAIT, "the parent's record");

        source.append("parent", "p2");
        source.close("parent");
        source.shard("child", "parent", false, "c1");

        function.await(c -> keys(c).contains("c1"), WAIT, "the child's record");
        assertEquals(List.of("p1", "p2", "c1"), keys(function.calls()));
    }

    @Test
    void expiredOrRejectedIterator_isReacquiredAfterTheLastRecordRead_withoutLossOrDuplicates() {
        source.shard("s", null, false, "r1", "r2");
        start(Spec.dynamoDb("t").batchSize(2).build());
        function.await(c -> keys(c).size() >= 2, WAIT, "the first records");

        source.failNextReads(
                new ShardReadException(ShardReadException.Kind.EXPIRED_ITERATOR, "Iterator expired", null),
                new ShardReadException(ShardReadException.Kind.INVALID_ITERATOR, "Invalid ShardId in ShardIterator", null));
        source.append("s", "r3", "r4");

        function.await(c -> keys(c).size() >= 4, WAIT, "the records after the new iterators");
        assertEquals(List.of("r1", "r2", "r3", "r4"), keys(function.calls()));
        assertTrue(source.iteratorRequests().stream().filter(r -> r.startsWith("s:AFTER_SEQUENCE_NUMBER")).count() >= 2,
                source.iteratorRequests().toString());
    }

    @Test
    void throttlingAndUnexpectedErrors_backOff_showInTheStatus_andPollingContinues() {
        source.shard("s", null, false, "r1");
        source.failNextReads(
                new ShardReadException(ShardReadException.Kind.THROTTLED, "LimitExceededException", null),
                (RuntimeException) DynamoDbException.builder().message("boom").statusCode(400).build(),
                new IllegalStateException("unexpected"));

        StreamMappingPoller started = start(Spec.dynamoDb("t").build());

        function.await(c -> keys(c).contains("r1"), WAIT, "the record after the errors");
        assertTrue(String.valueOf(started.status().lastError()).contains("unexpected"), started.status().lastError());
    }

    @Test
    void unreadableRecord_isRetriedAsAFailedBatch_thenGivenUpOn_andTheShardMovesOn() {
        source.shard("s", null, false, "r1", "r2", "bad", "r4", "r5");
        source.unreadable("bad");

        StreamMappingPoller started = start(Spec.dynamoDb("t").batchSize(10).retries(2).build());

        function.await(c -> keys(c).contains("r5"), WAIT, "the records after the unreadable one");
        assertEquals(List.of("r1", "r2", "r4", "r5"), keys(function.calls()));
        TestBed.await(() -> started.status().recordsToDlq() == 1, WAIT, "the unreadable record given up on");
        assertTrue(started.status().failedBatches() >= 3, "first attempt and two retries: " + started.status());
        assertTrue(String.valueOf(started.status().lastError()).contains("gave up on unreadable record"),
                started.status().lastError());
        assertTrue(String.valueOf(started.status().lastError()).contains("Unable to unmarshall"), started.status().lastError());
    }

    @Test
    void unreadableRecord_withUnlimitedRetries_isGivenUpOnOnceOlderThanTheMaximumRecordAge() {
        source.shard("s", null, false, "bad");
        source.unreadable("bad");

        StreamMappingPoller started = start(Spec.dynamoDb("t").maxAge(1).build());

        TestBed.await(() -> started.status().recordsToDlq() == 1, WAIT, "the unreadable record given up on");
        source.append("s", "r2");
        function.await(c -> keys(c).contains("r2"), WAIT, "the record after the unreadable one");
        assertEquals(List.of("r2"), keys(function.calls()));
        assertTrue(String.valueOf(started.status().lastError()).contains("RecordAgeExceeded"), started.status().lastError());
    }

    @Test
    void trimmedCheckpoint_restartsAtTrimHorizon_andCountsIt() {
        source.shard("s", null, false, "gone1", "gone2", "kept1", "kept2");
        String trimmedSequence = "1000";
        checkpoints.save("m", "s", Checkpoint.after(trimmedSequence));
        checkpoints.markInitialized("m");
        source.trim("s", 2);

        StreamMappingPoller started = start(Spec.dynamoDb("t").build());

        function.await(c -> keys(c).contains("kept2"), WAIT, "the records still in the stream");
        assertEquals(List.of("kept1", "kept2"), keys(function.calls()));
        assertEquals(1, started.status().iteratorResets());
        assertTrue(String.valueOf(started.status().lastError()).contains("were lost"), started.status().lastError());
    }

    /** A shard read from TRIM_HORIZON had no position to lose: a trimmed answer there is not reported as loss. */
    @Test
    void freshShard_trimmedAtTrimHorizon_isReadFromTheNewHorizon_withoutReportingLoss() {
        source.shard("s", null, false, "gone1", "kept1", "kept2");
        source.trim("s", 1);
        source.failNextReads(new ShardReadException(ShardReadException.Kind.TRIMMED, "s|0", null));

        StreamMappingPoller started = start(Spec.dynamoDb("t").build());

        function.await(c -> keys(c).contains("kept2"), WAIT, "the records still in the stream");
        assertEquals(List.of("kept1", "kept2"), keys(function.calls()));
        assertEquals(0, started.status().iteratorResets());
        assertNull(started.status().lastError(), "nothing was lost, so nothing is reported");
    }

    @Test
    void filteredRecords_areSkippedInsideBatches_andCheckpointedWithThem() {
        source.shard("s", null, true, "keep-1", "drop-1", "keep-2", "drop-2", "drop-3");

        start(Spec.dynamoDb("t").filter("{\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[{\"prefix\":\"keep\"}]}}}}").build());

        TestBed.await(() -> checkpoints.load("m", "s").map(c -> c.type() == Checkpoint.Type.SHARD_END).orElse(false),
                WAIT, "the shard to be drained");
        assertEquals(List.of("keep-1", "keep-2"), keys(function.calls()));
        assertEquals(3, poller.status().recordsFiltered());
        assertEquals(0, poller.status().lag());
    }

    @Test
    void shardThatDisappears_isLeftWithoutCheckpoint_andItsChildrenStart() {
        source.shard("child", "vanished-parent", false, "c1");

        start(Spec.dynamoDb("t").build());

        function.await(c -> keys(c).contains("c1"), WAIT, "the orphan child's record");
    }

    @Test
    void retryBackoff_doublesUpToItsMaximum() {
        EngineSettings settings = EngineSettings.defaults();
        assertEquals(Duration.ofMillis(100), settings.retryBackoff(1));
        assertEquals(Duration.ofMillis(200), settings.retryBackoff(2));
        assertEquals(Duration.ofMillis(1600), settings.retryBackoff(5));
        assertEquals(Duration.ofSeconds(2), settings.retryBackoff(30));
    }
}
