package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport;
import dev.ddbstreams.dynamodb.conformance.tables.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Time in streams: shard iterators expire 15 minutes after they are handed out, and records are kept 24
 * hours. The engine's clock is moved forward instead of waiting; each test moves it by itself, and makes
 * its own table, so that the order of the tests does not matter.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html">GetShardIterator</a>
 *      ("A shard iterator expires 15 minutes after it is returned to the requester.")
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html">GetRecords</a>
 *      (ExpiredIteratorException, TrimmedDataAccessException)
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Streams</a>
 *      ("All data in DynamoDB Streams is subject to a 24-hour lifetime.")
 */
class StreamRetentionConformanceTest {

    private static final MutableClock CLOCK = MutableClock.startingNow();
    private static DynamoDbEngine engine;
    private static DynamoDbClient client;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void startEngineWithAMovableClock() {
        engine = DynamoDbEngine.builder().port(0).clock(CLOCK).build();
        client = ConformanceSupport.client(engine.endpoint(), engine.region());
        streams = ConformanceSupport.streamsClient(engine.endpoint(), engine.region());
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
            streams.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** A table with a stream and one record, for the key "first"; answers the stream ARN. */
    private static String streamWithOneRecord(String prefix) {
        String table = uniqueName(prefix);
        createActive(client, streamedHashTable(table, StreamViewType.KEYS_ONLY));
        client.putItem(b -> b.tableName(table).item(item("pk", "first")));
        return StreamReader.streamArnOf(client, table);
    }

    private static String trimHorizon(String streamArn) {
        Shard shard = StreamReader.shards(streams, streamArn).get(0);
        return StreamReader.iterator(streams, streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON);
    }

    private static List<String> keys(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys().get("pk").s()).toList();
    }

    /** GetShardIterator: an iterator used more than 15 minutes after it was handed out has expired. */
    @Test
    void iteratorOlderThanFifteenMinutesHasExpired() {
        String iterator = trimHorizon(streamWithOneRecord("ret-expired"));
        CLOCK.advance(Duration.ofMinutes(16));
        assertAwsError(ExpiredIteratorException.class, "ExpiredIteratorException",
                () -> streams.getRecords(b -> b.shardIterator(iterator)));
    }

    /** GetShardIterator: an iterator younger than 15 minutes still reads. */
    @Test
    void iteratorYoungerThanFifteenMinutesStillReads() {
        String iterator = trimHorizon(streamWithOneRecord("ret-fresh"));
        CLOCK.advance(Duration.ofMinutes(14));
        assertEquals(List.of("first"), keys(streams.getRecords(b -> b.shardIterator(iterator)).records()));
    }

    /** GetRecords, NextShardIterator: a new iterator, whose 15 minutes start when it is handed out. */
    @Test
    void nextShardIteratorHasItsOwnFifteenMinutes() {
        String streamArn = streamWithOneRecord("ret-next");
        String iterator = trimHorizon(streamArn);
        CLOCK.advance(Duration.ofMinutes(10));
        GetRecordsResponse first = streams.getRecords(b -> b.shardIterator(iterator));
        CLOCK.advance(Duration.ofMinutes(10)); // 20 minutes after the first iterator, 10 after the next one
        GetRecordsResponse second = streams.getRecords(b -> b.shardIterator(first.nextShardIterator()));
        assertTrue(second.records().isEmpty());
    }

    /** Streams: records younger than 24 hours are still read from TRIM_HORIZON. */
    @Test
    void recordYoungerThanADayIsStillRead() {
        String streamArn = streamWithOneRecord("ret-23h");
        CLOCK.advance(Duration.ofHours(23));
        assertEquals(List.of("first"), keys(StreamReader.allRecords(streams, streamArn)));
    }

    /** Streams: records older than 24 hours are trimmed: TRIM_HORIZON starts after them, without an error. */
    @Test
    void recordOlderThanADayIsTrimmedFromTrimHorizon() {
        String streamArn = streamWithOneRecord("ret-25h");
        CLOCK.advance(Duration.ofHours(25));
        assertEquals(List.of(), keys(StreamReader.allRecords(streams, streamArn)));
    }

    /** GetShardIterator / GetRecords, TrimmedDataAccessException: asking for a record that has been trimmed. */
    @Test
    void iteratorAtATrimmedRecordAnswersTrimmedDataAccess() {
        String streamArn = streamWithOneRecord("ret-trimmed-at");
        Record record = StreamReader.allRecords(streams, streamArn).get(0);
        String shardId = StreamReader.shards(streams, streamArn).get(0).shardId();
        CLOCK.advance(Duration.ofHours(25));
        // AWS may refuse at GetShardIterator or at the GetRecords that follows: both are documented.
        Throwable refusal = null;
        try {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                    .sequenceNumber(record.dynamodb().sequenceNumber())).shardIterator();
            streams.getRecords(b -> b.shardIterator(iterator));
        } catch (RuntimeException e) {
            refusal = e;
        }
        TrimmedDataAccessException trimmed = assertInstanceOf(TrimmedDataAccessException.class, refusal);
        assertEquals("TrimmedDataAccessException", trimmed.awsErrorDetails().errorCode());
    }

    /** TrimmedDataAccessException is only for trimmed records: one 23 hours old is read at its sequence number. */
    @Test
    void iteratorAtARecordYoungerThanADayReadsIt() {
        String streamArn = streamWithOneRecord("ret-untrimmed-at");
        Record record = StreamReader.allRecords(streams, streamArn).get(0);
        String shardId = StreamReader.shards(streams, streamArn).get(0).shardId();
        CLOCK.advance(Duration.ofHours(23));
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(record.dynamodb().sequenceNumber())).shardIterator();
        assertEquals(List.of("first"), keys(streams.getRecords(b -> b.shardIterator(iterator)).records()));
    }

    /**
     * GetShardIterator, TrimmedDataAccessException: "You obtain a shard iterator, but before you use the
     * iterator in a GetRecords request, a stream record in the shard exceeds the 24 hour period and is trimmed."
     */
    @Test
    void iteratorWhoseRecordIsTrimmedBeforeUseAnswersTrimmedDataAccess() {
        String streamArn = streamWithOneRecord("ret-trimmed-before-use");
        CLOCK.advance(Duration.ofHours(24).minusMinutes(1));
        String iterator = trimHorizon(streamArn);
        CLOCK.advance(Duration.ofMinutes(2));
        assertAwsError(TrimmedDataAccessException.class, "TrimmedDataAccessException",
                () -> streams.getRecords(b -> b.shardIterator(iterator)));
    }

    /**
     * ExpiredIteratorException's message from DynamoDB Streams, "Shard iterator has expired", as logged from
     * AmazonDynamoDBStreams in spring-attic/spring-integration-aws pull request #59 (issues search); Kinesis
     * words it differently ("Iterator expired. The iterator was created at time ...").
     */
    @Test
    void expiredIteratorAnswersDynamoDbStreamsMessage() {
        String iterator = trimHorizon(streamWithOneRecord("ret-expired-message"));
        CLOCK.advance(Duration.ofMinutes(16));
        assertAwsError(ExpiredIteratorException.class, "ExpiredIteratorException", "Shard iterator has expired",
                () -> streams.getRecords(b -> b.shardIterator(iterator)));
    }

    /**
     * TrimmedDataAccessException's message from GetRecords, "The data you are trying to access has been
     * trimmed", as logged against DynamoDB Streams in ironSource/node-dynamodb-stream issue #13 (issues search).
     */
    @Test
    void trimmedIteratorAnswersDynamoDbStreamsMessage() {
        String streamArn = streamWithOneRecord("ret-trimmed-message");
        CLOCK.advance(Duration.ofHours(24).minusMinutes(1));
        String iterator = trimHorizon(streamArn);
        CLOCK.advance(Duration.ofMinutes(2));
        assertAwsError(TrimmedDataAccessException.class, "TrimmedDataAccessException",
                "The data you are trying to access has been trimmed",
                () -> streams.getRecords(b -> b.shardIterator(iterator)));
    }
}
