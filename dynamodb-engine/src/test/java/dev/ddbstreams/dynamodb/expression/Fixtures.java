package dev.ddbstreams.dynamodb.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Short builders for attribute values, items and placeholders, shared by the expression tests. */
final class Fixtures {

    private Fixtures() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.s(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.n(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.n(value);
    }

    static AttributeValue b(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new AttributeValue.B(data);
    }

    static AttributeValue b(String utf8) {
        return new AttributeValue.B(utf8.getBytes(StandardCharsets.UTF_8));
    }

    static AttributeValue ss(String... values) {
        return new AttributeValue.SS(new LinkedHashSet<>(Arrays.asList(values)));
    }

    static AttributeValue ns(String... values) {
        LinkedHashSet<BigDecimal> set = new LinkedHashSet<>();
        for (String value : values) {
            set.add(new BigDecimal(value));
        }
        return new AttributeValue.NS(set);
    }

    static AttributeValue bs(AttributeValue... values) {
        LinkedHashSet<AttributeValue.B> set = new LinkedHashSet<>();
        for (AttributeValue value : values) {
            set.add((AttributeValue.B) value);
        }
        return new AttributeValue.BS(set);
    }

    static AttributeValue list(AttributeValue... values) {
        return new AttributeValue.L(List.of(values));
    }

    static AttributeValue map(Object... namesAndValues) {
        return new AttributeValue.M(item(namesAndValues));
    }

    static AttributeValue bool(boolean value) {
        return new AttributeValue.Bool(value);
    }

    static AttributeValue nul() {
        return AttributeValue.Null.INSTANCE;
    }

    /** {@code item("a", s("x"), "b", n(1))}. */
    static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    /** {@code names("#a", "a", "#b", "b")}. */
    static Map<String, String> names(String... placeholdersAndNames) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < placeholdersAndNames.length; i += 2) {
            names.put(placeholdersAndNames[i], placeholdersAndNames[i + 1]);
        }
        return names;
    }

    static ExpressionAttributes attrs(Map<String, String> names, Map<String, AttributeValue> values) {
        return ExpressionAttributes.of(names, values);
    }

    /** Placeholder values only: {@code values(":v", n(1))}. */
    static ExpressionAttributes values(Object... placeholdersAndValues) {
        return ExpressionAttributes.of(null, placeholdersAndValues.length == 0 ? null : item(placeholdersAndValues));
    }

    static ExpressionAttributes none() {
        return ExpressionAttributes.of(null, null);
    }

    /** Asserts a ValidationException with exactly {@code message}. */
    static void refused(String message, org.junit.jupiter.api.function.Executable call) {
        ValidationException error = assertThrows(ValidationException.class, call);
        assertEquals(message, error.getMessage());
        assertEquals("ValidationException", error.errorType());
        assertEquals(400, error.httpStatus());
    }
}
