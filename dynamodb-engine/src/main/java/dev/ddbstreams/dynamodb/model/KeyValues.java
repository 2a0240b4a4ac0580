package dev.ddbstreams.dynamodb.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.zip.CRC32;

/**
 * How DynamoDB orders and partitions key values (types S, N and B): numbers by value, strings by their
 * UTF-8 bytes and binaries by their bytes, both compared as unsigned.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-ScanIndexForward">Query ScanIndexForward</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.Partitions.html">Partitions and data distribution</a>
 */
public final class KeyValues {

    /** Orders two values of the same key type; values of different types order by type name (never mixed in a key). */
    public static final Comparator<AttributeValue> ORDER = KeyValues::compare;

    /**
     * Orders partition key values by their hash first, as the partitions of a table are, so that Scan walks
     * a table in an order unrelated to the key values, and a Scan segment is a contiguous range of hashes.
     */
    public static final Comparator<AttributeValue> PARTITION_ORDER = Comparator
            .comparingLong(KeyValues::partitionHash).thenComparing(ORDER);

    private KeyValues() {
    }

    public static int compare(AttributeValue left, AttributeValue right) {
        if (left instanceof AttributeValue.N a && right instanceof AttributeValue.N b) {
            return a.value().compareTo(b.value());
        }
        if (left instanceof AttributeValue.S a && right instanceof AttributeValue.S b) {
            return compareUtf8(a.value(), b.value());
        }
        if (left instanceof AttributeValue.B a && right instanceof AttributeValue.B b) {
            return Arrays.compareUnsigned(a.value(), b.value());
        }
        return left.type().compareTo(right.type());
    }

    /** Code point order is UTF-8 unsigned byte order (UTF-16 unit order is not, for supplementary characters). */
    public static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** An unsigned 32-bit hash of a key value, stable across runs (Scan order and segments depend on it). */
    public static long partitionHash(AttributeValue value) {
        CRC32 crc = new CRC32();
        crc.update(value.type().charAt(0));
        if (value instanceof AttributeValue.S s) {
            crc.update(s.value().getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof AttributeValue.N n) {
            crc.update(n.text().getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof AttributeValue.B b) {
            crc.update(b.value());
        }
        // CRC32 alone clusters similar keys; a final mix spreads them over the 32-bit range.
        long h = crc.getValue() * 0x9E3779B1L;
        return (h ^ (h >>> 29)) & 0xFFFFFFFFL;
    }
}
