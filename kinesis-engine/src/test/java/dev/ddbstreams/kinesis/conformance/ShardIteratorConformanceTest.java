package dev.ddbstreams.kinesis.conformance;

import static dev.ddbstreams.kinesis.conformance.StreamFixtures.bytes;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.iterator;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * GetShardIterator's five iterator types, iterator expiry, MillisBehindLatest and retention, on an engine whose
 * clock the tests move. CBOR and JSON.
 */
class ShardIteratorConformanceTest {

    private static final String SHARD_0 = "shardId-000000000000";
    private static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory().withClock(CLOCK)
            .withStatusTransitionDelay(Duration.ofMillis(500));

    private static String activeStream(KinesisClient kinesis, int shards) {
        String name = uniqueName("iter");
        kinesis.createStream(r -> r.streamName(name).shardCount(shards));
        CLOCK.advance(Duration.ofSeconds(1));
        return name;
    }

    private static String put(KinesisClient kinesis, String stream, String data) {
        return kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(bytes(data))).sequenceNumber();
    }

    private static List<String> read(KinesisClient kinesis, String iterator) {
        return kinesis.getRecords(r -> r.shardIterator(iterator)).records().stream().map(rec -> rec.data().asUtf8String()).toList();
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : TRIM_HORIZON, the oldest record */
    @BothEncodings
    void trimHorizon_readsFromTheOldestRecord(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "a");
        put(kinesis, name, "b");
        assertEquals(List.of("a", "b"), read(kinesis, iterator(kinesis, name, SHARD_0, ShardIteratorType.TRIM_HORIZON)));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : LATEST, just after the most recent record */
    @BothEncodings
    void latest_readsOnlyRecordsWrittenAfterwards(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "before");
        String latest = iterator(kinesis, name, SHARD_0, ShardIteratorType.LATEST);
        put(kinesis, name, "after");
        assertEquals(List.of("after"), read(kinesis, latest));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : AT_SEQUENCE_NUMBER */
    @BothEncodings
    void atSequenceNumber_startsWithThatRecord(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "a");
        String second = put(kinesis, name, "b");
        put(kinesis, name, "c");
        String iterator = kinesis.getShardIterator(r -> r.streamName(name).shardId(SHARD_0)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(second)).shardIterator();
        assertEquals(List.of("b", "c"), read(kinesis, iterator));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : AFTER_SEQUENCE_NUMBER */
    @BothEncodings
    void afterSequenceNumber_startsWithTheNextRecord(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "a");
        String second = put(kinesis, name, "b");
        put(kinesis, name, "c");
        String iterator = kinesis.getShardIterator(r -> r.streamName(name).shardId(SHARD_0)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(second)).shardIterator();
        assertEquals(List.of("c"), read(kinesis, iterator));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : AT_TIMESTAMP */
    @BothEncodings
    void atTimestamp_startsWithTheFirstRecordAtOrAfterIt(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "old");
        CLOCK.advance(Duration.ofSeconds(10));
        Instant cut = CLOCK.instant();
        put(kinesis, name, "new");
        CLOCK.advance(Duration.ofSeconds(1));
        String iterator = kinesis.getShardIterator(r -> r.streamName(name).shardId(SHARD_0)
                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(cut.minusMillis(1))).shardIterator();
        assertEquals(List.of("new"), read(kinesis, iterator));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : a Timestamp in the future is refused */
    @BothEncodings
    void atTimestamp_inTheFuture_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        Instant future = CLOCK.instant().plusSeconds(3600);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId(SHARD_0).shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(future)));
        assertTrue(error.awsErrorDetails().errorMessage().startsWith("The timestampInMillis parameter cannot be greater than "
                + "the currentTimestampInMillis. timestampInMillis: " + future.toEpochMilli()), error.getMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : AT_TIMESTAMP needs a Timestamp */
    @BothEncodings
    void atTimestamp_withoutATimestamp_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId(SHARD_0).shardIteratorType(ShardIteratorType.AT_TIMESTAMP)));
        assertEquals("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no "
                + "timestamp parameter.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : StartingSequenceNumber only with the *_SEQUENCE_NUMBER types */
    @BothEncodings
    void trimHorizon_withASequenceNumber_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String sequence = put(kinesis, name, "a");
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId(SHARD_0).shardIteratorType(ShardIteratorType.TRIM_HORIZON).startingSequenceNumber(sequence)));
        assertEquals("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
                + "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified TRIM_HORIZON and also a "
                + "StartingSequenceNumber.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : AT_SEQUENCE_NUMBER needs StartingSequenceNumber */
    @BothEncodings
    void atSequenceNumber_withoutOne_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId(SHARD_0).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)));
        assertTrue(error.awsErrorDetails().errorMessage().endsWith("Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber."));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : a sequence number of another shard is refused */
    @BothEncodings
    void atSequenceNumber_ofAnotherShard_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 2);
        String onShard1 = kinesis.putRecord(r -> r.streamName(name).partitionKey("k")
                .explicitHashKey("340282366920938463463374607431768211455").data(bytes("x"))).sequenceNumber();
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId(SHARD_0).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .startingSequenceNumber(onShard1)));
        assertEquals("Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard "
                + "with shardId-000000000000", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : ResourceNotFoundException for an unknown shard */
    @BothEncodings
    void getShardIterator_ofAMissingShard_isResourceNotFound(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        ResourceNotFoundException error = assertThrows(ResourceNotFoundException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId("shardId-000000000005").shardIteratorType(ShardIteratorType.LATEST)));
        assertEquals("Shard shardId-000000000005 in stream " + name + " under account 000000000000 does not exist",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : ShardIteratorType enum */
    @BothEncodings
    void getShardIterator_ofAnUnknownType_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        ValidationException error = assertThrows(ValidationException.class, () -> kinesis.getShardIterator(r -> r
                .streamName(name).shardId(SHARD_0).shardIteratorType("OLDEST")));
        assertEquals("1 validation error detected: Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member "
                + "must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]",
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : "A shard iterator expires 5 minutes after it is returned" */
    @BothEncodings
    void getRecords_withAnIteratorOlderThan5Minutes_isExpiredIterator(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String iterator = iterator(kinesis, name, SHARD_0, ShardIteratorType.TRIM_HORIZON);
        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        ExpiredIteratorException error = assertThrows(ExpiredIteratorException.class,
                () -> kinesis.getRecords(r -> r.shardIterator(iterator)));
        assertTrue(error.awsErrorDetails().errorMessage().startsWith("Iterator expired. The iterator was created at time "));
        assertTrue(error.awsErrorDetails().errorMessage().endsWith(
                "which is further in the future than the tolerated delay of 300000 milliseconds."));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html : an iterator is good for 5 minutes */
    @BothEncodings
    void getRecords_withAnIteratorJustUnder5Minutes_works(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "kept");
        String iterator = iterator(kinesis, name, SHARD_0, ShardIteratorType.TRIM_HORIZON);
        CLOCK.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertEquals(List.of("kept"), read(kinesis, iterator));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : NextShardIterator is fresh, so a reader that keeps reading never expires */
    @BothEncodings
    void getRecords_nextIteratorIsFresh(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String first = iterator(kinesis, name, SHARD_0, ShardIteratorType.TRIM_HORIZON);
        CLOCK.advance(Duration.ofMinutes(4));
        String next = kinesis.getRecords(r -> r.shardIterator(first)).nextShardIterator();
        CLOCK.advance(Duration.ofMinutes(4));
        put(kinesis, name, "late");
        assertEquals(List.of("late"), read(kinesis, next));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : MillisBehindLatest, 0 when caught up */
    @BothEncodings
    void getRecords_reportsHowFarBehindTheTipTheReaderIs(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "one");
        CLOCK.advance(Duration.ofSeconds(3));
        put(kinesis, name, "two");
        CLOCK.advance(Duration.ofSeconds(5));
        String iterator = iterator(kinesis, name, SHARD_0, ShardIteratorType.TRIM_HORIZON);
        GetRecordsResponse first = kinesis.getRecords(r -> r.shardIterator(iterator).limit(1));
        assertEquals(5000L, first.millisBehindLatest());
        GetRecordsResponse second = kinesis.getRecords(r -> r.shardIterator(first.nextShardIterator()));
        assertEquals(0L, second.millisBehindLatest());
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html : records older than the retention period are no longer readable */
    @BothEncodings
    void records_pastTheRetentionPeriod_areNoLongerReturned(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        put(kinesis, name, "expired");
        CLOCK.advance(Duration.ofHours(23));
        put(kinesis, name, "fresh");
        CLOCK.advance(Duration.ofHours(2));
        List<Record> records = kinesis.getRecords(r -> r.shardIterator(iterator(kinesis, name, SHARD_0,
                ShardIteratorType.TRIM_HORIZON))).records();
        assertEquals(List.of("fresh"), records.stream().map(rec -> rec.data().asUtf8String()).toList());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html : a longer retention keeps older records */
    @BothEncodings
    void records_withinAnIncreasedRetentionPeriod_remainReadable(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(48));
        put(kinesis, name, "two-days");
        CLOCK.advance(Duration.ofHours(30));
        assertEquals(List.of("two-days"), read(kinesis, iterator(kinesis, name, SHARD_0, ShardIteratorType.TRIM_HORIZON)));
    }
}
