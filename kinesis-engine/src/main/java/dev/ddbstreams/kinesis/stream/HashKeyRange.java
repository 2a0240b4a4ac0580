package dev.ddbstreams.kinesis.stream;

import java.math.BigInteger;

/**
 * An inclusive range of 128-bit hash keys owned by one shard.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_HashKeyRange.html">HashKeyRange</a>
 */
public record HashKeyRange(BigInteger start, BigInteger end) {

    /** 2^128 - 1: the largest hash key (MD5 yields a 128-bit value). */
    public static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    public HashKeyRange {
        if (start.signum() < 0 || end.compareTo(MAX_HASH_KEY) > 0 || start.compareTo(end) > 0) {
            throw new IllegalArgumentException("Not a hash key range: [" + start + ", " + end + "]");
        }
    }

    public boolean contains(BigInteger hashKey) {
        return start.compareTo(hashKey) <= 0 && hashKey.compareTo(end) <= 0;
    }

    /** Range number {@code index} of {@code count} equal ranges over the whole key space, the way CreateStream divides it. */
    public static HashKeyRange evenShare(int index, int count) {
        BigInteger space = MAX_HASH_KEY.add(BigInteger.ONE);
        BigInteger start = space.multiply(BigInteger.valueOf(index)).divide(BigInteger.valueOf(count));
        BigInteger end = space.multiply(BigInteger.valueOf(index + 1L)).divide(BigInteger.valueOf(count)).subtract(BigInteger.ONE);
        return new HashKeyRange(start, end);
    }

    /** Number of hash keys in the range. */
    public BigInteger width() {
        return end.subtract(start).add(BigInteger.ONE);
    }

    /** The middle key: splitting there halves the range (what UpdateShardCount's uniform scaling does). */
    public BigInteger midpoint() {
        return start.add(end).add(BigInteger.ONE).shiftRight(1);
    }
}
