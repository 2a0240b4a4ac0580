package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB stream as a {@link ShardSource}. A record's arrival is its {@code ApproximateCreationDateTime}
 * (whole seconds, as DynamoDB Streams reports it); the time this runtime first read it stands in only where a
 * stream reports none.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html">DynamoDB Streams API</a>
 */
final class DynamoDbShardSource implements ShardSource {

    /** DynamoDB Streams keeps records for 24 hours. */
    private static final Duration RETENTION = Duration.ofHours(24);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final Clock clock;

    DynamoDbShardSource(DynamoDbStreamsClient streams, String streamArn, String region, Clock clock) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public String arn() {
        return streamArn;
    }

    @Override
    public boolean isKinesis() {
        return false;
    }

    @Override
    public Duration retention() {
        return RETENTION;
    }

    @Override
    public List<ShardInfo> listShards() {
        List<ShardInfo> shards = new ArrayList<>();
        String exclusiveStart = null;
        try {
            do {
                String start = exclusiveStart;
                DescribeStreamResponse response = streams.describeStream(b -> b.streamArn(streamArn)
                        .exclusiveStartShardId(start));
                for (Shard shard : response.streamDescription().shards()) {
                    List<String> parents = shard.parentShardId() == null ? List.of() : List.of(shard.parentShardId());
                    boolean closed = shard.sequenceNumberRange() != null
                            && shard.sequenceNumberRange().endingSequenceNumber() != null;
                    String starting = shard.sequenceNumberRange() == null ? null
                            : shard.sequenceNumberRange().startingSequenceNumber();
                    shards.add(new ShardInfo(shard.shardId(), parents, closed, starting));
                }
                exclusiveStart = response.streamDescription().lastEvaluatedShardId();
            } while (exclusiveStart != null);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        return shards;
    }

    @Override
    public String iterator(String shardId, Position position) {
        try {
            return streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shardId);
                switch (position.type()) {
                    case TRIM_HORIZON -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    case LATEST -> b.shardIteratorType(ShardIteratorType.LATEST);
                    case AFTER_SEQUENCE_NUMBER -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .sequenceNumber(position.sequenceNumber());
                }
            }).shardIterator();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public Page read(String shardId, String iterator, int limit) {
        GetRecordsResponse response;
        try {
            response = streams.getRecords(b -> b.shardIterator(iterator).limit(limit));
        } catch (RuntimeException e) {
            throw translate(e);
        }
        Instant now = clock.instant();
        List<SourceRecord> records = new ArrayList<>(response.records().size());
        for (Record record : response.records()) {
            String sequenceNumber = record.dynamodb().sequenceNumber();
            Instant created = record.dynamodb().approximateCreationDateTime();
            Instant arrival = created == null ? now : created;
            ObjectNode event = EventRecords.dynamoDb(record, region, streamArn, arrival);
            records.add(new SourceRecord(sequenceNumber, new BigInteger(sequenceNumber), arrival, event));
        }
        return new Page(records, response.nextShardIterator());
    }

    @Override
    public JsonNode filterView(ObjectNode event) {
        return event;
    }


    private static RuntimeException translate(RuntimeException e) {
        if (MappingCounters.isAccessDenied(e)) {
            return e; // the execution role may not read the stream: reported as such, never taken for a bad iterator
        }
        if (e instanceof ExpiredIteratorException) {
            return new ShardReadException(ShardReadException.Kind.EXPIRED_ITERATOR, e.getMessage(), e);
        }
        if (e instanceof TrimmedDataAccessException) {
            return new ShardReadException(ShardReadException.Kind.TRIMMED, e.getMessage(), e);
        }
        if (e instanceof ResourceNotFoundException) {
            return new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND, e.getMessage(), e);
        }
        if (e instanceof LimitExceededException) {
            return new ShardReadException(ShardReadException.Kind.THROTTLED, e.getMessage(), e);
        }
        if (e instanceof DynamoDbException dynamoDb) {
            String message = String.valueOf(dynamoDb.getMessage()).toLowerCase(Locale.ROOT);
            if (dynamoDb.statusCode() == 400 && message.contains("sharditerator")) {
                return new ShardReadException(ShardReadException.Kind.INVALID_ITERATOR, dynamoDb.getMessage(), e);
            }
            if (dynamoDb.isThrottlingException() || dynamoDb.statusCode() >= 500) {
                return new ShardReadException(ShardReadException.Kind.THROTTLED, dynamoDb.getMessage(), e);
            }
        }
        return e;
    }
}
