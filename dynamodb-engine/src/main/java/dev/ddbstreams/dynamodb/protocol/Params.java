package dev.ddbstreams.dynamodb.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ddbstreams.dynamodb.errors.SerializationException;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body (or a structure inside it) with typed, checked access. A field of the wrong JSON type is a
 * SerializationException, a missing required one a ValidationException worded as AWS words its
 * constraint failures ("1 validation error detected: Value null at 'tableName' failed to satisfy
 * constraint: Member must not be null").
 */
public final class Params {

    private final JsonNode node;

    public Params(JsonNode node) {
        this.node = node == null ? MissingNode.getInstance() : node;
    }

    public JsonNode node() {
        return node;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    private JsonNode value(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public String string(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        return value.textValue();
    }

    public String requiredString(String field) {
        String value = string(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public Integer integer(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        return value.intValue();
    }

    public Long longValue(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        return value.longValue();
    }

    public Boolean bool(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        return value.booleanValue();
    }

    public Params object(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        return new Params(value);
    }

    public List<Params> list(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        List<Params> list = new ArrayList<>();
        value.forEach(element -> list.add(new Params(element)));
        return list;
    }

    /** This node as a list (a value of RequestItems in BatchWriteItem is an array). */
    public List<Params> listOfSelf() {
        if (!node.isArray()) {
            throw new SerializationException("Unexpected value type in payload");
        }
        List<Params> list = new ArrayList<>();
        node.forEach(element -> list.add(new Params(element)));
        return list;
    }

    public List<String> strings(String field) {
        List<Params> list = list(field);
        if (list == null) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Params element : list) {
            if (!element.node.isTextual()) {
                throw new SerializationException("Unexpected value type in payload for " + field);
            }
            strings.add(element.node.textValue());
        }
        return strings;
    }

    /** A map of strings to strings (ExpressionAttributeNames). */
    public Map<String, String> stringMap(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new SerializationException("Unexpected value type in payload for " + field);
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    /** A map of names to objects (RequestItems, ...), in request order. */
    public Map<String, Params> objectMap(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw new SerializationException("Unexpected value type in payload for " + field);
        }
        Map<String, Params> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            map.put(entry.getKey(), new Params(entry.getValue()));
        }
        return map;
    }

    public Map<String, AttributeValue> attributeMap(String field) {
        return AttributeValueJson.readMap(value(field));
    }

    public static ValidationException missing(String field) {
        return new ValidationException("1 validation error detected: Value null at '" + camel(field)
                + "' failed to satisfy constraint: Member must not be null");
    }

    /** AWS names members in constraint messages in lower camel case: TableName -> tableName. */
    public static String camel(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
