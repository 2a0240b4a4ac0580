package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Arrays;

/**
 * How expressions compare and measure attribute values: one place for DynamoDB's comparison rules.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html">Comparison operators and functions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes">Data types (ordering of S and B)</a>
 */
final class Values {

    private Values() {
    }

    /**
     * Orders two scalars of one type: N numerically, S by the UTF-8 bytes of the text, B by unsigned bytes.
     * Null when they cannot be ordered (different types, or not N, S or B): every ordering comparison then
     * evaluates to false, as DynamoDB does for operands of different types.
     */
    static Integer compare(AttributeValue left, AttributeValue right) {
        if (left instanceof AttributeValue.N a && right instanceof AttributeValue.N b) {
            return a.value().compareTo(b.value());
        }
        if (left instanceof AttributeValue.S a && right instanceof AttributeValue.S b) {
            return compareStrings(a.value(), b.value());
        }
        if (left instanceof AttributeValue.B a && right instanceof AttributeValue.B b) {
            return Arrays.compareUnsigned(a.value(), b.value());
        }
        return null;
    }

    /** Code point order is UTF-8 byte order (Java's compareTo orders UTF-16 units, which differs above U+FFFF). */
    static int compareStrings(String a, String b) {
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

    /**
     * The size() function: the length of a string, the number of bytes of a binary, the number of elements
     * of a set, list or map; null for a type size() does not measure.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Functions">size</a>
     */
    static Integer size(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return s.value().codePointCount(0, s.value().length());
        }
        if (value instanceof AttributeValue.B b) {
            return b.value().length;
        }
        if (value instanceof AttributeValue.SS set) {
            return set.values().size();
        }
        if (value instanceof AttributeValue.NS set) {
            return set.values().size();
        }
        if (value instanceof AttributeValue.BS set) {
            return set.values().size();
        }
        if (value instanceof AttributeValue.L list) {
            return list.values().size();
        }
        if (value instanceof AttributeValue.M map) {
            return map.values().size();
        }
        return null;
    }

    /**
     * begins_with: a string prefix of a string, or a binary prefix of a binary; false otherwise.
     */
    static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
        if (value instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (value instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            byte[] bytes = b.value();
            byte[] start = p.value();
            return bytes.length >= start.length && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
        }
        return false;
    }

    /**
     * contains: a substring of a string, an element of a set (of the element's type), an element of a list,
     * and a byte sequence inside a binary (dynalite's db/index.js contains(), checked against DynamoDB, has
     * it; the developer guide names the first three).
     */
    static boolean contains(AttributeValue container, AttributeValue operand) {
        if (container instanceof AttributeValue.S s) {
            return operand instanceof AttributeValue.S o && s.value().contains(o.value());
        }
        if (container instanceof AttributeValue.SS set) {
            return operand instanceof AttributeValue.S o && set.values().contains(o.value());
        }
        if (container instanceof AttributeValue.NS set) {
            return operand instanceof AttributeValue.N o && set.values().contains(o.value());
        }
        if (container instanceof AttributeValue.BS set) {
            return operand instanceof AttributeValue.B o && set.values().contains(o);
        }
        if (container instanceof AttributeValue.L list) {
            return list.values().contains(operand);
        }
        if (container instanceof AttributeValue.B binary && operand instanceof AttributeValue.B part) {
            return indexOf(binary.value(), part.value()) >= 0;
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The long type names DynamoDB uses for ADD and DELETE operands ("operand type: STRING"). */
    static String longTypeName(AttributeValue value) {
        return switch (value.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "SS" -> "STRING_SET";
            case "NS" -> "NUMBER_SET";
            case "BS" -> "BINARY_SET";
            case "M" -> "MAP";
            case "L" -> "LIST";
            case "BOOL" -> "BOOLEAN";
            default -> "NULL";
        };
    }

    /** A scalar as DynamoDB prints it inside "AttributeValue: {N:10}" (binary in base64, as on the wire). */
    static String describe(AttributeValue value) {
        if (value instanceof AttributeValue.N n) {
            return "N:" + n.text();
        }
        if (value instanceof AttributeValue.S s) {
            return "S:" + s.value();
        }
        if (value instanceof AttributeValue.B b) {
            return "B:" + b.base64();
        }
        return value.type() + ":" + value;
    }
}
