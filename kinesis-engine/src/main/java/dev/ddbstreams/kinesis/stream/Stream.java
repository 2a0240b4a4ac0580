package dev.ddbstreams.kinesis.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stream's state, owned by {@link KinesisService} and changed only under its lock. */
final class Stream {

    final String name;
    final String arn;
    final Instant createdAt;
    final long createdMillis;
    final Instant activeAt;
    final List<Shard> shards = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    StreamMode mode;
    int retentionPeriodHours = KinesisLimits.DEFAULT_RETENTION_HOURS;
    String encryptionType = "NONE";
    String keyId;
    List<String> shardLevelMetrics = List.of();
    Instant updatingUntil;
    Instant deletingAt;
    Instant goneAt;

    Stream(String name, String arn, Instant createdAt, StreamMode mode, Duration transitionDelay) {
        this.name = name;
        this.arn = arn;
        this.createdAt = createdAt;
        this.createdMillis = createdAt.toEpochMilli();
        this.activeAt = createdAt.plus(transitionDelay);
        this.mode = mode;
    }

    /** The status at {@code now}: transitions are timed, so they need no background thread and replay exactly. */
    StreamStatus status(Instant now) {
        if (deletingAt != null) {
            return StreamStatus.DELETING;
        }
        if (now.isBefore(activeAt)) {
            return StreamStatus.CREATING;
        }
        if (updatingUntil != null && now.isBefore(updatingUntil)) {
            return StreamStatus.UPDATING;
        }
        return StreamStatus.ACTIVE;
    }

    boolean isGone(Instant now) {
        return goneAt != null && !now.isBefore(goneAt);
    }

    Shard shard(int index) {
        return index >= 0 && index < shards.size() ? shards.get(index) : null;
    }

    List<Shard> openShards() {
        return shards.stream().filter(Shard::isOpen).toList();
    }

    /**
     * Shards a reader can still see: open ones, and closed ones whose records may still be within retention.
     * AWS drops a closed shard from DescribeStream once it is past the retention period.
     *
     * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-after-resharding.html">Data routing, data persistence, and shard state after a reshard</a>
     */
    List<Shard> visibleShards(Instant now) {
        Instant horizon = now.minus(Duration.ofHours(retentionPeriodHours));
        return shards.stream().filter(s -> s.isOpen() || s.closedAt.isAfter(horizon)).toList();
    }

    Instant retentionHorizon(Instant now) {
        return now.minus(Duration.ofHours(retentionPeriodHours));
    }
}
