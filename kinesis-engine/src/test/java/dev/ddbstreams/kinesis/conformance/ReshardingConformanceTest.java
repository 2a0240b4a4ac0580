package dev.ddbstreams.kinesis.conformance;

import static dev.ddbstreams.kinesis.conformance.StreamFixtures.activeStream;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.awaitStatus;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.bytes;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.iterator;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.readAll;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.shards;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/** SplitShard, MergeShards, UpdateShardCount and ListShards: parents closed, children linked. CBOR and JSON. */
class ReshardingConformanceTest {

    private static final BigInteger HALF = BigInteger.TWO.pow(127);

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory()
            .withStatusTransitionDelay(Duration.ofMillis(100));

    private static String split(KinesisClient kinesis) {
        String name = activeStream(kinesis, 1);
        kinesis.splitShard(r -> r.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        return name;
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html : the parent closes, two children share its range */
    @BothEncodings
    void splitShard_closesTheParent_andCreatesTwoChildren(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("before")));
        kinesis.splitShard(r -> r.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        List<Shard> shards = shards(kinesis, name);
        assertEquals(3, shards.size());
        Shard parent = shards.get(0);
        assertNotNull(parent.sequenceNumberRange().endingSequenceNumber(), "a closed shard has an EndingSequenceNumber");
        assertEquals("shardId-000000000001", shards.get(1).shardId());
        assertEquals("shardId-000000000000", shards.get(1).parentShardId());
        assertEquals("shardId-000000000000", shards.get(2).parentShardId());
        assertEquals("0", shards.get(1).hashKeyRange().startingHashKey());
        assertEquals(HALF.subtract(BigInteger.ONE).toString(), shards.get(1).hashKeyRange().endingHashKey());
        assertEquals(HALF.toString(), shards.get(2).hashKeyRange().startingHashKey());
        assertNull(shards.get(2).sequenceNumberRange().endingSequenceNumber());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html : the stream is UPDATING while the split happens */
    @BothEncodings
    void splitShard_putsTheStreamInUpdating(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.splitShard(r -> r.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
        assertEquals(StreamStatus.UPDATING, kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().streamStatus());
        ResourceInUseException error = assertThrows(ResourceInUseException.class, () -> kinesis.splitShard(r -> r
                .streamName(name).shardToSplit("shardId-000000000001").newStartingHashKey("1000")));
        assertEquals("Stream " + name + " under account 000000000000 not ACTIVE, instead in state UPDATING",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-after-resharding.html : new records go to the children; the parent keeps its records */
    @BothEncodings
    void afterASplit_newRecordsGoToTheChildren_andTheParentKeepsItsRecords(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("old")));
        kinesis.splitShard(r -> r.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
        String shard = kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("new"))).shardId();
        assertTrue(shard.equals("shardId-000000000001") || shard.equals("shardId-000000000002"), shard);
        assertEquals(List.of("old"), readAll(kinesis, name, "shardId-000000000000").stream().map(r -> r.data().asUtf8String()).toList());
        assertEquals(List.of("new"), readAll(kinesis, name, shard).stream().map(r -> r.data().asUtf8String()).toList());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : at the end of a closed shard, no NextShardIterator and the ChildShards */
    @BothEncodings
    void getRecords_atTheEndOfAClosedShard_namesItsChildren(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = split(kinesis);
        String iterator = iterator(kinesis, name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON);
        GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(iterator));
        assertNull(response.nextShardIterator());
        assertEquals(List.of("shardId-000000000001", "shardId-000000000002"),
                response.childShards().stream().map(ChildShard::shardId).toList());
        assertEquals(List.of("shardId-000000000000"), response.childShards().get(0).parentShards());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html : a closed shard cannot be split again */
    @BothEncodings
    void splitShard_ofAClosedShard_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = split(kinesis);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.splitShard(r -> r
                .streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("12345")));
        assertEquals("Shard shardId-000000000000 in stream " + name + " under account 000000000000 has already been merged "
                + "or split, and thus is not eligible for merging or splitting.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html : NewStartingHashKey must lie inside the shard's range */
    @BothEncodings
    void splitShard_atTheShardsFirstKey_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.splitShard(r -> r
                .streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("0")));
        assertTrue(error.awsErrorDetails().errorMessage().startsWith("NewStartingHashKey 0 used in SplitShard() on shard "
                + "shardId-000000000000 in stream " + name + " under account 000000000000 is not both greater than one plus "
                + "the shard's StartingHashKey"), error.getMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html : ResourceNotFoundException for an unknown shard */
    @BothEncodings
    void splitShard_ofAMissingShard_isResourceNotFound(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        ResourceNotFoundException error = assertThrows(ResourceNotFoundException.class, () -> kinesis.splitShard(r -> r
                .streamName(name).shardToSplit("shardId-000000000009").newStartingHashKey("100")));
        assertEquals("Could not find shard shardId-000000000009 in stream " + name + " under account 000000000000.",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html : two adjacent shards become one child with both parents */
    @BothEncodings
    void mergeShards_createsOneChildWithParentAndAdjacentParent(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 2);
        kinesis.mergeShards(r -> r.streamName(name).shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001"));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        List<Shard> shards = shards(kinesis, name);
        Shard child = shards.get(2);
        assertEquals("shardId-000000000002", child.shardId());
        assertEquals("shardId-000000000000", child.parentShardId());
        assertEquals("shardId-000000000001", child.adjacentParentShardId());
        assertEquals("0", child.hashKeyRange().startingHashKey());
        assertEquals(BigInteger.TWO.pow(128).subtract(BigInteger.ONE).toString(), child.hashKeyRange().endingHashKey());
        assertNotNull(shards.get(0).sequenceNumberRange().endingSequenceNumber());
        assertNotNull(shards.get(1).sequenceNumberRange().endingSequenceNumber());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html : only adjacent shards merge */
    @BothEncodings
    void mergeShards_ofShardsThatAreNotAdjacent_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.mergeShards(r -> r
                .streamName(name).shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000002")));
        assertEquals("Shards shardId-000000000000 and shardId-000000000002 in stream " + name + " under account 000000000000 "
                + "are not an adjacent pair of shards eligible for merging", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html : scaling up splits, CurrentShardCount and TargetShardCount */
    @BothEncodings
    void updateShardCount_up_leavesTheTargetNumberOfOpenShards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 2);
        UpdateShardCountResponse response = kinesis.updateShardCount(r -> r.streamName(name).targetShardCount(4)
                .scalingType("UNIFORM_SCALING"));
        assertEquals(2, response.currentShardCount());
        assertEquals(4, response.targetShardCount());
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        List<Shard> open = shards(kinesis, name).stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).toList();
        assertEquals(4, open.size());
        assertTrue(open.stream().allMatch(s -> s.parentShardId() != null));
        assertEquals(4, kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().openShardCount());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html : scaling down merges */
    @BothEncodings
    void updateShardCount_down_mergesShards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 4);
        kinesis.updateShardCount(r -> r.streamName(name).targetShardCount(2).scalingType("UNIFORM_SCALING"));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        List<Shard> open = shards(kinesis, name).stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).toList();
        assertEquals(2, open.size());
        assertTrue(open.stream().allMatch(s -> s.adjacentParentShardId() != null));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html : no more than double the open shards in one call */
    @BothEncodings
    void updateShardCount_toMoreThanDouble_isLimitExceeded(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        assertThrows(LimitExceededException.class, () -> kinesis.updateShardCount(r -> r.streamName(name).targetShardCount(3)
                .scalingType("UNIFORM_SCALING")));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html : ScalingType UNIFORM_SCALING is required */
    @BothEncodings
    void updateShardCount_withoutAScalingType_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        assertThrows(ValidationException.class, () -> kinesis.updateShardCount(r -> r.streamName(name).targetShardCount(2)));
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html : on-demand streams scale themselves; resharding them is refused */
    @BothEncodings
    void splitShard_onAnOnDemandStream_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = uniqueName("ondemand");
        kinesis.createStream(r -> r.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        ValidationException error = assertThrows(ValidationException.class, () -> kinesis.splitShard(r -> r
                .streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey("100")));
        assertEquals("Request is invalid. Stream " + name + " under account 000000000000 is in On-Demand mode.",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html : MaxResults and NextToken */
    @BothEncodings
    void listShards_pagesWithNextToken(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        ListShardsResponse first = kinesis.listShards(r -> r.streamName(name).maxResults(2));
        assertEquals(2, first.shards().size());
        assertNotNull(first.nextToken());
        ListShardsResponse second = kinesis.listShards(r -> r.nextToken(first.nextToken()));
        assertEquals(List.of("shardId-000000000002"), second.shards().stream().map(Shard::shardId).toList());
        assertNull(second.nextToken());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html : NextToken and StreamName together are refused */
    @BothEncodings
    void listShards_withNextTokenAndStreamName_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        String token = kinesis.listShards(r -> r.streamName(name).maxResults(1)).nextToken();
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.listShards(r -> r.streamName(name).nextToken(token)));
        assertEquals("NextToken and StreamName cannot be provided together.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html : ExclusiveStartShardId */
    @BothEncodings
    void listShards_afterAnExclusiveStartShardId(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        assertEquals(List.of("shardId-000000000001", "shardId-000000000002"), kinesis.listShards(r -> r.streamName(name)
                .exclusiveStartShardId("shardId-000000000000")).shards().stream().map(Shard::shardId).toList());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ShardFilter.html : AT_LATEST lists only open shards */
    @BothEncodings
    void listShards_atLatest_listsOnlyOpenShards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = split(kinesis);
        assertEquals(List.of("shardId-000000000001", "shardId-000000000002"), kinesis.listShards(r -> r.streamName(name)
                .shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards().stream().map(Shard::shardId).toList());
        assertEquals(3, kinesis.listShards(r -> r.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_TRIM_HORIZON)))
                .shards().size());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html : the stream may be named by its ARN */
    @BothEncodings
    void listShards_byStreamArn(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 2);
        assertEquals(2, kinesis.listShards(r -> r.streamARN(KINESIS.engine().streamArn(name))).shards().size());
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding-merge.html : per partition key, reading parent then child keeps order */
    @BothEncodings
    void readingParentThenChildren_keepsTheOrderOfEachPartitionKey(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        for (int i = 0; i < 20; i++) {
            int n = i;
            kinesis.putRecord(r -> r.streamName(name).partitionKey("key-" + (n % 4)).data(bytes(Integer.toString(n))));
        }
        kinesis.splitShard(r -> r.streamName(name).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
        for (int i = 20; i < 40; i++) {
            int n = i;
            kinesis.putRecord(r -> r.streamName(name).partitionKey("key-" + (n % 4)).data(bytes(Integer.toString(n))));
        }
        var byKey = new java.util.TreeMap<String, List<Integer>>();
        for (String shard : List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002")) {
            readAll(kinesis, name, shard).forEach(r -> byKey.computeIfAbsent(r.partitionKey(), k -> new java.util.ArrayList<>())
                    .add(Integer.parseInt(r.data().asUtf8String())));
        }
        for (int key = 0; key < 4; key++) {
            int k = key;
            assertEquals(java.util.stream.IntStream.range(0, 40).filter(i -> i % 4 == k).boxed().collect(Collectors.toList()),
                    byKey.get("key-" + key));
        }
    }
}
