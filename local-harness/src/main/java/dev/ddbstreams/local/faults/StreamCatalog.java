package dev.ddbstreams.local.faults;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Every record of some tables' streams, read independently of the mapping engine: the reference the soak
 * checks deliveries and on-failure records against. Reading is incremental ({@link #refresh}) and resumes
 * after a runtime restart with new clients (it continues after the last sequence number read per shard).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html">DynamoDB Streams API</a>
 */
public final class StreamCatalog {

    private static final int PAGE = 1000;

    private final Map<String, TableStream> tables = new LinkedHashMap<>();

    /** A record as the catalog keeps it. */
    public record Entry(String shardId, BigInteger sequenceNumber, String eventName) {
    }

    private static final class ShardState {
        final NavigableMap<BigInteger, Entry> records = new TreeMap<>();
        String iterator;
        String lastSequenceNumber;
        boolean finished;
    }

    private static final class TableStream {
        String streamArn;
        final Map<String, ShardState> shards = new LinkedHashMap<>();
    }

    public StreamCatalog(List<String> tableNames) {
        tableNames.forEach(name -> tables.put(name, new TableStream()));
    }

    /**
     * Reads what was added since the last call (every shard, to its current end). Iterators are dropped when
     * {@code reconnected} (new clients after a restart) or when a read fails, and acquired again after the last
     * record read.
     */
    public synchronized void refresh(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, boolean reconnected) {
        for (Map.Entry<String, TableStream> table : tables.entrySet()) {
            TableStream stream = table.getValue();
            if (reconnected) {
                stream.shards.values().forEach(shard -> shard.iterator = null);
            }
            if (stream.streamArn == null) {
                String tableName = table.getKey();
                stream.streamArn = dynamoDb.describeTable(b -> b.tableName(tableName)).table().latestStreamArn();
            }
            for (Shard shard : shards(streams, stream.streamArn)) {
                ShardState state = stream.shards.computeIfAbsent(shard.shardId(), id -> new ShardState());
                if (!state.finished) {
                    read(streams, stream.streamArn, shard.shardId(), state);
                }
            }
        }
    }

    private static List<Shard> shards(DynamoDbStreamsClient streams, String streamArn) {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String exclusiveStart = start;
            StreamDescription description = streams.describeStream(b -> b.streamArn(streamArn)
                    .exclusiveStartShardId(exclusiveStart)).streamDescription();
            shards.addAll(description.shards());
            start = description.lastEvaluatedShardId();
        } while (start != null);
        return shards;
    }

    private static void read(DynamoDbStreamsClient streams, String streamArn, String shardId, ShardState state) {
        try {
            if (state.iterator == null) {
                state.iterator = streams.getShardIterator(b -> {
                    b.streamArn(streamArn).shardId(shardId);
                    if (state.lastSequenceNumber == null) {
                        b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    } else {
                        b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                .sequenceNumber(state.lastSequenceNumber);
                    }
                }).shardIterator();
            }
            while (state.iterator != null) {
                String iterator = state.iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(iterator).limit(PAGE));
                for (Record record : page.records()) {
                    String sequenceNumber = record.dynamodb().sequenceNumber();
                    BigInteger number = new BigInteger(sequenceNumber);
                    state.records.put(number, new Entry(shardId, number, record.eventNameAsString()));
                    state.lastSequenceNumber = sequenceNumber;
                }
                state.iterator = page.nextShardIterator();
                if (state.iterator == null) {
                    state.finished = true;
                }
                if (page.records().isEmpty()) {
                    return; // at the open end of the shard for now
                }
            }
        } catch (RuntimeException e) {
            // An iterator that expired (15 minutes) or a read that failed: start again after the last record
            // read on the next refresh.
            state.iterator = null;
        }
    }

    /** The stream ARN of {@code table}, once read. */
    public synchronized Optional<String> streamArn(String table) {
        TableStream stream = tables.get(table);
        return stream == null ? Optional.empty() : Optional.ofNullable(stream.streamArn);
    }

    /** Every record of {@code table}'s stream read so far, by shard, in order. */
    public synchronized Map<String, List<Entry>> records(String table) {
        TableStream stream = tables.get(table);
        if (stream == null) {
            return Map.of();
        }
        Map<String, List<Entry>> records = new LinkedHashMap<>();
        stream.shards.forEach((shardId, state) -> records.put(shardId, List.copyOf(state.records.values())));
        return records;
    }

    /** Records of {@code shardId} with sequence numbers in {@code [first, last]}. */
    public synchronized List<Entry> range(String table, String shardId, BigInteger first, BigInteger last) {
        TableStream stream = tables.get(table);
        ShardState state = stream == null ? null : stream.shards.get(shardId);
        if (state == null || first.compareTo(last) > 0) {
            return List.of();
        }
        return List.copyOf(state.records.subMap(first, true, last, true).values());
    }

    public synchronized long count(String table) {
        TableStream stream = tables.get(table);
        return stream == null ? 0 : stream.shards.values().stream().mapToLong(state -> state.records.size()).sum();
    }

    /** The last record read per shard of {@code table}. */
    public synchronized Map<String, BigInteger> lastSequenceNumbers(String table) {
        TableStream stream = tables.get(table);
        if (stream == null) {
            return Map.of();
        }
        Map<String, BigInteger> last = new LinkedHashMap<>();
        stream.shards.forEach((shardId, state) -> {
            if (!state.records.isEmpty()) {
                last.put(shardId, state.records.lastKey());
            }
        });
        return Collections.unmodifiableMap(last);
    }
}
