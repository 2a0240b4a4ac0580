package dev.ddbstreams.kinesis.stream;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Maps a partition key to its 128-bit hash key: the MD5 digest of the key's UTF-8 bytes read as an unsigned integer.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html">PutRecord: "An MD5 hash
 *      function is used to map partition keys to 128-bit integer values"</a>
 */
public final class PartitionKeys {

    private PartitionKeys() {
    }

    public static BigInteger hashKey(String partitionKey) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has MD5", e);
        }
    }
}
