package dev.ddbstreams.kinesis.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.kinesis.errors.SerializationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body (or a structure inside it), read member by member with AWS's type rules: a member of the wrong
 * type is a SerializationException with the message AWS's Coral framework gives (as recorded in kinesalite's
 * tests). An absent member and an explicit null read alike, as null.
 */
final class Body {

    private static final Pattern BASE64_BAD_CHARACTER = Pattern.compile("[^a-zA-Z0-9+/=]|=[^=]");

    private final JsonNode node;
    private final WireFormat format;

    Body(JsonNode node, WireFormat format) {
        this.node = node;
        this.format = format;
    }

    private JsonNode member(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    String string(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw mismatch(value, "an String");
        }
        return value.textValue();
    }

    Integer integer(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            throw new SerializationException("class java.lang.String can not be converted to an Integer");
        }
        if (!value.isNumber()) {
            throw mismatch(value, "an Integer");
        }
        // Coral truncates a fractional or oversized number; clamp to stay within the model's integer range. A number
        // too large for a double (1e999) reads as an infinity, which has no decimal value: clamp it the same way.
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            if (Double.isNaN(value.doubleValue())) {
                throw mismatch(value, "an Integer");
            }
            return value.doubleValue() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value.decimalValue().longValue()));
    }

    Boolean bool(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw mismatch(value, "an Boolean");
        }
        return value.booleanValue();
    }

    byte[] blob(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (value.isBinary()) {
            try {
                return value.binaryValue();
            } catch (java.io.IOException e) {
                throw new SerializationException("Invalid blob");
            }
        }
        if (!value.isTextual()) {
            throw mismatch(value, "a Blob");
        }
        String text = value.textValue();
        if (text.length() % 4 != 0) {
            throw new SerializationException("'" + text + "' can not be converted to a Blob: Base64 encoded length is "
                    + "expected a multiple of 4 bytes but found: " + text.length());
        }
        Matcher bad = BASE64_BAD_CHARACTER.matcher(text);
        if (bad.find()) {
            throw new SerializationException("'" + text + "' can not be converted to a Blob: Invalid Base64 character: '"
                    + bad.group().charAt(0) + "'");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("'" + text + "' can not be converted to a Blob: Invalid last non-pad Base64 "
                    + "character dectected");
        }
    }

    Instant timestamp(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()))) {
            throw mismatch(value, "a Timestamp");
        }
        return format.readTimestamp(value.decimalValue());
    }

    Body structure(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw mismatch(value, "a Structure");
        }
        return new Body(value, format);
    }

    List<Body> structures(String name) {
        JsonNode value = list(name);
        if (value == null) {
            return null;
        }
        List<Body> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw mismatch(item, "a Structure");
            }
            items.add(new Body(item, format));
        }
        return items;
    }

    List<String> strings(String name) {
        JsonNode value = list(name);
        if (value == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw mismatch(item, "an String");
            }
            items.add(item.textValue());
        }
        return items;
    }

    Map<String, String> stringMap(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw value.isArray() ? new SerializationException("Start of list found where not expected")
                    : mismatch(value, "a Map");
        }
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw mismatch(field.getValue(), "an String");
            }
            map.put(field.getKey(), field.getValue().textValue());
        }
        return map;
    }

    private JsonNode list(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw value.isObject() ? new SerializationException("Start of structure or map found where not expected.")
                    : mismatch(value, "a List");
        }
        return value;
    }

    private static SerializationException mismatch(JsonNode value, String expected) {
        if (value.isObject()) {
            return new SerializationException("Start of structure or map found where not expected.");
        }
        if (value.isArray()) {
            return new SerializationException("Start of list found where not expected");
        }
        if (value.isBoolean()) {
            return new SerializationException("class java.lang.Boolean can not be converted to " + expected);
        }
        if (value.isNumber()) {
            return new SerializationException("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be "
                    + "converted to " + expected);
        }
        return new SerializationException("class java.lang.String can not be converted to " + expected);
    }
}
