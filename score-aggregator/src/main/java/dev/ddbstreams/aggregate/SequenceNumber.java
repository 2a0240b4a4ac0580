package dev.ddbstreams.aggregate;

import java.util.Objects;

/**
 * The sequence number of a DynamoDB stream record: a decimal string of 21 to 40 digits whose numeric
 * order is the order in which the changes happened. Strings of different lengths do not compare that way
 * ({@code "999" > "1000"} as text), so the ledger stores the {@link #padded()} form, whose text order is
 * the numeric order, and DynamoDB condition expressions can compare it directly. Equality is numeric too;
 * {@link #value()} keeps the text as the stream gave it, for logs.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html">StreamRecord.SequenceNumber (21 to 40 characters)</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Each stream record is assigned a sequence number, reflecting the order in which the record was published</a>
 */
public record SequenceNumber(String value) implements Comparable<SequenceNumber> {

    /** The longest sequence number the API allows, and the width of the padded form. */
    public static final int MAX_DIGITS = 40;

    public SequenceNumber {
        Objects.requireNonNull(value, "value");
        if (!isDecimal(value)) {
            throw new MalformedRecordException("SequenceNumber must be 1 to " + MAX_DIGITS
                    + " decimal digits, was " + Excerpt.of(value));
        }
    }

    /** @throws MalformedRecordException when {@code value} is null or not 1 to 40 decimal digits */
    public static SequenceNumber parse(String value) {
        if (value == null) {
            throw new MalformedRecordException("SequenceNumber is missing");
        }
        return new SequenceNumber(value);
    }

    /** @return the value left-padded with zeros to {@value #MAX_DIGITS} digits: text order equals numeric order */
    public String padded() {
        return "0".repeat(MAX_DIGITS - value.length()) + value;
    }

    @Override
    public int compareTo(SequenceNumber other) {
        return padded().compareTo(other.padded());
    }

    /** Numeric equality: {@code 0111} and {@code 111} are one position in the stream. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceNumber that && padded().equals(that.padded());
    }

    @Override
    public int hashCode() {
        return padded().hashCode();
    }

    public boolean isAfter(SequenceNumber other) {
        return compareTo(other) > 0;
    }

    private static boolean isDecimal(String value) {
        if (value.isEmpty() || value.length() > MAX_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
