package dev.ddbstreams.kinesis.stream;

import java.time.Instant;

/**
 * One data record as stored in a shard and returned by GetRecords.
 *
 * @param counter        position in the shard, from 1; the low digits of the sequence number
 * @param encryptionType "KMS" when the stream was encrypted at the time of the put, else "NONE"
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Record.html">Record</a>
 */
public record KinesisRecord(String sequenceNumber, long counter, String partitionKey, byte[] data,
                            Instant approximateArrivalTimestamp, String encryptionType) {

    /** Bytes counted against the GetRecords 10 MB and PutRecords 5 MB limits: data plus partition key. */
    public long size() {
        return data.length + (long) partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
