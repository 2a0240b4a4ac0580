package dev.ddbstreams.dynamodb.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.SerializationException;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AttributeValues on the wire ({@code {"S":"x"}}, {@code {"N":"1"}}, ...), both ways, refusing what
 * DynamoDB refuses with its messages (mostly recorded against AWS by dynalite's and moto's test suites).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html">AttributeValue</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html">Supported data types and naming rules</a>
 */
public final class AttributeValueJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private AttributeValueJson() {
    }

    /** A map of attribute values (an item, a key, ExpressionAttributeValues); null for a missing node. */
    public static Map<String, AttributeValue> readMap(JsonNode node) {
        return readMap(node, 1);
    }

    /** "DynamoDB supports nested attributes up to 32 levels deep." */
    private static final int MAX_DEPTH = 32;

    private static Map<String, AttributeValue> readMap(JsonNode node, int depth) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new SerializationException("Unexpected value type in payload");
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), read(field.getValue(), depth));
        }
        return map;
    }

    public static AttributeValue read(JsonNode node) {
        return read(node, 1);
    }

    private static AttributeValue read(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ValidationException("Nesting Levels have exceeded supported limits");
        }
        if (node == null || !node.isObject()) {
            throw new SerializationException("Unexpected value type in payload");
        }
        AttributeValue value = null;
        int types = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                continue; // the SDKs never send nulls; tolerated as "absent"
            }
            types++;
            value = readTyped(field.getKey(), field.getValue(), depth);
        }
        if (types == 0) {
            throw new ValidationException(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (types > 1) {
            throw new ValidationException("Supplied AttributeValue has more than one datatypes set, must contain"
                    + " exactly one of the supported datatypes");
        }
        return value;
    }

    private static AttributeValue readTyped(String type, JsonNode node, int depth) {
        switch (type) {
            case "S":
                return new AttributeValue.S(text(node));
            case "N":
                return new AttributeValue.N(number(text(node)));
            case "B":
                return new AttributeValue.B(binary(node));
            case "BOOL":
                if (!node.isBoolean()) {
                    throw new SerializationException("Unexpected value type in payload");
                }
                return new AttributeValue.Bool(node.booleanValue());
            case "NULL":
                if (!node.isBoolean()) {
                    throw new SerializationException("Unexpected value type in payload");
                }
                if (!node.booleanValue()) {
                    throw new ValidationException("One or more parameter values were invalid: Null attribute value"
                            + " types must have the value of true");
                }
                return AttributeValue.Null.INSTANCE;
            case "SS": {
                List<String> values = new ArrayList<>();
                array(node).forEach(element -> values.add(text(element)));
                checkSet(values, "string", values);
                return new AttributeValue.SS(new LinkedHashSet<>(values));
            }
            case "NS": {
                List<String> texts = new ArrayList<>();
                List<BigDecimal> values = new ArrayList<>();
                array(node).forEach(element -> {
                    texts.add(text(element));
                    values.add(number(text(element)));
                });
                checkSet(values, "number", texts);
                return new AttributeValue.NS(new LinkedHashSet<>(values));
            }
            case "BS": {
                List<AttributeValue.B> values = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                array(node).forEach(element -> {
                    values.add(new AttributeValue.B(binary(element)));
                    texts.add(element.asText());
                });
                checkSet(values, "binary", texts);
                return new AttributeValue.BS(new LinkedHashSet<>(values));
            }
            case "M": {
                if (!node.isObject()) {
                    throw new SerializationException("Unexpected value type in payload");
                }
                return new AttributeValue.M(readMap(node, depth + 1));
            }
            case "L": {
                List<AttributeValue> values = new ArrayList<>();
                array(node).forEach(element -> values.add(read(element, depth + 1)));
                return new AttributeValue.L(values);
            }
            default:
                throw new SerializationException("Unexpected field type");
        }
    }

    private static <T> void checkSet(List<T> values, String typeName, List<String> texts) {
        if (values.isEmpty()) {
            // AWS's wording, double space included; binary sets have a message of their own.
            throw new ValidationException("binary".equals(typeName)
                    ? "One or more parameter values were invalid: Binary sets should not be empty"
                    : "One or more parameter values were invalid: An " + typeName + " set  may not be empty");
        }
        Set<T> distinct = new LinkedHashSet<>(values);
        if (distinct.size() != values.size()) {
            // Number sets are compared by value and AWS words their duplicates differently.
            throw new ValidationException("number".equals(typeName) ? "Input collection contains duplicates"
                    : "One or more parameter values were invalid: Input collection " + texts + " contains duplicates.");
        }
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new SerializationException("NUMBER_VALUE cannot be converted to String");
        }
        return node.textValue();
    }

    private static ArrayNode array(JsonNode node) {
        if (!node.isArray()) {
            throw new SerializationException("Unexpected value type in payload");
        }
        return (ArrayNode) node;
    }

    private static byte[] binary(JsonNode node) {
        try {
            return Base64.getMimeDecoder().decode(text(node));
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Base64 encoded length is expected a multiple of 4 bytes but found: "
                    + node.asText().length());
        }
    }

    /**
     * DynamoDB's number rules: at most 38 significant digits, magnitude within 1E-130 .. 9.99..E+125.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number">Number</a>
     */
    public static BigDecimal number(String text) {
        BigDecimal value;
        if (text.isEmpty() || Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1))) {
            throw new ValidationException("The parameter cannot be converted to a numeric value: " + text);
        }
        try {
            value = Numbers.parse(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ValidationException("The parameter cannot be converted to a numeric value: " + text);
        }
        if (value.signum() == 0) {
            return value;
        }
        BigDecimal magnitude = value.abs();
        if (magnitude.compareTo(MAX) > 0) {
            throw new ValidationException(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN) < 0) {
            throw new ValidationException(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        // Significant digits: trailing zeros of an integer do not count (1E+40 has one).
        if (value.stripTrailingZeros().precision() > 38) {
            throw new ValidationException("Attempting to store more than 38 significant digits in a Number");
        }
        return value;
    }

    public static ObjectNode writeMap(Map<String, AttributeValue> map) {
        ObjectNode node = NODES.objectNode();
        map.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    public static ObjectNode write(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof AttributeValue.S s) {
            node.put("S", s.value());
        } else if (value instanceof AttributeValue.N n) {
            node.put("N", n.text());
        } else if (value instanceof AttributeValue.B b) {
            node.put("B", b.base64());
        } else if (value instanceof AttributeValue.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof AttributeValue.Null) {
            node.put("NULL", true);
        } else if (value instanceof AttributeValue.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.values().forEach(array::add);
        } else if (value instanceof AttributeValue.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.values().forEach(v -> array.add(v.toPlainString()));
        } else if (value instanceof AttributeValue.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.values().forEach(v -> array.add(v.base64()));
        } else if (value instanceof AttributeValue.M m) {
            node.set("M", writeMap(m.values()));
        } else if (value instanceof AttributeValue.L l) {
            ArrayNode array = node.putArray("L");
            l.values().forEach(v -> array.add(write(v)));
        }
        return node;
    }
}
