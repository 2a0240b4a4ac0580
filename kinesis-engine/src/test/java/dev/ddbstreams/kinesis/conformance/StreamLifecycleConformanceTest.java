package dev.ddbstreams.kinesis.conformance;

import static dev.ddbstreams.kinesis.conformance.StreamFixtures.activeStream;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.awaitStatus;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.bytes;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Tag;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Stream lifecycle: CreateStream, DescribeStream(Summary), ListStreams, DeleteStream and their status transitions.
 * Each test runs with CBOR (SDK default) and with JSON.
 */
class StreamLifecycleConformanceTest {

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory()
            .withStatusTransitionDelay(Duration.ofMillis(300));

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : "returns immediately and sets the stream status to CREATING ... then ACTIVE" */
    @BothEncodings
    void createStream_isCreatingAtFirst_thenActive(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = uniqueName("lifecycle");
        kinesis.createStream(r -> r.streamName(name).shardCount(1));
        assertEquals(StreamStatus.CREATING, kinesis.describeStream(r -> r.streamName(name)).streamDescription().streamStatus());
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_HashKeyRange.html : shards divide the 128-bit hash key space */
    @BothEncodings
    void createStream_dividesTheHashKeySpaceIntoContiguousRanges(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        List<Shard> shards = kinesis.describeStream(r -> r.streamName(name)).streamDescription().shards();
        assertEquals(3, shards.size());
        assertEquals(BigInteger.ZERO, new BigInteger(shards.get(0).hashKeyRange().startingHashKey()));
        for (int i = 1; i < shards.size(); i++) {
            assertEquals(new BigInteger(shards.get(i - 1).hashKeyRange().endingHashKey()).add(BigInteger.ONE),
                    new BigInteger(shards.get(i).hashKeyRange().startingHashKey()));
        }
        assertEquals(BigInteger.TWO.pow(128).subtract(BigInteger.ONE),
                new BigInteger(shards.get(2).hashKeyRange().endingHashKey()));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Shard.html : shard ids "shardId-000000000000" */
    @BothEncodings
    void createStream_namesShardsLikeAws(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 2);
        List<Shard> shards = kinesis.describeStream(r -> r.streamName(name)).streamDescription().shards();
        assertEquals("shardId-000000000000", shards.get(0).shardId());
        assertEquals("shardId-000000000001", shards.get(1).shardId());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescription.html : StreamARN */
    @BothEncodings
    void describeStream_givesTheArnWithRegionAndAccount(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/" + name,
                kinesis.describeStream(r -> r.streamName(name)).streamDescription().streamARN());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescription.html : retention 24 h, no encryption, open sequence ranges */
    @BothEncodings
    void describeStream_showsDefaultsOfANewStream(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        Instant before = Instant.now().minusSeconds(1);
        String name = activeStream(kinesis, 1);
        StreamDescription description = kinesis.describeStream(r -> r.streamName(name)).streamDescription();
        assertEquals(24, description.retentionPeriodHours());
        assertEquals("NONE", description.encryptionTypeAsString());
        assertEquals(StreamMode.PROVISIONED, description.streamModeDetails().streamMode());
        assertFalse(description.hasMoreShards());
        assertTrue(description.streamCreationTimestamp().isAfter(before));
        assertTrue(description.streamCreationTimestamp().isBefore(Instant.now().plusSeconds(1)));
        Shard shard = description.shards().get(0);
        assertEquals(56, shard.sequenceNumberRange().startingSequenceNumber().length());
        assertNull(shard.sequenceNumberRange().endingSequenceNumber());
        assertNull(shard.parentShardId());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html : Limit, ExclusiveStartShardId, HasMoreShards */
    @BothEncodings
    void describeStream_pagesThroughShards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        StreamDescription first = kinesis.describeStream(r -> r.streamName(name).limit(2)).streamDescription();
        assertEquals(2, first.shards().size());
        assertTrue(first.hasMoreShards());
        StreamDescription second = kinesis.describeStream(r -> r.streamName(name).limit(2)
                .exclusiveStartShardId(first.shards().get(1).shardId())).streamDescription();
        assertEquals(List.of("shardId-000000000002"), second.shards().stream().map(Shard::shardId).toList());
        assertFalse(second.hasMoreShards());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html : StreamARN may name the stream */
    @BothEncodings
    void describeStream_acceptsTheStreamArn(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String arn = KINESIS.engine().streamArn(name);
        assertEquals(name, kinesis.describeStream(r -> r.streamARN(arn)).streamDescription().streamName());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html : ResourceNotFoundException */
    @BothEncodings
    void describeStream_ofAMissingStream_isResourceNotFound(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        ResourceNotFoundException error = assertThrows(ResourceNotFoundException.class,
                () -> kinesis.describeStream(r -> r.streamName("no-such-stream")));
        assertEquals("Stream no-such-stream under account 000000000000 not found.", error.awsErrorDetails().errorMessage());
        assertEquals(400, error.statusCode());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html : OpenShardCount, ConsumerCount */
    @BothEncodings
    void describeStreamSummary_countsOpenShards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 2);
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
        assertEquals(2, summary.openShardCount());
        assertEquals(0, summary.consumerCount());
        assertEquals(StreamStatus.ACTIVE, summary.streamStatus());
        assertEquals(KINESIS.engine().streamArn(name), summary.streamARN());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : ResourceInUseException for an existing name */
    @BothEncodings
    void createStream_withATakenName_isResourceInUse(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        ResourceInUseException error = assertThrows(ResourceInUseException.class,
                () -> kinesis.createStream(r -> r.streamName(name).shardCount(1)));
        assertEquals("Stream " + name + " under account 000000000000 already exists.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : StreamName pattern [a-zA-Z0-9_.-]+ */
    @BothEncodings
    void createStream_withAnInvalidName_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.createStream(r -> r.streamName("bad name!").shardCount(1)));
        assertEquals("1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : StreamName length 1-128 */
    @BothEncodings
    void createStream_withANameOver128Characters_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = "a".repeat(129);
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.createStream(r -> r.streamName(name).shardCount(1)));
        assertEquals("1 validation error detected: Value '" + name + "' at 'streamName' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : ShardCount minimum 1 */
    @BothEncodings
    void createStream_withZeroShards_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.createStream(r -> r.streamName(uniqueName("zero")).shardCount(0)));
        assertEquals("1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html : 500 shards per account in us-east-1 */
    @BothEncodings
    void createStream_beyondTheShardQuota_isLimitExceeded(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        LimitExceededException error = assertThrows(LimitExceededException.class,
                () -> kinesis.createStream(r -> r.streamName(uniqueName("huge")).shardCount(501)));
        assertTrue(error.awsErrorDetails().errorMessage().startsWith(
                "This request would exceed the shard limit for the account 000000000000 in us-east-1."), error.getMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamModeDetails.html : on-demand streams need no shard count */
    @BothEncodings
    void createStream_onDemand_startsWithFourShards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = uniqueName("ondemand");
        kinesis.createStream(r -> r.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
        assertEquals(StreamMode.ON_DEMAND, summary.streamModeDetails().streamMode());
        assertEquals(4, summary.openShardCount());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : Tags at creation */
    @BothEncodings
    void createStream_withTags_keepsThem(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = uniqueName("tagged");
        kinesis.createStream(r -> r.streamName(name).shardCount(1).tags(Map.of("team", "data")));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        assertEquals(List.of(Tag.builder().key("team").value("data").build()),
                kinesis.listTagsForStream(r -> r.streamName(name)).tags());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html : names in order, Limit, HasMoreStreams, ExclusiveStartStreamName */
    @BothEncodings
    void listStreams_pagesThroughNamesInOrder(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        List<String> created = List.of(activeStream(kinesis, 1), activeStream(kinesis, 1)).stream().sorted().toList();
        ListStreamsResponse page = kinesis.listStreams(r -> r.exclusiveStartStreamName(created.get(0)).limit(1));
        assertEquals(1, page.streamNames().size());
        String next = page.streamNames().get(0);
        assertTrue(next.compareTo(created.get(0)) > 0 && next.compareTo(created.get(1)) <= 0, next);
        List<String> all = kinesis.listStreams(r -> r.limit(10_000)).streamNames();
        assertTrue(all.containsAll(created));
        assertEquals(all.stream().sorted().toList(), all);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html : NextToken and StreamSummaries */
    @BothEncodings
    void listStreams_nextTokenContinuesWhereThePageStopped(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        activeStream(kinesis, 1);
        activeStream(kinesis, 1);
        ListStreamsResponse first = kinesis.listStreams(r -> r.limit(1));
        assertTrue(first.hasMoreStreams());
        ListStreamsResponse second = kinesis.listStreams(r -> r.nextToken(first.nextToken()).limit(1));
        assertTrue(second.streamNames().get(0).compareTo(first.streamNames().get(0)) > 0);
        assertEquals(first.streamNames().get(0), first.streamSummaries().get(0).streamName());
        assertEquals(KINESIS.engine().streamArn(first.streamNames().get(0)), first.streamSummaries().get(0).streamARN());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html : "status DELETING ... until the deletion is complete" */
    @BothEncodings
    void deleteStream_isDeleting_thenGone(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.deleteStream(r -> r.streamName(name));
        assertEquals(StreamStatus.DELETING, kinesis.describeStreamSummary(r -> r.streamName(name))
                .streamDescriptionSummary().streamStatus());
        Instant deadline = Instant.now().plusSeconds(5);
        while (true) {
            try {
                kinesis.describeStreamSummary(r -> r.streamName(name));
            } catch (ResourceNotFoundException gone) {
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), "stream never went away");
            StreamFixtures.sleep(20);
        }
        assertFalse(kinesis.listStreams(r -> r.limit(10_000)).streamNames().contains(name));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html : ResourceNotFoundException */
    @BothEncodings
    void deleteStream_ofAMissingStream_isResourceNotFound(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        assertThrows(ResourceNotFoundException.class, () -> kinesis.deleteStream(r -> r.streamName("never-created")));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html : the name can be used again once the stream is gone */
    @BothEncodings
    void createStream_afterDeletion_startsAFreshStream(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("old")));
        kinesis.deleteStream(r -> r.streamName(name));
        StreamFixtures.sleep(400);
        kinesis.createStream(r -> r.streamName(name).shardCount(1));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        assertTrue(StreamFixtures.readAll(kinesis, name, "shardId-000000000000").isEmpty());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : a stream that is still CREATING takes no records */
    @BothEncodings
    void putRecord_whileTheStreamIsCreating_isResourceNotFound(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = uniqueName("creating");
        kinesis.createStream(r -> r.streamName(name).shardCount(1));
        assertThrows(ResourceNotFoundException.class,
                () -> kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("early"))));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html : StreamName or StreamARN is needed */
    @BothEncodings
    void describeStream_withoutNameOrArn_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        assertThrows(InvalidArgumentException.class, () -> kinesis.describeStream(r -> { }));
    }
}
