package dev.ddbstreams.dynamodb.model;

import java.math.BigDecimal;

/**
 * DynamoDB's number rules in one place: up to 38 significant digits, magnitude between 1E-130 and
 * 9.9999999999999999999999999999999999999E+125, leading and trailing zeros trimmed.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number">Number</a>
 */
public final class Numbers {

    private Numbers() {
    }

    /** Normalises without validating (used for values already known valid). */
    public static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * Parses a number as sent on the wire; the caller validates range and precision (the engine's
     * validation owns those messages).
     *
     * @throws NumberFormatException when the text is not a number
     */
    public static BigDecimal parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.endsWith("d") || trimmed.endsWith("D") || trimmed.endsWith("f")
                || trimmed.endsWith("F") || trimmed.startsWith("0x") || trimmed.contains("Infinity")
                || trimmed.contains("NaN")) {
            throw new NumberFormatException(text);
        }
        return normalise(new BigDecimal(trimmed));
    }
}
