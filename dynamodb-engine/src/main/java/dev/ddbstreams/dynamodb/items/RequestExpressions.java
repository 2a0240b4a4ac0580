package dev.ddbstreams.dynamodb.items;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.expression.ConditionExpression;
import dev.ddbstreams.dynamodb.expression.ExpressionAttributes;
import dev.ddbstreams.dynamodb.expression.Expressions;
import dev.ddbstreams.dynamodb.expression.KeyCondition;
import dev.ddbstreams.dynamodb.expression.ProjectionExpression;
import dev.ddbstreams.dynamodb.expression.UpdateExpression;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.protocol.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expressions of one request (or one action of a batch or transaction) and the placeholders they share,
 * with AWS's request-level rules: placeholders only with expressions, never empty, all used; no mixing of
 * expressions with the legacy parameters they replace.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html">Using expressions in DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html">Legacy conditional parameters</a>
 */
final class RequestExpressions {

    private static final List<String> EXPRESSION_PARAMETERS = List.of("ConditionExpression", "FilterExpression",
            "KeyConditionExpression", "ProjectionExpression", "UpdateExpression");

    private final Params request;
    private final ExpressionAttributes attributes;

    /**
     * @param expressionParameters the expression parameters the operation has, named in AWS's message when
     *        placeholders come without any of them
     */
    RequestExpressions(Params request, String... expressionParameters) {
        this.request = request;
        String none = nullExpressions(expressionParameters);
        Map<String, String> names = request.stringMap("ExpressionAttributeNames");
        Map<String, AttributeValue> values = request.attributeMap("ExpressionAttributeValues");
        boolean anyExpression = EXPRESSION_PARAMETERS.stream().anyMatch(request::has);
        if (names != null) {
            if (!anyExpression) {
                throw new ValidationException("ExpressionAttributeNames can only be specified when using expressions"
                        + none);
            }
            if (names.isEmpty()) {
                throw new ValidationException("ExpressionAttributeNames must not be empty");
            }
        }
        if (values != null) {
            if (!anyExpression) {
                throw new ValidationException("ExpressionAttributeValues can only be specified when using"
                        + " expressions" + none);
            }
            if (values.isEmpty()) {
                throw new ValidationException("ExpressionAttributeValues must not be empty");
            }
        }
        checkNotMixed("AttributesToGet", "ProjectionExpression");
        checkNotMixed("Expected", "ConditionExpression");
        checkNotMixed("AttributeUpdates", "UpdateExpression");
        checkNotMixed("KeyConditions", "KeyConditionExpression");
        checkNotMixed("QueryFilter", "FilterExpression");
        checkNotMixed("ScanFilter", "FilterExpression");
        for (String legacy : List.of("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter",
                "ConditionalOperator")) {
            if (request.has(legacy) && anyExpression) {
                throw mixed(legacy, EXPRESSION_PARAMETERS.stream().filter(request::has).findFirst().orElseThrow());
            }
        }
        this.attributes = anyExpression ? ExpressionAttributes.of(names == null ? new LinkedHashMap<>() : names,
                values == null ? new LinkedHashMap<>() : values) : null;
    }

    /** ": UpdateExpression and ConditionExpression are null", as AWS ends the message. */
    private static String nullExpressions(String... names) {
        if (names.length == 0) {
            return "";
        }
        if (names.length == 1) {
            return ": " + names[0] + " is null";
        }
        return ": " + String.join(", ", java.util.Arrays.asList(names).subList(0, names.length - 1)) + " and "
                + names[names.length - 1] + " are null";
    }

    private void checkNotMixed(String legacy, String expression) {
        if (request.has(legacy) && request.has(expression)) {
            throw mixed(legacy, expression);
        }
    }

    private static ValidationException mixed(String legacy, String expression) {
        return new ValidationException("Can not use both expression and non-expression parameters in the same"
                + " request: Non-expression parameters: {" + legacy + "} Expression parameters: {" + expression + "}");
    }

    ConditionExpression condition(String parameter) {
        String text = request.string(parameter);
        return text == null ? null : Expressions.condition(parameter, text, attributes);
    }

    UpdateExpression update() {
        String text = request.string("UpdateExpression");
        return text == null ? null : Expressions.update(text, attributes);
    }

    ProjectionExpression projection() {
        String text = request.string("ProjectionExpression");
        return text == null ? null : Expressions.projection(text, attributes);
    }

    KeyCondition keyCondition(String partitionKey, String sortKey) {
        String text = request.string("KeyConditionExpression");
        return text == null ? null : Expressions.keyCondition(text, attributes, partitionKey, sortKey);
    }

    /** Call after parsing every expression of the request: refuses unused placeholders. */
    void checkAllUsed() {
        if (attributes != null) {
            attributes.checkAllUsed();
        }
    }

    /**
     * The legacy AttributesToGet as a projection of top-level attributes, or null.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html">AttributesToGet</a>
     */
    ProjectionExpression attributesToGet() {
        List<String> names = request.strings("AttributesToGet");
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value '[]' at 'attributesToGet' failed to"
                    + " satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (new java.util.HashSet<>(names).size() != names.size()) {
            throw new ValidationException("One or more parameter values were invalid: Duplicate value in attribute"
                    + " name: " + names);
        }
        return item -> {
            Map<String, AttributeValue> projected = new LinkedHashMap<>();
            for (String name : names) {
                AttributeValue value = item.get(name);
                if (value != null) {
                    projected.put(name, value);
                }
            }
            return projected;
        };
    }
}
