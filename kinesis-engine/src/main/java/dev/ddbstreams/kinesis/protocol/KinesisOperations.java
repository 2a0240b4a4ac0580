package dev.ddbstreams.kinesis.protocol;

import dev.ddbstreams.kinesis.errors.UnknownOperationException;
import dev.ddbstreams.kinesis.stream.HashKeyRange;
import dev.ddbstreams.kinesis.stream.KinesisLimits;
import dev.ddbstreams.kinesis.stream.KinesisRecord;
import dev.ddbstreams.kinesis.stream.KinesisService;
import dev.ddbstreams.kinesis.stream.KinesisService.NewRecord;
import dev.ddbstreams.kinesis.stream.KinesisService.StreamRef;
import dev.ddbstreams.kinesis.stream.ShardView;
import dev.ddbstreams.kinesis.stream.StreamMode;
import dev.ddbstreams.kinesis.stream.Views;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kinesis operations as the wire sees them: reads each request's members (with the API model's constraints),
 * calls {@link KinesisService} and shapes the answer. Answers are trees of maps, lists, strings, numbers,
 * {@code byte[]} (blobs) and {@code Instant} (timestamps), which {@link ResponseEncoder} writes in JSON or CBOR.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis Data Streams actions</a>
 */
final class KinesisOperations {

    private static final List<String> ITERATOR_TYPES = List.of("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON",
            "LATEST", "AT_TIMESTAMP");
    private static final List<String> SHARD_FILTER_TYPES = List.of("AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON",
            "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP");
    private static final List<String> METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
            "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL");

    private final KinesisService service;
    private final Map<String, Function<Body, Object>> operations = new LinkedHashMap<>();

    KinesisOperations(KinesisService service) {
        this.service = service;
        operations.put("CreateStream", this::createStream);
        operations.put("DeleteStream", this::deleteStream);
        operations.put("DescribeStream", this::describeStream);
        operations.put("DescribeStreamSummary", this::describeStreamSummary);
        operations.put("ListStreams", this::listStreams);
        operations.put("ListShards", this::listShards);
        operations.put("PutRecord", this::putRecord);
        operations.put("PutRecords", this::putRecords);
        operations.put("GetShardIterator", this::getShardIterator);
        operations.put("GetRecords", this::getRecords);
        operations.put("AddTagsToStream", this::addTagsToStream);
        operations.put("RemoveTagsFromStream", this::removeTagsFromStream);
        operations.put("ListTagsForStream", this::listTagsForStream);
        operations.put("IncreaseStreamRetentionPeriod", body -> retention(body, true));
        operations.put("DecreaseStreamRetentionPeriod", body -> retention(body, false));
        operations.put("StartStreamEncryption", body -> encryption(body, true));
        operations.put("StopStreamEncryption", body -> encryption(body, false));
        operations.put("UpdateStreamMode", this::updateStreamMode);
        operations.put("DescribeLimits", body -> describeLimits());
        operations.put("UpdateShardCount", this::updateShardCount);
        operations.put("SplitShard", this::splitShard);
        operations.put("MergeShards", this::mergeShards);
        operations.put("EnableEnhancedMonitoring", body -> monitoring(body, true));
        operations.put("DisableEnhancedMonitoring", body -> monitoring(body, false));
    }

    boolean knows(String operation) {
        return operations.containsKey(operation);
    }

    Object invoke(String operation, Body body) {
        Function<Body, Object> handler = operations.get(operation);
        if (handler == null) {
            throw new UnknownOperationException(null);
        }
        return handler.apply(body);
    }

    // --- streams -----------------------------------------------------------------------------------------------

    private Object createStream(Body body) {
        String name = body.string("StreamName");
        Integer shardCount = body.integer("ShardCount");
        Body modeDetails = body.structure("StreamModeDetails");
        String mode = modeDetails == null ? null : modeDetails.string("StreamMode");
        Map<String, String> tags = body.stringMap("Tags");
        new Constraints().required("streamName", name).name("streamName", name, 128)
                .range("shardCount", shardCount, 1, 1_000_000)
                .oneOf("streamModeDetails.streamMode", mode, List.of("PROVISIONED", "ON_DEMAND"))
                .check();
        if (modeDetails != null) {
            new Constraints().required("streamModeDetails.streamMode", mode).check();
        }
        service.createStream(name, shardCount, mode == null ? null : StreamMode.valueOf(mode), tags);
        return Map.of();
    }

    private Object deleteStream(Body body) {
        service.deleteStream(streamRef(body));
        return Map.of();
    }

    private Object describeStream(Body body) {
        StreamRef ref = streamRef(body);
        Integer limit = body.integer("Limit");
        String exclusiveStartShardId = body.string("ExclusiveStartShardId");
        new Constraints().range("limit", limit, 1, 10_000).name("exclusiveStartShardId", exclusiveStartShardId, 128).check();
        Views.StreamDescription description = service.describeStream(ref, limit, exclusiveStartShardId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StreamName", description.streamName());
        out.put("StreamARN", description.streamArn());
        out.put("StreamStatus", description.status().name());
        out.put("StreamModeDetails", Map.of("StreamMode", description.mode().name()));
        out.put("Shards", description.shards().stream().map(KinesisOperations::shard).toList());
        out.put("HasMoreShards", description.hasMoreShards());
        out.put("RetentionPeriodHours", description.retentionPeriodHours());
        out.put("StreamCreationTimestamp", description.createdAt());
        out.put("EnhancedMonitoring", List.of(Map.of("ShardLevelMetrics", description.shardLevelMetrics())));
        out.put("EncryptionType", description.encryptionType());
        if (description.keyId() != null) {
            out.put("KeyId", description.keyId());
        }
        return Map.of("StreamDescription", out);
    }

    private Object describeStreamSummary(Body body) {
        Views.StreamDescription description = service.describeStreamSummary(streamRef(body));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StreamName", description.streamName());
        out.put("StreamARN", description.streamArn());
        out.put("StreamStatus", description.status().name());
        out.put("StreamModeDetails", Map.of("StreamMode", description.mode().name()));
        out.put("RetentionPeriodHours", description.retentionPeriodHours());
        out.put("StreamCreationTimestamp", description.createdAt());
        out.put("EnhancedMonitoring", List.of(Map.of("ShardLevelMetrics", description.shardLevelMetrics())));
        out.put("EncryptionType", description.encryptionType());
        if (description.keyId() != null) {
            out.put("KeyId", description.keyId());
        }
        out.put("OpenShardCount", description.openShardCount());
        out.put("ConsumerCount", 0);
        return Map.of("StreamDescriptionSummary", out);
    }

    private Object listStreams(Body body) {
        Integer limit = body.integer("Limit");
        String exclusiveStart = body.string("ExclusiveStartStreamName");
        String nextToken = body.string("NextToken");
        new Constraints().range("limit", limit, 1, 10_000).name("exclusiveStartStreamName", exclusiveStart, 128)
                .length("nextToken", nextToken, 1, 1_048_576).check();
        Views.StreamList list = service.listStreams(limit, exclusiveStart, nextToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StreamNames", list.streams().stream().map(Views.StreamSummary::streamName).toList());
        out.put("HasMoreStreams", list.hasMoreStreams());
        if (list.nextToken() != null) {
            out.put("NextToken", list.nextToken());
        }
        out.put("StreamSummaries", list.streams().stream().map(summary -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("StreamName", summary.streamName());
            item.put("StreamARN", summary.streamArn());
            item.put("StreamStatus", summary.status().name());
            item.put("StreamModeDetails", Map.of("StreamMode", summary.mode().name()));
            item.put("StreamCreationTimestamp", summary.createdAt());
            return item;
        }).toList());
        return out;
    }

    private Object listShards(Body body) {
        String name = body.string("StreamName");
        String arn = body.string("StreamARN");
        String nextToken = body.string("NextToken");
        String exclusiveStartShardId = body.string("ExclusiveStartShardId");
        Integer maxResults = body.integer("MaxResults");
        Body filter = body.structure("ShardFilter");
        String filterType = filter == null ? null : filter.string("Type");
        new Constraints().name("streamName", name, 128).length("streamARN", arn, 1, 2048)
                .pattern("streamARN", arn, Constraints.STREAM_ARN_PATTERN)
                .length("nextToken", nextToken, 1, 1_048_576).name("exclusiveStartShardId", exclusiveStartShardId, 128)
                .range("maxResults", maxResults, 1, 10_000)
                .oneOf("shardFilter.type", filterType, SHARD_FILTER_TYPES).check();
        if (filter != null) {
            new Constraints().required("shardFilter.type", filterType).check();
        }
        Views.ShardList list = service.listShards(new StreamRef(name, arn), nextToken, exclusiveStartShardId, maxResults,
                filterType, filter == null ? null : filter.string("ShardId"), filter == null ? null : filter.timestamp("Timestamp"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Shards", list.shards().stream().map(KinesisOperations::shard).toList());
        if (list.nextToken() != null) {
            out.put("NextToken", list.nextToken());
        }
        return out;
    }

    // --- records -----------------------------------------------------------------------------------------------

    private Object putRecord(Body body) {
        StreamRef ref = streamRef(body);
        String partitionKey = body.string("PartitionKey");
        byte[] data = body.blob("Data");
        String explicitHashKey = body.string("ExplicitHashKey");
        String ordering = body.string("SequenceNumberForOrdering");
        new Constraints().required("partitionKey", partitionKey).length("partitionKey", partitionKey, 1, 256)
                .required("data", data).blobLength("data", data, KinesisLimits.MAX_RECORD_DATA_BYTES)
                .pattern("explicitHashKey", explicitHashKey, Constraints.HASH_KEY_PATTERN)
                .pattern("sequenceNumberForOrdering", ordering, Constraints.SEQUENCE_NUMBER_PATTERN).check();
        Views.PutResult result = service.putRecord(ref, new NewRecord(partitionKey, data, explicitHashKey), ordering);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ShardId", result.shardId());
        out.put("SequenceNumber", result.sequenceNumber());
        out.put("EncryptionType", result.encryptionType());
        return out;
    }

    private Object putRecords(Body body) {
        StreamRef ref = streamRef(body);
        List<Body> entries = body.structures("Records");
        Constraints constraints = new Constraints().required("records", entries)
                .listLength("records", entries, 1, KinesisLimits.MAX_PUT_RECORDS_ENTRIES);
        List<NewRecord> records = new ArrayList<>();
        if (entries != null) {
            for (int i = 0; i < entries.size(); i++) {
                Body entry = entries.get(i);
                String prefix = "records." + (i + 1) + ".member.";
                String partitionKey = entry.string("PartitionKey");
                byte[] data = entry.blob("Data");
                String explicitHashKey = entry.string("ExplicitHashKey");
                constraints.required(prefix + "partitionKey", partitionKey).length(prefix + "partitionKey", partitionKey, 1, 256)
                        // "The record size limit applies to the total size of the partition key and data blob"
                        // (PutRecords API reference); moto, recorded against AWS, reports it on the data member.
                        .required(prefix + "data", data).blobSize(prefix + "data", data == null ? null
                                : data.length + (partitionKey == null ? 0L : partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                                KinesisLimits.MAX_RECORD_DATA_BYTES)
                        .pattern(prefix + "explicitHashKey", explicitHashKey, Constraints.HASH_KEY_PATTERN);
                records.add(new NewRecord(partitionKey, data, explicitHashKey));
            }
        }
        constraints.check();
        List<Views.PutResult> results = service.putRecords(ref, records);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("FailedRecordCount", 0);
        out.put("Records", results.stream().map(result -> Map.of("ShardId", result.shardId(),
                "SequenceNumber", result.sequenceNumber())).toList());
        out.put("EncryptionType", results.isEmpty() ? "NONE" : results.get(0).encryptionType());
        return out;
    }

    private Object getShardIterator(Body body) {
        StreamRef ref = streamRef(body);
        String shardId = body.string("ShardId");
        String type = body.string("ShardIteratorType");
        String startingSequenceNumber = body.string("StartingSequenceNumber");
        new Constraints().required("shardId", shardId).name("shardId", shardId, 128)
                .required("shardIteratorType", type).oneOf("shardIteratorType", type, ITERATOR_TYPES)
                .pattern("startingSequenceNumber", startingSequenceNumber, Constraints.SEQUENCE_NUMBER_PATTERN).check();
        String iterator = service.getShardIterator(ref, shardId, type, startingSequenceNumber, body.timestamp("Timestamp"));
        return Map.of("ShardIterator", iterator);
    }

    private Object getRecords(Body body) {
        String iterator = body.string("ShardIterator");
        Integer limit = body.integer("Limit");
        new Constraints().required("shardIterator", iterator).length("shardIterator", iterator, 1, 512)
                .range("limit", limit, 1, KinesisLimits.MAX_GET_RECORDS_LIMIT).check();
        Views.RecordBatch batch = service.getRecords(iterator, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Records", batch.records().stream().map(KinesisOperations::record).toList());
        if (batch.nextShardIterator() != null) {
            out.put("NextShardIterator", batch.nextShardIterator());
        }
        out.put("MillisBehindLatest", batch.millisBehindLatest());
        if (!batch.childShards().isEmpty()) {
            out.put("ChildShards", batch.childShards().stream().map(child -> Map.of("ShardId", child.shardId(),
                    "ParentShards", child.parentShards(), "HashKeyRange", hashKeyRange(child.hashKeyRange()))).toList());
        }
        return out;
    }

    // --- settings ----------------------------------------------------------------------------------------------

    private Object addTagsToStream(Body body) {
        StreamRef ref = streamRef(body);
        Map<String, String> tags = body.stringMap("Tags");
        Constraints constraints = new Constraints().required("tags", tags);
        if (tags != null) {
            constraints.listLength("tags", List.copyOf(tags.keySet()), 1, KinesisLimits.MAX_TAGS_PER_STREAM);
            tags.forEach((key, value) -> constraints.length("tags.key", key, 1, 128).length("tags.value", value, 0, 256));
        }
        constraints.check();
        service.addTags(ref, tags);
        return Map.of();
    }

    private Object removeTagsFromStream(Body body) {
        StreamRef ref = streamRef(body);
        List<String> keys = body.strings("TagKeys");
        Constraints constraints = new Constraints().required("tagKeys", keys).listLength("tagKeys", keys, 1, 50);
        if (keys != null) {
            keys.forEach(key -> constraints.length("tagKeys.member", key, 1, 128));
        }
        constraints.check();
        service.removeTags(ref, keys);
        return Map.of();
    }

    private Object listTagsForStream(Body body) {
        StreamRef ref = streamRef(body);
        String exclusiveStartTagKey = body.string("ExclusiveStartTagKey");
        Integer limit = body.integer("Limit");
        new Constraints().length("exclusiveStartTagKey", exclusiveStartTagKey, 1, 128).range("limit", limit, 1, 50).check();
        Views.TagList tags = service.listTags(ref, exclusiveStartTagKey, limit);
        List<Map<String, Object>> list = new ArrayList<>();
        tags.tags().forEach((key, value) -> list.add(Map.of("Key", key, "Value", value)));
        return Map.of("Tags", list, "HasMoreTags", tags.hasMoreTags());
    }

    private Object retention(Body body, boolean increase) {
        StreamRef ref = streamRef(body);
        Integer hours = body.integer("RetentionPeriodHours");
        new Constraints().required("retentionPeriodHours", hours).check();
        if (increase) {
            service.increaseRetentionPeriod(ref, hours);
        } else {
            service.decreaseRetentionPeriod(ref, hours);
        }
        return Map.of();
    }

    private Object encryption(Body body, boolean start) {
        StreamRef ref = streamRef(body);
        String type = body.string("EncryptionType");
        String keyId = body.string("KeyId");
        new Constraints().required("encryptionType", type).oneOf("encryptionType", type, List.of("NONE", "KMS"))
                .required("keyId", keyId).length("keyId", keyId, 1, 2048).check();
        service.changeEncryption(ref, start, type, keyId);
        return Map.of();
    }

    private Object updateStreamMode(Body body) {
        String arn = body.string("StreamARN");
        Body details = body.structure("StreamModeDetails");
        String mode = details == null ? null : details.string("StreamMode");
        new Constraints().required("streamARN", arn).length("streamARN", arn, 1, 2048)
                .pattern("streamARN", arn, Constraints.STREAM_ARN_PATTERN)
                .required("streamModeDetails", details).oneOf("streamModeDetails.streamMode", mode, List.of("PROVISIONED", "ON_DEMAND"))
                .check();
        new Constraints().required("streamModeDetails.streamMode", mode).check();
        service.updateStreamMode(arn, StreamMode.valueOf(mode));
        return Map.of();
    }

    private Object monitoring(Body body, boolean enable) {
        StreamRef ref = streamRef(body);
        List<String> metrics = body.strings("ShardLevelMetrics");
        Constraints constraints = new Constraints().required("shardLevelMetrics", metrics).listLength("shardLevelMetrics", metrics, 1, 7);
        if (metrics != null) {
            metrics.forEach(metric -> constraints.oneOf("shardLevelMetrics.member", metric, METRICS));
        }
        constraints.check();
        List<List<String>> beforeAfter = service.changeMonitoring(ref, metrics, enable);
        Views.StreamDescription description = service.describeStreamSummary(ref);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StreamName", description.streamName());
        out.put("StreamARN", description.streamArn());
        out.put("CurrentShardLevelMetrics", beforeAfter.get(0));
        out.put("DesiredShardLevelMetrics", beforeAfter.get(1));
        return out;
    }

    private Object describeLimits() {
        Views.Limits limits = service.describeLimits();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ShardLimit", limits.shardLimit());
        out.put("OpenShardCount", limits.openShardCount());
        out.put("OnDemandStreamCount", limits.onDemandStreamCount());
        out.put("OnDemandStreamCountLimit", limits.onDemandStreamCountLimit());
        return out;
    }

    // --- resharding --------------------------------------------------------------------------------------------

    private Object updateShardCount(Body body) {
        StreamRef ref = streamRef(body);
        Integer target = body.integer("TargetShardCount");
        String scalingType = body.string("ScalingType");
        new Constraints().required("targetShardCount", target).range("targetShardCount", target, 1, 1_000_000)
                .required("scalingType", scalingType).oneOf("scalingType", scalingType, List.of("UNIFORM_SCALING")).check();
        Views.ShardCountUpdate update = service.updateShardCount(ref, target);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StreamName", update.streamName());
        out.put("CurrentShardCount", update.currentShardCount());
        out.put("TargetShardCount", update.targetShardCount());
        out.put("StreamARN", update.streamArn());
        return out;
    }

    private Object splitShard(Body body) {
        StreamRef ref = streamRef(body);
        String shard = body.string("ShardToSplit");
        String key = body.string("NewStartingHashKey");
        new Constraints().required("shardToSplit", shard).name("shardToSplit", shard, 128)
                .required("newStartingHashKey", key).pattern("newStartingHashKey", key, Constraints.HASH_KEY_PATTERN).check();
        service.splitShard(ref, shard, key);
        return Map.of();
    }

    private Object mergeShards(Body body) {
        StreamRef ref = streamRef(body);
        String shard = body.string("ShardToMerge");
        String adjacent = body.string("AdjacentShardToMerge");
        new Constraints().required("shardToMerge", shard).name("shardToMerge", shard, 128)
                .required("adjacentShardToMerge", adjacent).name("adjacentShardToMerge", adjacent, 128).check();
        service.mergeShards(ref, shard, adjacent);
        return Map.of();
    }

    // --- shapes ------------------------------------------------------------------------------------------------

    /** StreamName and/or StreamARN, with their model constraints. */
    private static StreamRef streamRef(Body body) {
        String name = body.string("StreamName");
        String arn = body.string("StreamARN");
        new Constraints().name("streamName", name, 128).length("streamARN", arn, 1, 2048)
                .pattern("streamARN", arn, Constraints.STREAM_ARN_PATTERN).check();
        return new StreamRef(name, arn);
    }

    private static Map<String, Object> shard(ShardView shard) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ShardId", shard.shardId());
        if (shard.parentShardId() != null) {
            out.put("ParentShardId", shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            out.put("AdjacentParentShardId", shard.adjacentParentShardId());
        }
        out.put("HashKeyRange", hashKeyRange(shard.hashKeyRange()));
        Map<String, Object> sequenceRange = new LinkedHashMap<>();
        sequenceRange.put("StartingSequenceNumber", shard.startingSequenceNumber());
        if (shard.endingSequenceNumber() != null) {
            sequenceRange.put("EndingSequenceNumber", shard.endingSequenceNumber());
        }
        out.put("SequenceNumberRange", sequenceRange);
        return out;
    }

    private static Map<String, Object> hashKeyRange(HashKeyRange range) {
        return Map.of("StartingHashKey", range.start().toString(), "EndingHashKey", range.end().toString());
    }

    private static Map<String, Object> record(KinesisRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("SequenceNumber", record.sequenceNumber());
        out.put("ApproximateArrivalTimestamp", record.approximateArrivalTimestamp());
        out.put("Data", record.data());
        out.put("PartitionKey", record.partitionKey());
        if (!"NONE".equals(record.encryptionType())) {
            out.put("EncryptionType", record.encryptionType());
        }
        return out;
    }
}
