package dev.ddbstreams.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Renders DynamoDB attribute values as plain JSON values, the way a reader of the log expects them.
 * <ul>
 *   <li>{@code S} becomes a string. {@code BOOL} becomes a boolean. {@code NULL} becomes {@code null}.</li>
 *   <li>{@code N} becomes a JSON number with DynamoDB's digits exactly: up to 38 significant digits,
 *       never passed through a {@code double}.</li>
 *   <li>{@code B} becomes base64.</li>
 *   <li>{@code SS}, {@code NS} and {@code BS} become arrays.</li>
 *   <li>{@code L} becomes an array. {@code M} becomes an object.</li>
 * </ul>
 * Object members are sorted by name, so the same item always logs the same way.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html">AttributeValue</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number">DynamoDB numbers: 38 digits of precision</a>
 */
public final class AttributeJson {

    /** RFC 8259 number grammar: only text matching it is written raw into the log line. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeJson() {
    }

    /**
     * @return the item as a JSON object with members sorted by name
     * @throws MalformedRecordException naming the attribute whose value has no known type or is not a number
     */
    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        return object(item, "");
    }

    /** @return one attribute value as a JSON value */
    public static JsonNode toJson(AttributeValue value, String attributeName) {
        return value(value, attributeName);
    }

    private static ObjectNode object(Map<String, AttributeValue> item, String path) {
        ObjectNode json = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> json.set(name, value(value, path.isEmpty() ? name : path + "." + name)));
        return json;
    }

    private static JsonNode value(AttributeValue value, String path) {
        if (value == null) {
            throw new MalformedRecordException("attribute '" + path + "' has no value");
        }
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> number(value.n(), path);
            case B -> NODES.textNode(base64(value.b()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case SS -> array(value.ss().stream().map(s -> (JsonNode) NODES.textNode(s)).toList());
            case NS -> array(value.ns().stream().map(n -> number(n, path)).toList());
            case BS -> array(value.bs().stream().map(b -> (JsonNode) NODES.textNode(base64(b))).toList());
            case L -> {
                ArrayNode list = NODES.arrayNode();
                for (int i = 0; i < value.l().size(); i++) {
                    list.add(value(value.l().get(i), path + "[" + i + "]"));
                }
                yield list;
            }
            case M -> object(value.m(), path);
            default -> throw new MalformedRecordException("attribute '" + path + "' has no known DynamoDB type");
        };
    }

    private static JsonNode number(String text, String path) {
        if (text != null && JSON_NUMBER.matcher(text).matches()) {
            return NODES.rawValueNode(new RawValue(text));
        }
        try {
            // Forms JSON does not allow but DynamoDB-style numbers might use ("+1", ".5", "1."): same value,
            // written by BigDecimal, whose toString is always valid JSON.
            return NODES.rawValueNode(new RawValue(new BigDecimal(text).toString()));
        } catch (NumberFormatException | NullPointerException e) {
            throw new MalformedRecordException("attribute '" + path + "' is of type N but is not a number");
        }
    }

    private static ArrayNode array(List<JsonNode> elements) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(elements);
        return array;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }
}
