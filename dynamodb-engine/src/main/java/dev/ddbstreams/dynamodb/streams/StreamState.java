package dev.ddbstreams.dynamodb.streams;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One stream of a table (a table gets a new stream, with a new label and ARN, each time streams are
 * enabled). It keeps one shard, open while the stream is ENABLED.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamDescription.html">StreamDescription</a>
 */
public final class StreamState {

    private final String arn;
    private final String tableName;
    private final String label;
    private final String viewType;
    private final long createdMillis;
    private final List<String> keySchema;
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile long disabledMillis = -1;

    public StreamState(String arn, String tableName, String label, String viewType, long createdMillis,
            List<String> keySchema) {
        this.arn = arn;
        this.tableName = tableName;
        this.label = label;
        this.viewType = viewType;
        this.createdMillis = createdMillis;
        this.keySchema = List.copyOf(keySchema);
    }

    public String arn() {
        return arn;
    }

    public String tableName() {
        return tableName;
    }

    public String label() {
        return label;
    }

    public String viewType() {
        return viewType;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** Partition key name, then sort key name when there is one. */
    public List<String> keySchema() {
        return keySchema;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public List<Shard> shards() {
        return shards;
    }

    public Shard openShard() {
        for (Shard shard : shards) {
            if (shard.isOpen()) {
                return shard;
            }
        }
        return null;
    }

    public Shard shard(String shardId) {
        for (Shard shard : shards) {
            if (shard.shardId().equals(shardId)) {
                return shard;
            }
        }
        return null;
    }

    public void addShard(Shard shard) {
        shards.add(shard);
    }

    public void append(StreamRecord record) {
        Shard open = openShard();
        if (open != null) {
            open.append(record);
        }
    }

    /** When the stream was disabled (-1 while enabled). */
    public long disabledMillis() {
        return disabledMillis;
    }

    public void disable(long atMillis) {
        enabled = false;
        disabledMillis = atMillis;
        Shard open = openShard();
        if (open != null) {
            long last = open.lastSequence();
            open.close(last < 0 ? open.startingSequence() : last);
        }
    }

    public void trim(long horizonMillis) {
        shards.forEach(shard -> shard.trim(horizonMillis));
    }
}
