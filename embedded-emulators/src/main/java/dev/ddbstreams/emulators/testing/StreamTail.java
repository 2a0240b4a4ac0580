package dev.ddbstreams.emulators.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Follows one table's stream: each {@link #poll} returns the records written since the previous one, in
 * stream order (a parent shard before its children, each shard in sequence order), and
 * {@link #eventJson} renders records as the DynamoDB event Lambda would deliver for them.
 *
 * <p>The position is kept as the last sequence number read per shard, not as a shard iterator, so a tail
 * survives iterators expiring and the emulator restarting on its data directory: poll with a client for
 * the new instance and it carries on after the last record it returned. Not thread-safe.
 *
 * <pre>{@code
 * StreamTail tail = StreamTail.of(dynamoDb, "notes");
 * dynamoDb.putItem(...);
 * DynamodbEvent event = LambdaEvents.fromJson(tail.eventJson(tail.poll(streams)), DynamodbEvent.class);
 * }</pre>
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing">Reading and processing a stream</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB (event shape)</a>
 */
public final class StreamTail {

    private final String streamArn;
    private final String awsRegion;
    private final Map<String, String> lastSequenceNumberByShard = new HashMap<>();

    private StreamTail(String streamArn, String awsRegion) {
        this.streamArn = streamArn;
        this.awsRegion = awsRegion;
    }

    /**
     * A tail of {@code table}'s current stream from its trim horizon. The events it renders carry the
     * region {@code dynamoDb} is configured for as {@code awsRegion}, as Lambda's events carry the table's.
     */
    public static StreamTail of(DynamoDbClient dynamoDb, String table) {
        String streamArn = dynamoDb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (streamArn == null) {
            throw new IllegalArgumentException("Table " + table + " has no stream");
        }
        return new StreamTail(streamArn, dynamoDb.serviceClientConfiguration().region().id());
    }

    public String streamArn() {
        return streamArn;
    }

    /** The records written since the previous call (all of them on the first), in stream order. */
    public List<Record> poll(DynamoDbStreamsClient streams) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : parentsFirst(shards(streams))) {
            String iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shard.shardId());
                String last = lastSequenceNumberByShard.get(shard.shardId());
                if (last == null) {
                    b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
                }
            }).shardIterator();
            // An open shard always hands out a next iterator: the first empty page means caught up.
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
                if (page.records().isEmpty()) {
                    break;
                }
                records.addAll(page.records());
                lastSequenceNumberByShard.put(shard.shardId(),
                        page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    /**
     * The JSON of the DynamoDB event Lambda would deliver for {@code records} of this stream: eventID,
     * eventName, eventVersion, eventSource {@code aws:dynamodb}, awsRegion, dynamodb (ApproximateCreationDateTime
     * in epoch seconds, Keys, NewImage and OldImage where the view type has them, SequenceNumber, SizeBytes,
     * StreamViewType) and eventSourceARN. Read it with the Lambda runtime's serialiser (plain Jackson leaves
     * {@code DynamodbEvent.getRecords()} null).
     */
    public String eventJson(List<Record> records) {
        return DynamoDbEventJson.render(records, streamArn, awsRegion);
    }

    private List<Shard> shards(DynamoDbStreamsClient streams) {
        List<Shard> shards = new ArrayList<>();
        String startAfter = null;
        do {
            String exclusiveStart = startAfter;
            DescribeStreamResponse page = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
            shards.addAll(page.streamDescription().shards());
            startAfter = page.streamDescription().lastEvaluatedShardId();
        } while (startAfter != null);
        return shards;
    }

    /** Records of a child shard follow all of its parent's: read every listed parent first. */
    private static List<Shard> parentsFirst(List<Shard> shards) {
        Set<String> pending = new HashSet<>();
        shards.forEach(shard -> pending.add(shard.shardId()));
        List<Shard> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (Shard shard : shards) {
                if (pending.contains(shard.shardId()) && !pending.contains(shard.parentShardId())) {
                    ordered.add(shard);
                    pending.remove(shard.shardId());
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException("Shards of " + shards + " form a cycle");
            }
        }
        return ordered;
    }
}
