package dev.ddbstreams.dynamodb.model;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, immutable, of exactly one of the ten data types. Numbers are kept as
 * normalised {@link BigDecimal}s (so {@code 1.0} and {@code 1} are the same value, as in DynamoDB); binary
 * values compare by content.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html">AttributeValue</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes">Data types</a>
 */
public sealed interface AttributeValue {

    /** The type descriptor as it appears on the wire: S, N, B, SS, NS, BS, M, L, NULL or BOOL. */
    String type();

    static AttributeValue s(String value) {
        return new S(value);
    }

    static AttributeValue n(String value) {
        return new N(Numbers.parse(value));
    }

    static AttributeValue n(long value) {
        return new N(Numbers.normalise(BigDecimal.valueOf(value)));
    }

    /** A string. */
    record S(String value) implements AttributeValue {
        public String type() {
            return "S";
        }
    }

    /** A number, normalised (no trailing zeros); its wire form is {@link #text()}. */
    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = Numbers.normalise(value);
        }

        public String type() {
            return "N";
        }

        /** The number as DynamoDB returns it: plain notation, no exponent, no trailing zeros. */
        public String text() {
            return value.toPlainString();
        }
    }

    /** Binary data; compared by content. */
    record B(byte[] value) implements AttributeValue {
        public B {
            value = value.clone();
        }

        public String type() {
            return "B";
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(value);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof B b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "B[" + base64() + "]";
        }
    }

    /** A string set: unordered, no duplicates, never empty once stored. */
    record SS(Set<String> values) implements AttributeValue {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "SS";
        }
    }

    /** A number set of normalised numbers. */
    record NS(Set<BigDecimal> values) implements AttributeValue {
        public NS {
            Set<BigDecimal> normalised = new LinkedHashSet<>();
            values.forEach(v -> normalised.add(Numbers.normalise(v)));
            values = Collections.unmodifiableSet(normalised);
        }

        public String type() {
            return "NS";
        }
    }

    /** A binary set, compared by content. */
    record BS(Set<B> values) implements AttributeValue {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        public String type() {
            return "BS";
        }
    }

    /** A map of attribute names to values, in insertion order. */
    record M(Map<String, AttributeValue> values) implements AttributeValue {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String type() {
            return "M";
        }
    }

    /** A list. */
    record L(List<AttributeValue> values) implements AttributeValue {
        public L {
            values = List.copyOf(values);
        }

        public String type() {
            return "L";
        }
    }

    /** The null value ({@code {"NULL": true}}). */
    record Null() implements AttributeValue {
        public static final Null INSTANCE = new Null();

        public String type() {
            return "NULL";
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements AttributeValue {
        public String type() {
            return "BOOL";
        }
    }
}
