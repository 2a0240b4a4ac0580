package dev.ddbstreams.scores;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A hostile event source mapping for tests: spreads records over shards ("lanes", by item key, so one
 * item's records stay in order as in DynamoDB Streams), delivers each lane in batches with Lambda's
 * checkpointing on reported failures, and injects what at-least-once delivery allows: a bisected half
 * applied before the whole batch is retried, whole batches delivered twice, stale already-applied records
 * delivered again out of order, and fresh containers (restarts). Lanes run interleaved on one thread, or
 * truly in parallel.
 */
final class SimulatedMapping {

    /** Per-batch probabilities of each fault. */
    record Faults(double bisectedHalf, double duplicate, double stale, double restart) {
    }

    /** What happened; every counter only grows. */
    static final class Stats {
        final AtomicInteger invocations = new AtomicInteger();
        final AtomicInteger reportedFailures = new AtomicInteger();
        final AtomicInteger givenUp = new AtomicInteger();
        final AtomicInteger bisectedHalves = new AtomicInteger();
        final AtomicInteger duplicateBatches = new AtomicInteger();
        final AtomicInteger staleRedeliveries = new AtomicInteger();
        final AtomicInteger restarts = new AtomicInteger();
        final AtomicInteger failuresOnRedelivery = new AtomicInteger();

        @Override
        public String toString() {
            return "invocations=" + invocations + " reportedFailures=" + reportedFailures + " givenUp=" + givenUp
                    + " bisectedHalves=" + bisectedHalves + " duplicateBatches=" + duplicateBatches
                    + " staleRedeliveries=" + staleRedeliveries + " restarts=" + restarts
                    + " failuresOnRedelivery=" + failuresOnRedelivery;
        }
    }

    private static final int MAX_RETRIES = 10;

    private final Supplier<Function<DynamodbEvent, StreamsEventResponse>> containers;
    private final Function<List<Record>, String> eventJson;
    private final Faults faults;
    private final int maxBatch;
    private final List<Lane> lanes = new ArrayList<>();
    private final Random scheduler;
    private final Stats stats = new Stats();

    /** @param eventJson renders records as the Lambda event's JSON, as {@code StreamTail::eventJson} does */
    SimulatedMapping(Supplier<Function<DynamodbEvent, StreamsEventResponse>> containers,
            Function<List<Record>, String> eventJson, Faults faults, int laneCount, int maxBatch, long seed) {
        this.containers = containers;
        this.eventJson = eventJson;
        this.faults = faults;
        this.maxBatch = maxBatch;
        this.scheduler = new Random(seed);
        for (int i = 0; i < laneCount; i++) {
            lanes.add(new Lane(new Random(seed * 31 + i)));
        }
    }

    Stats stats() {
        return stats;
    }

    /** Starts every lane on a fresh container, as after a restart of the whole runtime. */
    void restartAll() {
        lanes.forEach(lane -> lane.container = null);
    }

    /** Delivers {@code records} (new records, in stream order) until every lane is drained. */
    void deliver(List<Record> records, boolean parallel) throws Exception {
        for (Record record : records) {
            lanes.get(Math.floorMod(record.dynamodb().keys().hashCode(), lanes.size())).pending.add(record);
        }
        if (parallel) {
            ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Lane lane : lanes) {
                    running.add(pool.submit(lane::drain));
                }
                for (Future<?> lane : running) {
                    lane.get();
                }
            } finally {
                pool.shutdownNow();
            }
        } else {
            List<Lane> busy = new ArrayList<>();
            do {
                busy.clear();
                lanes.stream().filter(lane -> !lane.pending.isEmpty()).forEach(busy::add);
                if (!busy.isEmpty()) {
                    busy.get(scheduler.nextInt(busy.size())).step();
                }
            } while (!busy.isEmpty());
        }
    }

    private final class Lane {
        private final Random random;
        private final List<Record> pending = new ArrayList<>();
        private final List<Record> applied = new ArrayList<>();
        private final Map<String, Integer> attempts = new HashMap<>();
        private Function<DynamodbEvent, StreamsEventResponse> container;

        Lane(Random random) {
            this.random = random;
        }

        void drain() {
            while (!pending.isEmpty()) {
                step();
            }
        }

        void step() {
            if (container == null || random.nextDouble() < faults.restart()) {
                if (container != null) {
                    stats.restarts.incrementAndGet();
                }
                container = containers.get();
            }
            int size = Math.min(pending.size(), 1 + random.nextInt(maxBatch));
            List<Record> batch = new ArrayList<>(pending.subList(0, size));
            if (size > 1 && random.nextDouble() < faults.bisectedHalf()) {
                // The half was applied, then the function died before answering: Lambda retries the batch.
                invoke(batch.subList(0, size / 2));
                stats.bisectedHalves.incrementAndGet();
            }
            List<StreamsEventResponse.BatchItemFailure> failures = invoke(batch).getBatchItemFailures();
            if (failures.isEmpty()) {
                acknowledge(batch.size());
                redeliver(batch);
                return;
            }
            stats.reportedFailures.incrementAndGet();
            String failed = failures.get(0).getItemIdentifier();
            int checkpoint = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).dynamodb().sequenceNumber().equals(failed)) {
                    checkpoint = i;
                }
            }
            acknowledge(checkpoint);
            String head = pending.get(0).dynamodb().sequenceNumber();
            if (attempts.merge(head, 1, Integer::sum) > MAX_RETRIES) {
                pending.remove(0); // given up: the on-failure destination would get its metadata
                stats.givenUp.incrementAndGet();
            }
        }

        private void acknowledge(int count) {
            List<Record> done = pending.subList(0, count);
            applied.addAll(done);
            done.clear();
        }

        private void redeliver(List<Record> batch) {
            if (random.nextDouble() < faults.duplicate()) {
                stats.duplicateBatches.incrementAndGet();
                expectSuccess(invoke(batch));
            }
            if (applied.size() > 1 && random.nextDouble() < faults.stale()) {
                int from = random.nextInt(applied.size() - 1);
                int to = Math.min(applied.size(), from + 1 + random.nextInt(2 * maxBatch));
                List<Record> stale = new ArrayList<>(applied.subList(from, to));
                Collections.shuffle(stale, random);
                stats.staleRedeliveries.incrementAndGet();
                expectSuccess(invoke(stale));
            }
        }

        private void expectSuccess(StreamsEventResponse response) {
            if (!response.getBatchItemFailures().isEmpty()) {
                stats.failuresOnRedelivery.incrementAndGet();
            }
        }

        private StreamsEventResponse invoke(List<Record> records) {
            stats.invocations.incrementAndGet();
            // Serialised and read back per invocation, as the Lambda runtime hands every invocation fresh objects.
            DynamodbEvent event = LambdaEvents.fromJson(eventJson.apply(records), DynamodbEvent.class);
            return container.apply(event);
        }
    }
}
