package dev.ddbstreams.dynamodb.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Item sizes computed as DynamoDB documents them; they decide the 400 KB limit and capacity units.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html">Item sizes and formats</a>
 */
public final class ItemSizes {

    /** The largest item DynamoDB stores: 400 KB, names and values included. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSizes() {
    }

    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8Length(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    /** The size of one value, without its name. */
    public static long valueSize(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return utf8Length(s.value());
        } else if (value instanceof AttributeValue.N n) {
            return numberSize(n);
        } else if (value instanceof AttributeValue.B b) {
            return b.value().length;
        } else if (value instanceof AttributeValue.SS ss) {
            return ss.values().stream().mapToLong(ItemSizes::utf8Length).sum();
        } else if (value instanceof AttributeValue.NS ns) {
            return ns.values().stream().mapToLong(v -> numberSize(new AttributeValue.N(v))).sum();
        } else if (value instanceof AttributeValue.BS bs) {
            return bs.values().stream().mapToLong(v -> v.value().length).sum();
        } else if (value instanceof AttributeValue.M m) {
            // "3 bytes of overhead, regardless of its contents", plus 1 byte per element.
            return 3 + m.values().entrySet().stream()
                    .mapToLong(e -> utf8Length(e.getKey()) + valueSize(e.getValue()) + 1).sum();
        } else if (value instanceof AttributeValue.L l) {
            return 3 + l.values().stream().mapToLong(v -> valueSize(v) + 1).sum();
        }
        return 1; // NULL and BOOL
    }

    /** "1 byte per two significant digits, plus 1 byte". */
    private static long numberSize(AttributeValue.N number) {
        int significant = number.value().signum() == 0 ? 1 : number.value().stripTrailingZeros().precision();
        return (significant + 1) / 2 + 1;
    }

    public static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    public static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
