package dev.ddbstreams.endpoint.sqs;

import dev.ddbstreams.endpoint.persistence.SnapshotStore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The queue attributes ElasticMQ cannot keep (MessageRetentionPeriod, MaximumMessageSize, SqsManagedSseEnabled, the KMS
 * settings, Policy, RedriveAllowPolicy, the FIFO throughput settings), by queue name. With a data directory they are
 * written to {@code <data>/sqs-attributes.json} before the change is acknowledged, as the edge keeps its other state.
 */
final class QueueAttributeStore {
    /** The snapshot: attributes by queue name. */
    public static final class State {
        public Map<String, Map<String, String>> queues = new TreeMap<>();
    }

    private final SnapshotStore<State> snapshots;
    private final State state;

    QueueAttributeStore(Optional<Path> directory) {
        snapshots = SnapshotStore.in(directory, "sqs-attributes", State.class);
        state = snapshots.load().orElseGet(State::new);
    }

    synchronized Optional<Map<String, String>> get(String queueName) {
        return Optional.ofNullable(state.queues.get(queueName)).map(LinkedHashMap::new);
    }

    synchronized void put(String queueName, Map<String, String> attributes) {
        state.queues.put(queueName, new TreeMap<>(attributes));
        snapshots.save(state);
    }

    synchronized void remove(String queueName) {
        if (state.queues.remove(queueName) != null) {
            snapshots.save(state);
        }
    }
}
