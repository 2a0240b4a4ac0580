package dev.ddbstreams.kinesis.stream;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * A change to the service's state. The service validates a request, writes the event to the journal and only
 * then applies it; replaying the journal applies the same events in the same order, so state after a restart
 * is state before it. Events carry every input that is not derived deterministically (times, chosen shards).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StreamEvent.StreamCreated.class, name = "StreamCreated"),
        @JsonSubTypes.Type(value = StreamEvent.StreamDeleted.class, name = "StreamDeleted"),
        @JsonSubTypes.Type(value = StreamEvent.RecordsPut.class, name = "RecordsPut"),
        @JsonSubTypes.Type(value = StreamEvent.ShardSplit.class, name = "ShardSplit"),
        @JsonSubTypes.Type(value = StreamEvent.ShardsMerged.class, name = "ShardsMerged"),
        @JsonSubTypes.Type(value = StreamEvent.ShardCountUpdated.class, name = "ShardCountUpdated"),
        @JsonSubTypes.Type(value = StreamEvent.TagsAdded.class, name = "TagsAdded"),
        @JsonSubTypes.Type(value = StreamEvent.TagsRemoved.class, name = "TagsRemoved"),
        @JsonSubTypes.Type(value = StreamEvent.RetentionChanged.class, name = "RetentionChanged"),
        @JsonSubTypes.Type(value = StreamEvent.EncryptionChanged.class, name = "EncryptionChanged"),
        @JsonSubTypes.Type(value = StreamEvent.StreamModeChanged.class, name = "StreamModeChanged"),
        @JsonSubTypes.Type(value = StreamEvent.MonitoringChanged.class, name = "MonitoringChanged")
})
public sealed interface StreamEvent {

    String streamName();

    /** When it happened, epoch milliseconds (engine clock). */
    long at();

    record StreamCreated(String streamName, long at, int shardCount, StreamMode mode, Map<String, String> tags)
            implements StreamEvent {
    }

    record StreamDeleted(String streamName, long at) implements StreamEvent {
    }

    /** One PutRecord or PutRecords call: every entry with the shard it was routed to. */
    record RecordsPut(String streamName, long at, List<Entry> entries) implements StreamEvent {
        public record Entry(int shardIndex, String partitionKey, byte[] data) {
        }
    }

    record ShardSplit(String streamName, long at, int shardIndex, String newStartingHashKey) implements StreamEvent {
    }

    record ShardsMerged(String streamName, long at, int shardIndex, int adjacentShardIndex) implements StreamEvent {
    }

    record ShardCountUpdated(String streamName, long at, int targetShardCount) implements StreamEvent {
    }

    record TagsAdded(String streamName, long at, Map<String, String> tags) implements StreamEvent {
    }

    record TagsRemoved(String streamName, long at, List<String> tagKeys) implements StreamEvent {
    }

    record RetentionChanged(String streamName, long at, int retentionPeriodHours) implements StreamEvent {
    }

    /** keyId null and type NONE when encryption stops. */
    record EncryptionChanged(String streamName, long at, String encryptionType, String keyId) implements StreamEvent {
    }

    record StreamModeChanged(String streamName, long at, StreamMode mode) implements StreamEvent {
    }

    record MonitoringChanged(String streamName, long at, List<String> shardLevelMetrics) implements StreamEvent {
    }
}
