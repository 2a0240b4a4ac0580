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

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
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
