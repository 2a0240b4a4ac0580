package dev.ddbstreams.dynamodb.conformance.streams;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a whole stream the way a consumer does: every shard from TRIM_HORIZON, parents before children,
 * following NextShardIterator until a read comes back empty or the shard is closed (NextShardIterator
 * absent).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing">Reading and processing a stream</a>
 */
public final class StreamReader {

    private StreamReader() {
    }

    public static String streamArnOf(DynamoDbClient client, String table) {
        return client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    public static List<Shard> shards(DynamoDbStreamsClient streams, String streamArn) {
        List<Shard> shards = new ArrayList<>();
        String exclusiveStart = null;
        do {
            String start = exclusiveStart;
            var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start))
                    .streamDescription();
            shards.addAll(description.shards());
            exclusiveStart = description.lastEvaluatedShardId();
        } while (exclusiveStart != null);
        return shards;
    }

    public static String iterator(DynamoDbStreamsClient streams, String streamArn, String shardId, ShardIteratorType type) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type))
                .shardIterator();
    }

    /** Every record of the stream, in order. */
    public static List<Record> allRecords(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards(streams, streamArn)) {
            records.addAll(readShard(streams, iterator(streams, streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON)));
        }
        return records;
    }

    /** Every record of the table's latest stream, in order. */
    public static List<Record> allRecords(DynamoDbClient client, DynamoDbStreamsClient streams, String table) {
        return allRecords(streams, streamArnOf(client, table));
    }

    /** The records from an iterator on, until a read comes back empty or the shard ends. */
    public static List<Record> readShard(DynamoDbStreamsClient streams, String shardIterator) {
        List<Record> records = new ArrayList<>();
        String iterator = shardIterator;
        for (int page = 0; page < 1_000 && iterator != null; page++) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty()) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }
}
