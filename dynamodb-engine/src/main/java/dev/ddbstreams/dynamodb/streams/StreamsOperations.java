package dev.ddbstreams.dynamodb.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ExpiredIteratorException;
import dev.ddbstreams.dynamodb.errors.ResourceNotFoundException;
import dev.ddbstreams.dynamodb.errors.TrimmedDataAccessException;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.protocol.AttributeValueJson;
import dev.ddbstreams.dynamodb.protocol.Json;
import dev.ddbstreams.dynamodb.protocol.Operation;
import dev.ddbstreams.dynamodb.protocol.Params;
import dev.ddbstreams.dynamodb.storage.Database;
import dev.ddbstreams.dynamodb.tables.TableDescriptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator and GetRecords.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Change data capture for DynamoDB Streams</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html">DynamoDB Streams API</a>
 */
public final class StreamsOperations {

    /** "A shard iterator expires 15 minutes after it is returned to the requester." */
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);
    static final int MAX_RECORDS = 1000;
    static final long MAX_BYTES = 1024 * 1024;

    private final Database database;

    public StreamsOperations(Database database) {
        this.database = database;
    }

    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("ListStreams", this::listStreams);
        ops.put("DescribeStream", this::describeStream);
        ops.put("GetShardIterator", this::getShardIterator);
        ops.put("GetRecords", this::getRecords);
        return ops;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html">ListStreams</a> */
    ObjectNode listStreams(Params request) {
        String tableName = request.string("TableName");
        Integer limit = request.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new ValidationException("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                            : "less than or equal to 100"));
        }
        int max = limit == null ? 100 : limit;
        String start = request.string("ExclusiveStartStreamArn");
        if (tableName != null && database.table(tableName) == null
                && database.streams().stream().noneMatch(s -> s.tableName().equals(tableName))) {
            throw new ResourceNotFoundException("Requested resource not found: Table: " + tableName + " not found");
        }
        List<StreamState> matching = new ArrayList<>();
        for (StreamState stream : database.streams()) {
            if (tableName == null || stream.tableName().equals(tableName)) {
                matching.add(stream);
            }
        }
        int from = 0;
        if (start != null) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).arn().equals(start)) {
                    from = i + 1;
                }
            }
        }
        ObjectNode response = Json.object();
        ArrayNode streams = response.putArray("Streams");
        int to = Math.min(matching.size(), from + max);
        for (int i = from; i < to; i++) {
            StreamState stream = matching.get(i);
            streams.addObject().put("StreamArn", stream.arn()).put("TableName", stream.tableName())
                    .put("StreamLabel", stream.label());
        }
        if (to < matching.size()) {
            response.put("LastEvaluatedStreamArn", matching.get(to - 1).arn());
        }
        return response;
    }

    private StreamState stream(String arn) {
        StreamState stream = database.stream(arn);
        if (stream == null) {
            throw new ResourceNotFoundException("Requested resource not found: Stream: " + arn + " not found");
        }
        // Records past the 24-hour retention are trimmed before anyone reads them, whatever the sweep interval.
        stream.trim(database.clock().millis() - Database.STREAM_RETENTION.toMillis());
        return stream;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html">DescribeStream</a> */
    ObjectNode describeStream(Params request) {
        StreamState stream = stream(request.requiredString("StreamArn"));
        Integer limit = request.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new ValidationException("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                            : "less than or equal to 100"));
        }
        String startShard = request.string("ExclusiveStartShardId");
        ObjectNode response = Json.object();
        ObjectNode description = response.putObject("StreamDescription");
        description.put("StreamArn", stream.arn());
        description.put("StreamLabel", stream.label());
        description.put("StreamStatus", stream.isEnabled() ? "ENABLED" : "DISABLED");
        description.put("StreamViewType", stream.viewType());
        description.put("CreationRequestDateTime", TableDescriptions.epochSeconds(stream.createdMillis()));
        description.put("TableName", stream.tableName());
        ArrayNode keySchema = description.putArray("KeySchema");
        keySchema.addObject().put("AttributeName", stream.keySchema().get(0)).put("KeyType", "HASH");
        if (stream.keySchema().size() > 1) {
            keySchema.addObject().put("AttributeName", stream.keySchema().get(1)).put("KeyType", "RANGE");
        }
        ArrayNode shards = description.putArray("Shards");
        boolean started = startShard == null;
        int count = 0;
        int max = limit == null ? 100 : limit;
        List<Shard> all = stream.shards();
        for (int i = 0; i < all.size(); i++) {
            Shard shard = all.get(i);
            if (!started) {
                started = shard.shardId().equals(startShard);
                continue;
            }
            if (count == max) {
                description.put("LastEvaluatedShardId", all.get(i - 1).shardId());
                break;
            }
            ObjectNode s = shards.addObject();
            s.put("ShardId", shard.shardId());
            ObjectNode range = s.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", StreamRecord.sequenceNumberText(shard.startingSequence()));
            if (!shard.isOpen()) {
                range.put("EndingSequenceNumber", StreamRecord.sequenceNumberText(shard.endingSequence()));
            }
            count++;
        }
        return response;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html">GetShardIterator</a> */
    ObjectNode getShardIterator(Params request) {
        StreamState stream = stream(request.requiredString("StreamArn"));
        String shardId = request.requiredString("ShardId");
        String type = request.requiredString("ShardIteratorType");
        String sequenceNumber = request.string("SequenceNumber");
        Shard shard = stream.shard(shardId);
        if (shard == null) {
            throw new ResourceNotFoundException("Requested resource not found: Shard does not exist");
        }
        long position;
        switch (type) {
            case "TRIM_HORIZON":
                position = Math.max(shard.startingSequence(), shard.trimmedThroughSequence() + 1);
                break;
            case "LATEST":
                position = Math.max(shard.startingSequence(), shard.lastSequence() + 1);
                if (!shard.isOpen()) {
                    position = shard.endingSequence() + 1;
                }
                break;
            case "AT_SEQUENCE_NUMBER":
            case "AFTER_SEQUENCE_NUMBER": {
                if (sequenceNumber == null) {
                    throw new ValidationException("Must provide SequenceNumber for ShardIteratorType " + type);
                }
                long sequence = StreamRecord.parseSequenceNumber(sequenceNumber);
                boolean inShard = sequence >= shard.startingSequence()
                        && (shard.isOpen() || sequence <= shard.endingSequence());
                if (sequence < 0 || !inShard) {
                    throw new ValidationException("Invalid SequenceNumber " + sequenceNumber + " for shard " + shardId
                            + " in stream " + stream.arn());
                }
                if (sequence <= shard.trimmedThroughSequence()) {
                    throw new TrimmedDataAccessException("The data you are trying to access has been trimmed");
                }
                position = "AT_SEQUENCE_NUMBER".equals(type) ? sequence : sequence + 1;
                break;
            }
            default:
                throw new ValidationException("1 validation error detected: Value '" + type + "' at"
                        + " 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set:"
                        + " [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }
        if ((type.equals("AT_SEQUENCE_NUMBER") || type.equals("AFTER_SEQUENCE_NUMBER")) == false
                && sequenceNumber != null) {
            throw new ValidationException("SequenceNumber is only allowed with ShardIteratorType AT_SEQUENCE_NUMBER"
                    + " or AFTER_SEQUENCE_NUMBER");
        }
        return Json.object().put("ShardIterator", iterator(stream.arn(), shardId, position));
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html">GetRecords</a> */
    ObjectNode getRecords(Params request) {
        String iterator = request.requiredString("ShardIterator");
        Integer limit = request.integer("Limit");
        if (limit != null && (limit < 1 || limit > MAX_RECORDS)) {
            throw new ValidationException("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                            : "less than or equal to 1000"));
        }
        IteratorPosition at = parseIterator(iterator);
        long now = database.clock().millis();
        if (now - at.issuedMillis() > ITERATOR_LIFETIME.toMillis()) {
            throw new ExpiredIteratorException("Shard iterator has expired");
        }
        StreamState stream = stream(at.streamArn());
        Shard shard = stream.shard(at.shardId());
        if (shard == null) {
            throw new ResourceNotFoundException("Requested resource not found: Shard does not exist");
        }
        if (at.position() <= shard.trimmedThroughSequence()) {
            throw new TrimmedDataAccessException("The data you are trying to access has been trimmed");
        }
        List<StreamRecord> records = shard.readFrom(at.position(), limit == null ? MAX_RECORDS : limit);
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray("Records");
        long bytes = 0;
        long next = at.position();
        for (StreamRecord record : records) {
            if (bytes > 0 && bytes + record.sizeBytes() > MAX_BYTES) {
                break;
            }
            bytes += record.sizeBytes();
            array.add(render(record, stream));
            next = record.sequence() + 1;
        }
        boolean exhausted = !shard.isOpen() && next > shard.endingSequence();
        if (!exhausted) {
            response.put("NextShardIterator", iterator(stream.arn(), shard.shardId(), next));
        }
        return response;
    }

    private ObjectNode render(StreamRecord record, StreamState stream) {
        ObjectNode node = Json.object();
        node.put("eventID", record.eventId());
        node.put("eventName", record.eventName());
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", database.region());
        ObjectNode dynamodb = node.putObject("dynamodb");
        // "rounded down to the closest second"
        dynamodb.put("ApproximateCreationDateTime", record.createdMillis() / 1000);
        dynamodb.set("Keys", AttributeValueJson.writeMap(record.keys()));
        if (record.newImage() != null) {
            dynamodb.set("NewImage", AttributeValueJson.writeMap(record.newImage()));
        }
        if (record.oldImage() != null) {
            dynamodb.set("OldImage", AttributeValueJson.writeMap(record.oldImage()));
        }
        dynamodb.put("SequenceNumber", record.sequenceNumber());
        dynamodb.put("SizeBytes", record.sizeBytes());
        dynamodb.put("StreamViewType", record.viewType());
        if (record.service()) {
            // API_streams_Identity: a TTL deletion is made by the DynamoDB service.
            node.putObject("userIdentity").put("PrincipalId", "dynamodb.amazonaws.com").put("Type", "Service");
        }
        return node;
    }

    private record IteratorPosition(String streamArn, String shardId, long position, long issuedMillis) {
    }

    /** Opaque to clients, shaped like AWS's: {@code <stream arn>|1|<base64 state>}. */
    private String iterator(String streamArn, String shardId, long position) {
        String state = shardId + "|" + position + "|" + database.clock().millis();
        return streamArn + "|1|" + Base64.getEncoder().encodeToString(state.getBytes(StandardCharsets.UTF_8));
    }

    private static IteratorPosition parseIterator(String iterator) {
        try {
            int split = iterator.lastIndexOf("|1|");
            String arn = iterator.substring(0, split);
            String[] state = new String(Base64.getDecoder().decode(iterator.substring(split + 3)),
                    StandardCharsets.UTF_8).split("\\|");
            return new IteratorPosition(arn, state[0], Long.parseLong(state[1]), Long.parseLong(state[2]));
        } catch (RuntimeException e) {
            throw new ValidationException("Invalid ShardIterator");
        }
    }
}
