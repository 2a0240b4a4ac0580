package dev.ddbstreams.kinesis.conformance;

import static dev.ddbstreams.kinesis.conformance.StreamFixtures.activeStream;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.bytes;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.iterator;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.readAll;
import static dev.ddbstreams.kinesis.conformance.StreamFixtures.shards;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/** PutRecord, PutRecords and GetRecords: routing, sequence numbers, payload fidelity and limits. CBOR and JSON. */
class RecordsConformanceTest {

    private static final int ONE_MIB = 1024 * 1024;

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory()
            .withStatusTransitionDelay(java.time.Duration.ofMillis(20));

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : ShardId and SequenceNumber in the answer */
    @BothEncodings
    void putRecord_answersTheShardAndA56DigitSequenceNumber(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        PutRecordResponse response = kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("v")));
        assertEquals("shardId-000000000000", response.shardId());
        assertTrue(response.sequenceNumber().matches("\\d{56}"), response.sequenceNumber());
        assertEquals("NONE", response.encryptionTypeAsString());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : "An MD5 hash function is used to map partition keys to 128-bit integer values" */
    @BothEncodings
    void putRecord_routesByTheMd5OfThePartitionKey(Encoding encoding) throws Exception {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 4);
        List<Shard> shards = shards(kinesis, name);
        for (int i = 0; i < 20; i++) {
            String key = "customer-" + i;
            BigInteger hash = new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
            String expected = shards.stream().filter(s -> new BigInteger(s.hashKeyRange().startingHashKey()).compareTo(hash) <= 0
                    && new BigInteger(s.hashKeyRange().endingHashKey()).compareTo(hash) >= 0).findFirst().orElseThrow().shardId();
            assertEquals(expected, kinesis.putRecord(r -> r.streamName(name).partitionKey(key).data(bytes("x"))).shardId(), key);
        }
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : ExplicitHashKey overrides the partition key hash */
    @BothEncodings
    void putRecord_withExplicitHashKey_goesToTheShardOwningIt(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 4);
        Shard third = shards(kinesis, name).get(2);
        assertEquals(third.shardId(), kinesis.putRecord(r -> r.streamName(name).partitionKey("any")
                .explicitHashKey(third.hashKeyRange().startingHashKey()).data(bytes("x"))).shardId());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : ExplicitHashKey beyond 2^128-1 is InvalidArgumentException */
    @BothEncodings
    void putRecord_withAnExplicitHashKeyBeyond128Bits_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String tooBig = BigInteger.TWO.pow(128).toString();
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> kinesis.putRecord(r -> r.streamName(name)
                .partitionKey("k").explicitHashKey(tooBig).data(bytes("x"))));
        assertEquals("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was " + tooBig,
                error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : ExplicitHashKey pattern 0|([1-9]\d{0,38}) */
    @BothEncodings
    void putRecord_withANonNumericExplicitHashKey_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        ValidationException error = assertThrows(ValidationException.class, () -> kinesis.putRecord(r -> r.streamName(name)
                .partitionKey("k").explicitHashKey("abc").data(bytes("x"))));
        assertTrue(error.awsErrorDetails().errorMessage().contains("at 'explicitHashKey' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})"), error.getMessage());
    }

    /** https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html#sequence-number : sequence numbers increase within a shard */
    @BothEncodings
    void putRecord_sequenceNumbersIncreaseWithinAShard(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        BigInteger previous = BigInteger.ZERO;
        for (int i = 0; i < 10; i++) {
            int n = i;
            BigInteger sequence = new BigInteger(kinesis.putRecord(r -> r.streamName(name).partitionKey("k" + n)
                    .data(bytes("v" + n))).sequenceNumber());
            assertTrue(sequence.compareTo(previous) > 0);
            previous = sequence;
        }
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : Data at most 1 MiB; https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html */
    @BothEncodings
    void putRecord_withDataOver1MiB_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        SdkBytes data = SdkBytes.fromByteArray(new byte[ONE_MIB + 1]);
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(data)));
        assertEquals("1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length "
                + "less than or equal to 1048576", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : a full 1 MiB payload is accepted and read back whole */
    @BothEncodings
    void putRecord_ofExactly1MiB_isStoredWhole(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        byte[] payload = new byte[ONE_MIB];
        new java.util.Random(7).nextBytes(payload);
        kinesis.putRecord(r -> r.streamName(name).partitionKey("big").data(SdkBytes.fromByteArray(payload)));
        assertArrayEquals(payload, readAll(kinesis, name, "shardId-000000000000").get(0).data().asByteArray());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html : Data is an opaque blob, any bytes */
    @BothEncodings
    void getRecords_returnsBinaryDataByteForByte(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        kinesis.putRecord(r -> r.streamName(name).partitionKey("bin").data(SdkBytes.fromByteArray(everyByte)));
        assertArrayEquals(everyByte, readAll(kinesis, name, "shardId-000000000000").get(0).data().asByteArray());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html : Unicode partition keys and payloads survive */
    @BothEncodings
    void getRecords_returnsUnicodeTextAndKeysUnchanged(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String text = "Grüße, 世界 — 🚀 ½";
        kinesis.putRecord(r -> r.streamName(name).partitionKey("ключ-🔑").data(bytes(text)));
        Record record = readAll(kinesis, name, "shardId-000000000000").get(0);
        assertEquals(text, record.data().asUtf8String());
        assertEquals("ключ-🔑", record.partitionKey());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html : an empty data blob is a valid record */
    @BothEncodings
    void putRecord_withEmptyData_isStored(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(new byte[0])));
        assertEquals(0, readAll(kinesis, name, "shardId-000000000000").get(0).data().asByteArray().length);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : PartitionKey length 1-256 */
    @BothEncodings
    void putRecord_withAPartitionKeyOver256Characters_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String key = "p".repeat(257);
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.putRecord(r -> r.streamName(name).partitionKey(key).data(bytes("x"))));
        assertEquals("1 validation error detected: Value '" + key + "' at 'partitionKey' failed to satisfy constraint: "
                + "Member must have length less than or equal to 256", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : PartitionKey is required */
    @BothEncodings
    void putRecord_withoutAPartitionKey_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.putRecord(r -> r.streamName(name).data(bytes("x"))));
        assertEquals("1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: "
                + "Member must not be null", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : ResourceNotFoundException */
    @BothEncodings
    void putRecord_toAMissingStream_isResourceNotFound(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        ResourceNotFoundException error = assertThrows(ResourceNotFoundException.class,
                () -> kinesis.putRecord(r -> r.streamName("missing-stream").partitionKey("k").data(bytes("x"))));
        assertEquals("Stream missing-stream under account 000000000000 not found.", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : results in request order, FailedRecordCount */
    @BothEncodings
    void putRecords_answersEachEntryInRequestOrder(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 3);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 30).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("key-" + i).data(bytes("payload-" + i)).build()).toList();
        PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(name).records(entries));
        assertEquals(0, response.failedRecordCount());
        assertEquals(30, response.records().size());
        for (int i = 0; i < 30; i++) {
            int n = i;
            String shardId = response.records().get(i).shardId();
            Record stored = readAll(kinesis, name, shardId).stream()
                    .filter(rec -> rec.sequenceNumber().equals(response.records().get(n).sequenceNumber())).findFirst().orElseThrow();
            assertEquals("payload-" + i, stored.data().asUtf8String());
            assertEquals("key-" + i, stored.partitionKey());
        }
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : "Each PutRecords request can support up to 500 records" */
    @BothEncodings
    void putRecords_of500Entries_isAccepted(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("k").data(bytes("r" + i)).build()).toList();
        assertEquals(500, kinesis.putRecords(r -> r.streamName(name).records(entries)).records().size());
        List<Record> stored = readAll(kinesis, name, "shardId-000000000000");
        assertEquals(500, stored.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("r" + i, stored.get(i).data().asUtf8String());
        }
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : Records, 1 to 500 items */
    @BothEncodings
    void putRecords_of501Entries_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 501).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("k").data(bytes("r")).build()).toList();
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.putRecords(r -> r.streamName(name).records(entries)));
        assertEquals("1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length "
                + "less than or equal to 500", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : Records, at least 1 item */
    @BothEncodings
    void putRecords_withNoEntries_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        assertThrows(ValidationException.class, () -> kinesis.putRecords(r -> r.streamName(name).records(List.of())));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : "up to a limit of 5 MiB for the entire request, including partition keys" */
    @BothEncodings
    void putRecords_over5MiBInTotal_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        SdkBytes data = SdkBytes.fromByteArray(new byte[1_000_000]);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 6).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("k").data(data).build()).toList();
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.putRecords(r -> r.streamName(name).records(entries)));
        assertEquals("Records size exceeds 5 MB limit", error.awsErrorDetails().errorMessage());
        assertTrue(readAll(kinesis, name, "shardId-000000000000").isEmpty(), "a refused request writes nothing");
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : "The record size limit applies to the total size of the partition key and data blob" */
    @BothEncodings
    void putRecords_withAnEntryWhoseKeyAndDataExceed1MiB_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        PutRecordsRequestEntry entry = PutRecordsRequestEntry.builder().partitionKey("key")
                .data(SdkBytes.fromByteArray(new byte[ONE_MIB])).build();
        ValidationException error = assertThrows(ValidationException.class,
                () -> kinesis.putRecords(r -> r.streamName(name).records(entry)));
        assertEquals("1 validation error detected: Value at 'records.1.member.data' failed to satisfy constraint: Member must "
                + "have length less than or equal to 1048576", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : records with one partition key keep their order in one shard */
    @BothEncodings
    void putRecords_keepsTheOrderOfOnePartitionKey(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 4);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(i % 2 == 0 ? "even" : "odd").data(bytes(Integer.toString(i))).build());
        }
        PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(name).records(entries));
        String evenShard = response.records().get(0).shardId();
        List<Integer> evens = readAll(kinesis, name, evenShard).stream().filter(rec -> rec.partitionKey().equals("even"))
                .map(rec -> Integer.parseInt(rec.data().asUtf8String())).toList();
        assertEquals(IntStream.range(0, 50).map(i -> i * 2).boxed().toList(), evens);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html : ApproximateArrivalTimestamp */
    @BothEncodings
    void getRecords_givesTheApproximateArrivalTimestamp(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("t")));
        Instant after = Instant.now();
        Instant arrival = readAll(kinesis, name, "shardId-000000000000").get(0).approximateArrivalTimestamp();
        assertTrue(!arrival.isBefore(before) && !arrival.isAfter(after), arrival + " not within " + before + ".." + after);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : Limit and NextShardIterator */
    @BothEncodings
    void getRecords_honoursLimit_andContinuesWithTheNextIterator(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        for (int i = 0; i < 5; i++) {
            int n = i;
            kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(bytes("r" + n)));
        }
        String start = iterator(kinesis, name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON);
        GetRecordsResponse first = kinesis.getRecords(r -> r.shardIterator(start).limit(2));
        assertEquals(List.of("r0", "r1"), first.records().stream().map(rec -> rec.data().asUtf8String()).toList());
        GetRecordsResponse second = kinesis.getRecords(r -> r.shardIterator(first.nextShardIterator()).limit(10));
        assertEquals(List.of("r2", "r3", "r4"), second.records().stream().map(rec -> rec.data().asUtf8String()).toList());
        assertNotNull(second.nextShardIterator(), "an open shard always has a next iterator");
        assertEquals(0L, second.millisBehindLatest());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : Limit 1 to 10,000 */
    @BothEncodings
    void getRecords_withALimitOver10000_isValidationException(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        String start = iterator(kinesis, name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON);
        ValidationException error = assertThrows(ValidationException.class, () -> kinesis.getRecords(r -> r.shardIterator(start).limit(10_001)));
        assertEquals("1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have "
                + "value less than or equal to 10000", error.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : "can retrieve up to 10 MiB of data per call" */
    @BothEncodings
    void getRecords_stopsAt10MiBPerCall(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        String name = activeStream(kinesis, 1);
        SdkBytes data = SdkBytes.fromByteArray(new byte[ONE_MIB - 10]);
        for (int batch = 0; batch < 3; batch++) {
            List<PutRecordsRequestEntry> entries = IntStream.range(0, 4).mapToObj(i -> PutRecordsRequestEntry.builder()
                    .partitionKey("k").data(data).build()).toList();
            kinesis.putRecords(r -> r.streamName(name).records(entries));
        }
        String start = iterator(kinesis, name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON);
        GetRecordsResponse first = kinesis.getRecords(r -> r.shardIterator(start));
        assertEquals(10, first.records().size());
        assertTrue(first.millisBehindLatest() >= 0);
        GetRecordsResponse rest = kinesis.getRecords(r -> r.shardIterator(first.nextShardIterator()));
        assertEquals(2, rest.records().size());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : InvalidArgumentException for an iterator that is not one */
    @BothEncodings
    void getRecords_withAMadeUpIterator_isInvalidArgument(Encoding encoding) {
        KinesisClient kinesis = KINESIS.client(encoding.cbor);
        InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
                () -> kinesis.getRecords(r -> r.shardIterator("AAAAAAAAAAFakeIteratorValue==")));
        assertEquals("Invalid ShardIterator.", error.awsErrorDetails().errorMessage());
    }
}
