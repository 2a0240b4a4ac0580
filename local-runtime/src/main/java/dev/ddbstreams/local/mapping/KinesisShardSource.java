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
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A Kinesis data stream (kinesalite's included) as a {@link ShardSource}. Requests name the stream by name
 * rather than ARN: kinesalite predates the {@code StreamARN} parameter.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html">GetRecords</a>
 */
final class KinesisShardSource implements ShardSource {

    private final KinesisClient kinesis;
    private final String streamArn;
    private final String streamName;
    private final String region;
    private final String invokeIdentityArn;
    private final Duration retention;
    private final Clock clock;

    KinesisShardSource(KinesisClient kinesis, String streamArn, String region, String invokeIdentityArn,
            Duration retention, Clock clock) {
        this.kinesis = kinesis;
        this.streamArn = streamArn;
        int slash = streamArn.lastIndexOf("stream/");
        this.streamName = slash >= 0 ? streamArn.substring(slash + "stream/".length()) : streamArn;
        this.region = region;
        this.invokeIdentityArn = invokeIdentityArn;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public String arn() {
        return streamArn;
    }

    @Override
    public boolean isKinesis() {
        return true;
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public List<ShardInfo> listShards() {
        List<ShardInfo> shards = new ArrayList<>();
        try {
            String nextToken = null;
            do {
                String token = nextToken;
                // ListShards takes either the stream name or a NextToken, never both.
                ListShardsResponse response = kinesis.listShards(b -> {
                    if (token == null) {
                        b.streamName(streamName);
                    } else {
                        b.nextToken(token);
                    }
                });
                for (Shard shard : response.shards()) {
                    List<String> parents = new ArrayList<>(2);
                    if (shard.parentShardId() != null) {
                        parents.add(shard.parentShardId());
                    }
                    if (shard.adjacentParentShardId() != null) {
                        parents.add(shard.adjacentParentShardId());
                    }
                    boolean closed = shard.sequenceNumberRange() != null
                            && shard.sequenceNumberRange().endingSequenceNumber() != null;
                    String starting = shard.sequenceNumberRange() == null ? null
                            : shard.sequenceNumberRange().startingSequenceNumber();
                    shards.add(new ShardInfo(shard.shardId(), List.copyOf(parents), closed, starting));
                }
                nextToken = response.nextToken();
            } while (nextToken != null);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        return shards;
    }

    @Override
    public String iterator(String shardId, Position position) {
        try {
            return kinesis.getShardIterator(b -> {
                b.streamName(streamName).shardId(shardId);
                switch (position.type()) {
                    case TRIM_HORIZON -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    case LATEST -> b.shardIteratorType(ShardIteratorType.LATEST);
                    case AFTER_SEQUENCE_NUMBER -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .startingSequenceNumber(position.sequenceNumber());
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
            response = kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit));
        } catch (RuntimeException e) {
            throw translate(e);
        }
        Instant now = clock.instant();
        List<SourceRecord> records = new ArrayList<>(response.records().size());
        for (Record record : response.records()) {
            Instant arrival = record.approximateArrivalTimestamp() == null ? now : record.approximateArrivalTimestamp();
            ObjectNode event = EventRecords.kinesis(record, shardId, region, streamArn, invokeIdentityArn, arrival);
            records.add(new SourceRecord(record.sequenceNumber(), new BigInteger(record.sequenceNumber()), arrival,
                    event));
        }
        return new Page(records, response.nextShardIterator());
    }

    @Override
    public JsonNode filterView(ObjectNode event) {
        return EventRecords.kinesisFilterView(event);
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof ExpiredIteratorException) {
            return new ShardReadException(ShardReadException.Kind.EXPIRED_ITERATOR, e.getMessage(), e);
        }
        if (e instanceof ResourceNotFoundException) {
            return new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND, e.getMessage(), e);
        }
        if (e instanceof ProvisionedThroughputExceededException || e instanceof LimitExceededException) {
            return new ShardReadException(ShardReadException.Kind.THROTTLED, e.getMessage(), e);
        }
        if (e instanceof InvalidArgumentException) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("trim")) {
                return new ShardReadException(ShardReadException.Kind.TRIMMED, e.getMessage(), e);
            }
            if (message.contains("iterator")) {
                return new ShardReadException(ShardReadException.Kind.INVALID_ITERATOR, e.getMessage(), e);
            }
        }
        if (e instanceof KinesisException kinesisError
                && (kinesisError.isThrottlingException() || kinesisError.statusCode() >= 500)) {
            return new ShardReadException(ShardReadException.Kind.THROTTLED, kinesisError.getMessage(), e);
        }
        return e;
    }
}
