package dev.ddbstreams.dynamodb.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * A shard of a stream: its records in sequence order. Appends come from the single writer; readers copy
 * out under the shard's monitor, which is held only for the copy.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Shard.html">Shard</a>
 */
public final class Shard {

    private final String shardId;
    private final long startingSequence;
    private final long createdMillis;
    private final List<StreamRecord> records = new ArrayList<>();
    /** Records before this index were trimmed (past the 24-hour retention). */
    private int trimmed;
    private long trimmedThroughSequence = -1;
    private volatile long endingSequence = -1;

    public Shard(String shardId, long startingSequence, long createdMillis) {
        this.shardId = shardId;
        this.startingSequence = startingSequence;
        this.createdMillis = createdMillis;
    }

    public String shardId() {
        return shardId;
    }

    public long startingSequence() {
        return startingSequence;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** -1 while the shard is open. */
    public long endingSequence() {
        return endingSequence;
    }

    public boolean isOpen() {
        return endingSequence < 0;
    }

    synchronized void append(StreamRecord record) {
        records.add(record);
    }

    synchronized void close(long lastSequence) {
        endingSequence = lastSequence;
    }

    /** Drops records created before {@code horizonMillis}; returns how many went. */
    synchronized int trim(long horizonMillis) {
        int before = trimmed;
        while (trimmed < records.size() && records.get(trimmed).createdMillis() < horizonMillis) {
            trimmedThroughSequence = records.get(trimmed).sequence();
            records.set(trimmed, null);
            trimmed++;
        }
        if (trimmed > 4096 && trimmed > records.size() / 2) {
            records.subList(0, trimmed).clear();
            trimmed = 0;
        }
        return trimmed - before;
    }

    /** The sequence of the newest trimmed record, or -1 when none was trimmed. */
    public synchronized long trimmedThroughSequence() {
        return trimmedThroughSequence;
    }

    /** The sequence of the newest record, or -1 when the shard has none. */
    public synchronized long lastSequence() {
        return records.size() > trimmed ? records.get(records.size() - 1).sequence() : trimmedThroughSequence;
    }

    /** Up to {@code max} retained records with sequence >= {@code from}, in order. */
    public synchronized List<StreamRecord> readFrom(long from, int max) {
        int low = trimmed;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).sequence() < from) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        List<StreamRecord> out = new ArrayList<>(Math.min(max, records.size() - low));
        for (int i = low; i < records.size() && out.size() < max; i++) {
            out.add(records.get(i));
        }
        return out;
    }

    public synchronized List<StreamRecord> retained() {
        return new ArrayList<>(records.subList(trimmed, records.size()));
    }
}
