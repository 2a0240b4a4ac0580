package dev.ddbstreams.kinesis.stream;

import java.util.OptionalInt;

/**
 * Shard ids as AWS writes them: {@code shardId-} and a 12-digit index.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Shard.html">Shard</a>
 */
public final class ShardIds {

    private ShardIds() {
    }

    public static String of(int index) {
        String digits = Integer.toString(index);
        return "shardId-" + "0".repeat(12 - digits.length()) + digits;
    }

    /**
     * The index a shard id names. AWS also accepts the bare number or any text ending in {@code -<digits>}
     * (kinesalite's tests, recorded against AWS, resolve "shardId-1" and "1" alike).
     */
    public static OptionalInt indexOf(String shardId) {
        if (shardId == null) {
            return OptionalInt.empty();
        }
        String digits = shardId.substring(shardId.lastIndexOf('-') + 1);
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        long index = Long.parseLong(digits);
        return index > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) index);
    }
}
