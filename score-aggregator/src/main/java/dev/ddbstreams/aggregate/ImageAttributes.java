package dev.ddbstreams.aggregate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Typed reads of stream-image attributes for view definitions. Every violation is a
 * {@link MalformedRecordException} naming the attribute and what was wrong; untrusted values are quoted
 * bounded.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html">DynamoDB data types: Number precision and range</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys">Partition key values: at most 2048 bytes</a>
 */
public final class ImageAttributes {

    /** DynamoDB stores at most 38 significant digits. */
    public static final int MAX_PRECISION = 38;
    /** A partition key value is at most 2048 bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 2048;

    private static final int MIN_EXPONENT = -130;
    private static final int MAX_EXPONENT = 125;
    private static final int MAX_NUMBER_CHARS = 512;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private ImageAttributes() {
    }

    /**
     * A string that becomes a partition key of the aggregate table: present, of type S, non-empty and at
     * most 2048 bytes.
     */
    public static String keyString(Map<String, AttributeValue> image, String imageName, String attribute) {
        AttributeValue value = present(image, imageName, attribute);
        if (value.s() == null) {
            throw wrongType(imageName, attribute, "S", value);
        }
        String s = value.s();
        if (s.isEmpty()) {
            throw new MalformedRecordException(imageName + " attribute " + attribute + " is an empty string");
        }
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new MalformedRecordException(imageName + " attribute " + attribute + " is " + bytes
                    + " bytes of UTF-8, more than a DynamoDB partition key holds (" + MAX_KEY_BYTES + ")");
        }
        return s;
    }

    /** A number: present, of type N, a finite decimal DynamoDB can store. */
    public static BigDecimal number(Map<String, AttributeValue> image, String imageName, String attribute) {
        AttributeValue value = present(image, imageName, attribute);
        if (value.n() == null) {
            throw wrongType(imageName, attribute, "N", value);
        }
        return storable(parse(value.n(), imageName + " attribute " + attribute),
                imageName + " attribute " + attribute);
    }

    /** @return {@code value}, after checking DynamoDB can store it exactly (38 digits, exponent -130..125) */
    public static BigDecimal storable(BigDecimal value, String what) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > MAX_PRECISION) {
            throw new MalformedRecordException(what + " has " + stripped.precision()
                    + " significant digits; DynamoDB stores at most " + MAX_PRECISION);
        }
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new MalformedRecordException(what + " is outside the range DynamoDB stores (1E-130 to 9.99E+125 in magnitude)");
        }
        return stripped;
    }

    /**
     * The canonical text of a numeric key ({@code 2}, {@code 2.0} and {@code 2E0} are one DynamoDB key,
     * so they must be one ledger key).
     */
    public static String canonicalNumber(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal parse(String text, String what) {
        if (text.length() > MAX_NUMBER_CHARS) {
            // Parsing is superlinear in the length; no storable number is this long (DynamoDB normalises them).
            throw new MalformedRecordException(what + " is not a storable number: " + Excerpt.of(text));
        }
        // BigDecimal would also take non-ASCII digits (Arabic-Indic, full-width); DynamoDB takes none of them,
        // nor NaN, Infinity, hex, blanks or empty text.
        if (!DECIMAL.matcher(text).matches()) {
            throw new MalformedRecordException(what + " is not a decimal number: " + Excerpt.of(text));
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedRecordException(what + " is not a decimal number: " + Excerpt.of(text));
        }
    }

    private static AttributeValue present(Map<String, AttributeValue> image, String imageName, String attribute) {
        AttributeValue value = image == null ? null : image.get(attribute);
        if (value == null) {
            throw new MalformedRecordException(imageName + " has no attribute " + attribute);
        }
        return value;
    }

    private static MalformedRecordException wrongType(String imageName, String attribute, String expected,
            AttributeValue actual) {
        return new MalformedRecordException(imageName + " attribute " + attribute + " must be of type "
                + expected + ", was " + typeName(actual));
    }

    private static String typeName(AttributeValue value) {
        if (value.type() == null || value.type() == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
            return "no type";
        }
        return value.type().name();
    }
}
