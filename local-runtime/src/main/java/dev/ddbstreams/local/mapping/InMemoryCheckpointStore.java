package dev.ddbstreams.local.mapping;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints kept in memory: for tests and for {@code make run} in in-memory mode. */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final Map<String, Map<String, Checkpoint>> checkpoints = new ConcurrentHashMap<>();
    private final Set<String> initialized = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Checkpoint> load(String mapping, String shardId) {
        return Optional.ofNullable(shards(mapping).get(shardId));
    }

    @Override
    public Map<String, Checkpoint> loadAll(String mapping) {
        return Map.copyOf(new TreeMap<>(shards(mapping)));
    }

    @Override
    public void save(String mapping, String shardId, Checkpoint checkpoint) {
        shards(mapping).put(shardId, checkpoint);
    }

    @Override
    public void retain(String mapping, Set<String> liveShardIds) {
        shards(mapping).keySet().retainAll(new HashSet<>(liveShardIds));
    }

    @Override
    public boolean isInitialized(String mapping) {
        return initialized.contains(mapping);
    }

    @Override
    public void markInitialized(String mapping) {
        initialized.add(mapping);
    }

    @Override
    public void forget(String mapping) {
        checkpoints.remove(mapping);
        initialized.remove(mapping);
    }

    private Map<String, Checkpoint> shards(String mapping) {
        return checkpoints.computeIfAbsent(mapping, m -> new ConcurrentHashMap<>());
    }
}
