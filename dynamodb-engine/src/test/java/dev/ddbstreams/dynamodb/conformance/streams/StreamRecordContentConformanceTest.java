package dev.ddbstreams.dynamodb.conformance.streams;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.n;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.streamedHashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The fields of a stream record and, for each of the four view types, exactly which images AWS includes
 * for INSERT, MODIFY and REMOVE.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html">Record</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html">StreamRecord</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Change data capture for DynamoDB Streams</a>
 */
class StreamRecordContentConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final Map<String, AttributeValue> KEY = item("pk", "k1");
    private static final Map<String, AttributeValue> FIRST = item("pk", "k1", "colour", "red", "size", n("1"));
    private static final Map<String, AttributeValue> SECOND = item("pk", "k1", "colour", "blue", "size", n("2"));

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    /** Writes INSERT, MODIFY and REMOVE of one item to a table with the view type; answers the three records. */
    private static List<Record> insertModifyRemove(StreamViewType viewType) {
        String table = uniqueName("rec-" + viewType.toString().toLowerCase().replace('_', '-'));
        createActive(client(), streamedHashTable(table, viewType));
        client().putItem(b -> b.tableName(table).item(FIRST));
        client().putItem(b -> b.tableName(table).item(SECOND));
        client().deleteItem(b -> b.tableName(table).key(KEY));
        List<Record> records = StreamReader.allRecords(client(), DYNAMODB.streamsClient(), table);
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE),
                records.stream().map(Record::eventName).toList());
        return records;
    }

    private static boolean has(Map<String, AttributeValue> image) {
        return image != null && !image.isEmpty();
    }

    private static void assertImages(StreamRecord record, Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage) {
        assertEquals(KEY, record.keys(), "Keys");
        if (oldImage == null) {
            assertFalse(record.hasOldImage() && has(record.oldImage()), "no OldImage expected: " + record.oldImage());
        } else {
            assertEquals(oldImage, record.oldImage(), "OldImage");
        }
        if (newImage == null) {
            assertFalse(record.hasNewImage() && has(record.newImage()), "no NewImage expected: " + record.newImage());
        } else {
            assertEquals(newImage, record.newImage(), "NewImage");
        }
    }

    /** StreamViewType KEYS_ONLY: "Only the key attributes of the modified item are written to the stream." */
    @Test
    void keysOnlyRecordsCarryKeysAndNoImages() {
        List<Record> records = insertModifyRemove(StreamViewType.KEYS_ONLY);
        records.forEach(record -> assertImages(record.dynamodb(), null, null));
    }

    /** StreamViewType NEW_IMAGE: INSERT and MODIFY carry the item as it is after; REMOVE carries no image. */
    @Test
    void newImageRecordsCarryTheItemAfterTheWrite() {
        List<Record> records = insertModifyRemove(StreamViewType.NEW_IMAGE);
        assertImages(records.get(0).dynamodb(), null, FIRST);
        assertImages(records.get(1).dynamodb(), null, SECOND);
        assertImages(records.get(2).dynamodb(), null, null);
    }

    /** StreamViewType OLD_IMAGE: INSERT carries no image; MODIFY and REMOVE carry the item as it was before. */
    @Test
    void oldImageRecordsCarryTheItemBeforeTheWrite() {
        List<Record> records = insertModifyRemove(StreamViewType.OLD_IMAGE);
        assertImages(records.get(0).dynamodb(), null, null);
        assertImages(records.get(1).dynamodb(), FIRST, null);
        assertImages(records.get(2).dynamodb(), SECOND, null);
    }

    /** StreamViewType NEW_AND_OLD_IMAGES: each record carries the images that exist: new for INSERT, both for MODIFY, old for REMOVE. */
    @Test
    void newAndOldImageRecordsCarryBothImagesThatExist() {
        List<Record> records = insertModifyRemove(StreamViewType.NEW_AND_OLD_IMAGES);
        assertImages(records.get(0).dynamodb(), null, FIRST);
        assertImages(records.get(1).dynamodb(), FIRST, SECOND);
        assertImages(records.get(2).dynamodb(), SECOND, null);
    }

    /** API_streams_StreamRecord, StreamViewType: each record names the stream's view type. */
    @Test
    void recordsNameTheStreamViewType() {
        insertModifyRemove(StreamViewType.NEW_IMAGE)
                .forEach(record -> assertEquals(StreamViewType.NEW_IMAGE, record.dynamodb().streamViewType()));
    }

    /** API_streams_Record, eventID: "A globally unique identifier for the event" (32 hex digits on AWS). */
    @Test
    void eventIdsAreThirtyTwoHexDigitsAndUnique() {
        List<Record> records = insertModifyRemove(StreamViewType.KEYS_ONLY);
        records.forEach(record -> assertTrue(record.eventID().matches("[0-9a-f]{32}"), record.eventID()));
        assertEquals(records.size(), records.stream().map(Record::eventID).distinct().count());
    }

    /** API_streams_Record, eventVersion: "1.1" for the current record format. */
    @Test
    void eventVersionIsOnePointOne() {
        insertModifyRemove(StreamViewType.KEYS_ONLY).forEach(record -> assertEquals("1.1", record.eventVersion()));
    }

    /** API_streams_Record, eventSource: "aws:dynamodb". */
    @Test
    void eventSourceIsAwsDynamoDb() {
        insertModifyRemove(StreamViewType.KEYS_ONLY).forEach(record -> assertEquals("aws:dynamodb", record.eventSource()));
    }

    /** API_streams_Record, awsRegion: the region of the table (the engine's: us-east-1 by default). */
    @Test
    void awsRegionIsTheEnginesRegion() {
        insertModifyRemove(StreamViewType.KEYS_ONLY).forEach(record -> assertEquals("us-east-1", record.awsRegion()));
    }

    /**
     * API_streams_StreamRecord, SequenceNumber: a numeric string of 21 to 40 digits; within a shard the
     * numbers increase with every record.
     */
    @Test
    void sequenceNumbersAreNumericStringsThatIncrease() {
        List<Record> records = insertModifyRemove(StreamViewType.KEYS_ONLY);
        BigInteger previous = BigInteger.valueOf(-1);
        for (Record record : records) {
            String sequenceNumber = record.dynamodb().sequenceNumber();
            assertTrue(sequenceNumber.matches("\\d{21,40}"), sequenceNumber);
            BigInteger current = new BigInteger(sequenceNumber);
            assertTrue(current.compareTo(previous) > 0, current + " after " + previous);
            previous = current;
        }
    }

    /**
     * API_streams_StreamRecord, ApproximateCreationDateTime: "in UNIX epoch time format and rounded down to
     * the closest second".
     */
    @Test
    void approximateCreationDateTimeIsTheWriteTimeInWholeSeconds() {
        Instant before = Instant.now().minusSeconds(2);
        List<Record> records = insertModifyRemove(StreamViewType.KEYS_ONLY);
        Instant after = Instant.now().plusSeconds(2);
        for (Record record : records) {
            Instant created = record.dynamodb().approximateCreationDateTime();
            assertNotNull(created);
            assertEquals(0, created.getNano(), "rounded down to the second: " + created);
            assertTrue(!created.isBefore(before.minusSeconds(1)) && !created.isAfter(after), created.toString());
        }
    }

    /** API_streams_StreamRecord, SizeBytes: the size of the record, greater than zero. */
    @Test
    void sizeBytesIsPositive() {
        insertModifyRemove(StreamViewType.NEW_AND_OLD_IMAGES)
                .forEach(record -> assertTrue(record.dynamodb().sizeBytes() > 0, "SizeBytes " + record.dynamodb().sizeBytes()));
    }

    /** API_streams_StreamRecord, SizeBytes: a record carrying both images is larger than the same change's keys. */
    @Test
    void sizeBytesGrowsWithTheImagesCarried() {
        long keysOnly = insertModifyRemove(StreamViewType.KEYS_ONLY).get(1).dynamodb().sizeBytes();
        long bothImages = insertModifyRemove(StreamViewType.NEW_AND_OLD_IMAGES).get(1).dynamodb().sizeBytes();
        assertTrue(bothImages > keysOnly, bothImages + " <= " + keysOnly);
    }

    /** API_streams_Record: a user's write carries no userIdentity (only TTL deletions by the service do). */
    @Test
    void userWritesCarryNoUserIdentity() {
        insertModifyRemove(StreamViewType.KEYS_ONLY).forEach(record -> assertEquals(null, record.userIdentity()));
    }
}
