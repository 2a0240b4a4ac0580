package dev.ddbstreams.kinesis.conformance;

import static dev.ddbstreams.kinesis.conformance.StreamFixtures.activeStream;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.awaitStatus;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.bytes;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Tag;

/** Tags, retention, encryption, capacity mode, enhanced monitoring and DescribeLimits. CBOR and JSON. */
class StreamSettingsConformanceTest {

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory()
            .withStatusTransitionDelay(Duration.ofMillis(50));

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html and API_ListTagsForStream.html */
    @BothEncodings
    void addTags_thenListTags_showsThemSortedByKey(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.addTagsToStream(r -> r.streamName(name).tags(Map.of("env", "test", "app", "lab")));
        ListTagsForStreamResponse tags = kinesis.listTagsForStream(r -> r.streamName(name));
        assertEquals(List.of(Tag.builder().key("app").value("lab").build(), Tag.builder().key("env").value("test").build()), tags.tags());
        assertFalse(tags.hasMoreTags());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html : "If tags have already been assigned ... overwrites any existing tags that correspond to the specified tag keys" */
    @BothEncodings
    void addTags_overwritesTheValueOfAnExistingKey(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.addTagsToStream(r -> r.streamName(name).tags(Map.of("env", "test")));
        kinesis.addTagsToStream(r -> r.streamName(name).tags(Map.of("env", "prod")));
        assertEquals("prod", kinesis.listTagsForStream(r -> r.streamName(name)).tags().get(0).value());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html : Limit, ExclusiveStartTagKey, HasMoreTags */
    @BothEncodings
    void listTags_pagesWithLimitAndExclusiveStartTagKey(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.addTagsToStream(r -> r.streamName(name).tags(Map.of("a", "1", "b", "2", "c", "3")));
        ListTagsForStreamResponse first = kinesis.listTagsForStream(r -> r.streamName(name).limit(2));
        assertEquals(2, first.tags().size());
        assertTrue(first.hasMoreTags());
        ListTagsForStreamResponse rest = kinesis.listTagsForStream(r -> r.streamName(name).exclusiveStartTagKey("b"));
        assertEquals(List.of("c"), rest.tags().stream().map(Tag::key).toList());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html */
    @BothEncodings
    void removeTags_removesOnlyTheGivenKeys(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.addTagsToStream(r -> r.streamName(name).tags(Map.of("keep", "1", "drop", "2")));
        kinesis.removeTagsFromStream(r -> r.streamName(name).tagKeys("drop", "never-there"));
        assertEquals(List.of("keep"), kinesis.listTagsForStream(r -> r.streamName(name)).tags().stream().map(Tag::key).toList());
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/tagging.html : at most 50 tags per stream */
    @BothEncodings
    void addTags_beyond50_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        Map<String, String> first = new HashMap<>();
        Map<String, String> second = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            first.put("a" + i, "v");
            second.put("b" + i, "v");
        }
        kinesis.addTagsToStream(r -> r.streamName(name).tags(first));
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.addTagsToStream(r -> r.streamName(name).tags(second)));
        assertEquals("Failed to add tags to stream " + name + " under account 000000000000 because a given stream cannot have "
                + "more than 50 tags associated with it.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html */
    @BothEncodings
    void increaseRetention_changesRetentionPeriodHours(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(168));
        assertEquals(168, kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().retentionPeriodHours());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html : a shorter value is refused */
    @BothEncodings
    void increaseRetention_toAShorterPeriod_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(72));
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(48)));
        assertEquals("Requested retention period (48 hours) for stream " + name + " can not be shorter than existing retention "
                + "period (72 hours). Use DecreaseRetentionPeriod API.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html : at most 8760 hours */
    @BothEncodings
    void increaseRetention_beyond8760Hours_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(8761)));
        assertEquals("Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html : "The minimum value of a stream's retention period is 24 hours" */
    @BothEncodings
    void decreaseRetention_below24Hours_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.decreaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(12)));
        assertEquals("Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html */
    @BothEncodings
    void decreaseRetention_backTo24Hours(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(100));
        kinesis.decreaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(24));
        assertEquals(24, kinesis.describeStream(r -> r.streamName(name)).streamDescription().retentionPeriodHours());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html : UPDATING, then KMS with the key; new records say KMS */
    @BothEncodings
    void startEncryption_marksTheStreamAndNewRecordsKms(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.startStreamEncryption(r -> r.streamName(name).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
        assertEquals(StreamStatus.UPDATING, kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().streamStatus());
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
        assertEquals(EncryptionType.KMS, summary.encryptionType());
        assertEquals("alias/aws/kinesis", summary.keyId());
        assertEquals(EncryptionType.KMS, kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("secret"))).encryptionType());
        assertEquals(EncryptionType.KMS, readAll(kinesis, name, "shardId-000000000000").get(0).encryptionType());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html */
    @BothEncodings
    void stopEncryption_setsEncryptionTypeBackToNone(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.startStreamEncryption(r -> r.streamName(name).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        kinesis.stopStreamEncryption(r -> r.streamName(name).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        assertEquals(EncryptionType.NONE, kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary().encryptionType());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html : PROVISIONED to ON_DEMAND by ARN */
    @BothEncodings
    void updateStreamMode_switchesToOnDemand(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.updateStreamMode(r -> r.streamARN(KINESIS.engine().streamArn(name)).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        awaitStatus(kinesis, name, StreamStatus.ACTIVE);
        assertEquals(StreamMode.ON_DEMAND, kinesis.describeStreamSummary(r -> r.streamName(name))
                .streamDescriptionSummary().streamModeDetails().streamMode());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html : ShardLimit, OpenShardCount, on-demand counts */
    @BothEncodings
    void describeLimits_reportsTheQuotaAndWhatIsInUse(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        int before = kinesis.describeLimits(r -> { }).openShardCount();
        activeStream(kinesis, 3);
        DescribeLimitsResponse limits = kinesis.describeLimits(r -> { });
        assertEquals(500, limits.shardLimit());
        assertEquals(before + 3, limits.openShardCount());
        assertEquals(50, limits.onDemandStreamCountLimit());
        assertTrue(limits.onDemandStreamCount() >= 0);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html : Current and Desired ShardLevelMetrics */
    @BothEncodings
    void enableEnhancedMonitoring_reportsTheMetricsBeforeAndAfter(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        EnableEnhancedMonitoringResponse output = kinesis.enableEnhancedMonitoring(r -> r.streamName(name)
                .shardLevelMetrics(MetricsName.INCOMING_BYTES));
        assertEquals(List.of(), output.currentShardLevelMetrics());
        assertEquals(List.of(MetricsName.INCOMING_BYTES), output.desiredShardLevelMetrics());
        assertEquals(List.of(MetricsName.INCOMING_BYTES), kinesis.describeStreamSummary(r -> r.streamName(name))
                .streamDescriptionSummary().enhancedMonitoring().get(0).shardLevelMetrics());
    }
}
