package dev.ddbstreams.local.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where stream mappings keep their position per shard, so that a restarted runtime resumes each mapping
 * where it stopped: nothing handled is delivered again, nothing unhandled is skipped. Lambda keeps this
 * state inside the event source mapping; the local runtime keeps it here.
 *
 * <p>Implementations are thread-safe: the shards of one mapping are polled by different threads.
 *
 * @see FileCheckpointStore
 * @see InMemoryCheckpointStore
 */
public interface CheckpointStore {

    /**
     * @return the checkpoint of {@code shardId} for {@code mapping}, empty when the mapping never
     *         checkpointed that shard
     * @throws IllegalStateException when stored checkpoints cannot be read (the message says which file)
     */
    Optional<Checkpoint> load(String mapping, String shardId);

    /** @return every shard checkpoint of {@code mapping}, by shard id */
    Map<String, Checkpoint> loadAll(String mapping);

    /** Stores (replaces) the checkpoint of one shard; durable when this returns. */
    void save(String mapping, String shardId, Checkpoint checkpoint);

    /**
     * Forgets checkpoints of shards that no longer exist (trimmed away after the retention period), so the
     * store does not grow forever.
     */
    void retain(String mapping, Set<String> liveShardIds);

    /**
     * @return whether {@code mapping} has started before. A LATEST mapping applies LATEST only on its very first
     *         start; shards that appear later (children of split or rotated shards) are read from their start.
     */
    boolean isInitialized(String mapping);

    /** Records that {@code mapping} has started (see {@link #isInitialized(String)}). */
    void markInitialized(String mapping);

    /** Forgets everything about {@code mapping} (it was deleted): a new mapping of that name starts afresh. */
    void forget(String mapping);
}
