package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}, recording which
 * placeholders the request's expressions resolved. Not thread-safe: one instance serves one request.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html">Expression attribute names</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html">Expression attribute values</a>
 */
final class RequestAttributes implements ExpressionAttributes {

    /** A placeholder is '#' or ':' followed by one or more letters, digits or underscores. */
    private static final Pattern NAME_KEY = Pattern.compile("#[A-Za-z0-9_]+");
    private static final Pattern VALUE_KEY = Pattern.compile(":[A-Za-z0-9_]+");

    /**
     * Attribute names are shorter than 64 KB (Alternator's test_limit_attribute_length_nonkey_bad shows 65535
     * bytes accepted and 65536 refused, also through ExpressionAttributeNames).
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes">Attribute limits</a>
     */
    private static final int MAX_NAME_BYTES = 65536;

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * @param names the request's ExpressionAttributeNames, null or empty when the request has none (the
     *        request layer refuses a present but empty map: "ExpressionAttributeNames must not be empty")
     * @param values the request's ExpressionAttributeValues, null or empty when the request has none
     * @throws ValidationException for a key that is not a placeholder, as AWS answers:
     *         {@code ExpressionAttributeNames contains invalid key: Syntax error; key: "name"} (moto's
     *         InvalidExpressionAttributeNameKey records AWS's wording; the values' message is its twin)
     */
    RequestAttributes(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names == null ? Map.of() : new LinkedHashMap<>(names);
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        for (String key : this.names.keySet()) {
            if (!NAME_KEY.matcher(key).matches()) {
                throw new ValidationException(
                        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
        this.names.forEach((key, name) -> {
            // Empty and oversized names, as for any attribute name; the wording "ExpressionAttributeNames contains
            // invalid value: <reason> for key <key>" follows the form dynalite's tests record for values.
            if (name == null || name.isEmpty()) {
                throw new ValidationException(
                        "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
            }
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MAX_NAME_BYTES) {
                throw new ValidationException("ExpressionAttributeNames contains invalid value: Attribute name is too "
                        + "large, must be less than 65536 bytes for key " + key);
            }
        });
        for (String key : this.values.keySet()) {
            if (!VALUE_KEY.matcher(key).matches()) {
                throw new ValidationException(
                        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
    }

    /** The name {@code placeholder} stands for, marked used; null when it is not defined. */
    String name(String placeholder) {
        String name = names.get(placeholder);
        if (name != null) {
            usedNames.add(placeholder);
        }
        return name;
    }

    /** The value {@code placeholder} stands for, marked used; null when it is not defined. */
    AttributeValue value(String placeholder) {
        AttributeValue value = values.get(placeholder);
        if (value != null) {
            usedValues.add(placeholder);
        }
        return value;
    }

    /**
     * Names are checked before values. AWS's form: {@code Value provided in ExpressionAttributeNames unused in
     * expressions: keys: {#count}} (recorded against AWS in moto's test_dynamodb_exceptions.py,
     * test_get_item_unused_attribute_name).
     */
    @Override
    public void checkAllUsed() {
        List<String> unusedNames = new ArrayList<>();
        names.keySet().stream().filter(k -> !usedNames.contains(k)).forEach(unusedNames::add);
        if (!unusedNames.isEmpty()) {
            throw ExpressionErrors.unused("ExpressionAttributeNames", unusedNames);
        }
        List<String> unusedValues = new ArrayList<>();
        values.keySet().stream().filter(k -> !usedValues.contains(k)).forEach(unusedValues::add);
        if (!unusedValues.isEmpty()) {
            throw ExpressionErrors.unused("ExpressionAttributeValues", unusedValues);
        }
    }
}
