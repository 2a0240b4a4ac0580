package dev.ddbstreams.kinesis.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard's state, owned by {@link KinesisService} and changed only under its lock. Records are only appended;
 * records past the retention period are skipped when read, not removed.
 */
final class Shard {

    final int index;
    final String id;
    final HashKeyRange hashKeyRange;
    final String parentShardId;
    final String adjacentParentShardId;
    final Instant createdAt;
    final String startingSequenceNumber;
    final List<KinesisRecord> records = new ArrayList<>();
    String endingSequenceNumber;
    Instant closedAt;

    Shard(int index, HashKeyRange hashKeyRange, String parentShardId, String adjacentParentShardId, Instant createdAt,
          long streamCreatedMillis) {
        this.index = index;
        this.id = ShardIds.of(index);
        this.hashKeyRange = hashKeyRange;
        this.parentShardId = parentShardId;
        this.adjacentParentShardId = adjacentParentShardId;
        this.createdAt = createdAt;
        this.startingSequenceNumber = SequenceNumbers.format(streamCreatedMillis, index, 0);
    }

    boolean isOpen() {
        return endingSequenceNumber == null;
    }

    /** The sequence number of the last record, or the starting one when the shard holds none. */
    String lastSequenceNumber() {
        return records.isEmpty() ? startingSequenceNumber : records.get(records.size() - 1).sequenceNumber();
    }

    /** Index of the first record that arrived at or after {@code time} (records arrive in time order). */
    int firstIndexAtOrAfter(Instant time) {
        int low = 0;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).approximateArrivalTimestamp().isBefore(time)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    ShardView view() {
        return new ShardView(id, parentShardId, adjacentParentShardId, hashKeyRange, startingSequenceNumber,
                endingSequenceNumber);
    }
}
