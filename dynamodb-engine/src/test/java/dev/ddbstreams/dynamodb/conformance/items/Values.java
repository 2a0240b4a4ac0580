package dev.ddbstreams.dynamodb.conformance.items;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Short builders for DynamoDB attribute values, so a test reads as the item it writes.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html">AttributeValue</a>
 */
final class Values {

    private Values() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
    }

    static AttributeValue n(long value) {
        return n(Long.toString(value));
    }

    static AttributeValue b(byte... bytes) {
        return AttributeValue.builder().b(SdkBytes.fromByteArray(bytes)).build();
    }

    static AttributeValue b(String utf8) {
        return AttributeValue.builder().b(SdkBytes.fromString(utf8, StandardCharsets.UTF_8)).build();
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.builder().bool(value).build();
    }

    static AttributeValue nul() {
        return AttributeValue.builder().nul(true).build();
    }

    static AttributeValue ss(String... members) {
        return AttributeValue.builder().ss(members).build();
    }

    static AttributeValue ns(String... members) {
        return AttributeValue.builder().ns(members).build();
    }

    static AttributeValue bs(byte[]... members) {
        return AttributeValue.builder().bs(Arrays.stream(members).map(SdkBytes::fromByteArray).toList()).build();
    }

    static AttributeValue l(AttributeValue... elements) {
        return AttributeValue.builder().l(elements).build();
    }

    static AttributeValue m(Object... namesAndValues) {
        return AttributeValue.builder().m(item(namesAndValues)).build();
    }

    /** An item (or key) from alternating attribute names and values, in the given order. */
    static Map<String, AttributeValue> item(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    /** Expression attribute values (or names) from alternating placeholders and values. */
    static Map<String, AttributeValue> values(Object... placeholdersAndValues) {
        return item(placeholdersAndValues);
    }

    static Map<String, String> names(String... placeholdersAndNames) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < placeholdersAndNames.length; i += 2) {
            names.put(placeholdersAndNames[i], placeholdersAndNames[i + 1]);
        }
        return names;
    }

    /** A string of {@code length} ASCII characters (one UTF-8 byte each). */
    static String ascii(int length) {
        return "x".repeat(length);
    }

    static List<String> sorted(List<String> strings) {
        return strings.stream().sorted().toList();
    }
}
