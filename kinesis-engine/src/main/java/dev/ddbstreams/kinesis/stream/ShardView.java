package dev.ddbstreams.kinesis.stream;

/**
 * A shard as DescribeStream and ListShards show it.
 *
 * @param endingSequenceNumber null while the shard is open
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Shard.html">Shard</a>
 */
public record ShardView(String shardId, String parentShardId, String adjacentParentShardId, HashKeyRange hashKeyRange,
                        String startingSequenceNumber, String endingSequenceNumber) {
}
