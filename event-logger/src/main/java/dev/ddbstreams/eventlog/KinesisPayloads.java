package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.Record;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Adapts a Lambda Kinesis record to a {@link KinesisPayload}. The Lambda runtime has already decoded the
 * base64 {@code data}.
 */
final class KinesisPayloads {

    private KinesisPayloads() {
    }

    static KinesisPayload from(KinesisEventRecord record) {
        Record kinesis = record.getKinesis();
        if (kinesis == null) {
            throw new MalformedRecordException("record " + record.getEventID() + " has no kinesis section");
        }
        if (kinesis.getData() == null) {
            throw new MalformedRecordException("kinesis record " + kinesis.getSequenceNumber() + " has no data");
        }
        return new KinesisPayload(
                record.getEventID(),
                kinesis.getSequenceNumber(),
                kinesis.getPartitionKey(),
                record.getEventSourceARN(),
                Optional.ofNullable(kinesis.getApproximateArrivalTimestamp()).map(date -> date.toInstant()),
                bytes(kinesis.getData()));
    }

    /** The item identifier Lambda expects in a Kinesis partial batch response. */
    static String sequenceNumber(KinesisEventRecord record) {
        return record.getKinesis().getSequenceNumber();
    }

    private static byte[] bytes(ByteBuffer data) {
        // Read a duplicate: the event's buffer keeps its position for anyone who reads it after us.
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
