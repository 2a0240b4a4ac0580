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
import java.util.Optional;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
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
 * A Kinesis data stream as a {@link ShardSource}, read through the SDK v2 in its default configuration (CBOR).
 * An answer the SDK cannot unmarshal, or a record that cannot become an event, is {@code UNREADABLE}: the worker
 * retries and gives up on it like a failed batch, skipping it by the sequence number
 * {@link #sequenceNumberAfter} finds with a raw JSON GetRecords that reads nothing but {@code SequenceNumber}.
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
            try {
                Instant arrival = record.approximateArrivalTimestamp() == null ? now : record.approximateArrivalTimestamp();
                ObjectNode event = EventRecords.kinesis(record, shardId, region, streamArn, invokeIdentityArn, arrival);
                records.add(new SourceRecord(record.sequenceNumber(), new BigInteger(record.sequenceNumber()), arrival,
                        event));
            } catch (RuntimeException e) {
                throw new ShardReadException(ShardReadException.Kind.UNREADABLE, "record " + record.sequenceNumber()
                        + " of " + shardId + " cannot be turned into an event: " + e, e);
            }
        }
        return new Page(records, response.nextShardIterator());
    }

    @Override
    public JsonNode filterView(ObjectNode event) {
        return EventRecords.kinesisFilterView(event);
    }

    @Override
    public Optional<String> sequenceNumberAfter(String shardId, Position position) {
        Optional<URI> endpoint = kinesis.serviceClientConfiguration().endpointOverride();
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        try {
            ObjectNode iteratorRequest = RAW.createObjectNode().put("StreamName", streamName).put("ShardId", shardId);
            if (position.type() == Position.Type.AFTER_SEQUENCE_NUMBER) {
                iteratorRequest.put("ShardIteratorType", "AFTER_SEQUENCE_NUMBER")
                        .put("StartingSequenceNumber", position.sequenceNumber());
            } else {
                iteratorRequest.put("ShardIteratorType", position.type().name());
            }
            JsonNode iterator = rawJson(endpoint.get(), "GetShardIterator", iteratorRequest).path("ShardIterator");
            if (!iterator.isTextual()) {
                return Optional.empty();
            }
            JsonNode first = rawJson(endpoint.get(), "GetRecords",
                    RAW.createObjectNode().put("ShardIterator", iterator.asText()).put("Limit", 1)).path("Records").path(0);
            JsonNode sequence = first.path("SequenceNumber");
            return sequence.isTextual() && !sequence.asText().isEmpty() ? Optional.of(sequence.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A Kinesis call in JSON 1.1 without the SDK: only the members asked for are looked at. */
    private static JsonNode rawJson(URI endpoint, String operation, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<byte[]> response = RAW_HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(operation + " answered HTTP " + response.statusCode());
        }
        return RAW.readTree(response.body());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RAW = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final HttpClient RAW_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An SDK failure to read an answer (as opposed to reach the service): the answer or a record in it is unreadable. */
    private static boolean unreadable(RuntimeException e) {
        if (!(e instanceof SdkClientException)) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("unmarshall") || message.contains("parse") || cause instanceof java.io.CharConversionException
                    || cause.getClass().getName().contains("JsonParseException")) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException translate(RuntimeException e) {
        if (unreadable(e)) {
            return new ShardReadException(ShardReadException.Kind.UNREADABLE, e.getMessage(), e);
        }
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
