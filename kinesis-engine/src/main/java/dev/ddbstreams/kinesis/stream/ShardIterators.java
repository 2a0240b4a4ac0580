package dev.ddbstreams.kinesis.stream;

import dev.ddbstreams.kinesis.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Shard iterators: opaque to clients, here a checksummed, base64-encoded position (stream incarnation, shard,
 * record index) plus the time it was issued, which GetRecords checks against the 5-minute expiry.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html">GetShardIterator</a>
 */
final class ShardIterators {

    /** A decoded iterator. */
    record Position(String streamName, long streamCreatedMillis, int shardIndex, int recordIndex, long issuedMillis) {
    }

    private ShardIterators() {
    }

    static String encode(Position position) {
        String body = String.join("|", "1", position.streamName(), Long.toString(position.streamCreatedMillis()),
                Integer.toString(position.shardIndex()), Integer.toString(position.recordIndex()),
                Long.toString(position.issuedMillis()));
        return Base64.getEncoder().encodeToString((body + "|" + checksum(body)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidArgumentException "Invalid ShardIterator." (AWS's message, as recorded in kinesalite's
     *                                  getRecords tests) for anything this engine did not issue
     */
    static Position decode(String iterator) {
        try {
            String text = new String(Base64.getDecoder().decode(iterator), StandardCharsets.UTF_8);
            int lastBar = text.lastIndexOf('|');
            String body = text.substring(0, lastBar);
            if (!text.substring(lastBar + 1).equals(checksum(body))) {
                throw invalid();
            }
            String[] parts = body.split("\\|", -1);
            if (parts.length != 6 || !parts[0].equals("1")) {
                throw invalid();
            }
            return new Position(parts[1], Long.parseLong(parts[2]), Integer.parseInt(parts[3]),
                    Integer.parseInt(parts[4]), Long.parseLong(parts[5]));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    private static InvalidArgumentException invalid() {
        return new InvalidArgumentException("Invalid ShardIterator.");
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
