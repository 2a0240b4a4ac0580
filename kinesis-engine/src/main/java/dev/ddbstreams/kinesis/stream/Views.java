package dev.ddbstreams.kinesis.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Immutable answers of {@link KinesisService}: the protocol layer renders them, never the live state. */
public final class Views {

    private Views() {
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescription.html">StreamDescription</a>
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescriptionSummary.html">StreamDescriptionSummary</a>
     */
    public record StreamDescription(String streamName, String streamArn, StreamStatus status, StreamMode mode,
                                    int retentionPeriodHours, Instant createdAt, String encryptionType, String keyId,
                                    List<String> shardLevelMetrics, List<ShardView> shards, boolean hasMoreShards,
                                    int openShardCount) {
    }

    public record StreamSummary(String streamName, String streamArn, StreamStatus status, StreamMode mode,
                                Instant createdAt) {
    }

    public record StreamList(List<StreamSummary> streams, boolean hasMoreStreams, String nextToken) {
    }

    public record ShardList(List<ShardView> shards, String nextToken) {
    }

    /** One PutRecord result, or a PutRecords entry's. */
    public record PutResult(String shardId, String sequenceNumber, String encryptionType) {
    }

    /** @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ChildShard.html">ChildShard</a> */
    public record ChildShard(String shardId, List<String> parentShards, HashKeyRange hashKeyRange) {
    }

    /** @param nextShardIterator null once a closed shard has been read to its end */
    public record RecordBatch(List<KinesisRecord> records, String nextShardIterator, long millisBehindLatest,
                              List<ChildShard> childShards) {
    }

    public record TagList(Map<String, String> tags, boolean hasMoreTags) {
    }

    public record Limits(int shardLimit, int openShardCount, int onDemandStreamCount, int onDemandStreamCountLimit) {
    }

    public record ShardCountUpdate(String streamName, String streamArn, int currentShardCount, int targetShardCount) {
    }
}
