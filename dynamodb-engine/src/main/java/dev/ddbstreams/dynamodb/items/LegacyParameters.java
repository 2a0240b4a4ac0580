package dev.ddbstreams.dynamodb.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.protocol.Params;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The legacy conditional parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter,
 * ConditionalOperator) rewritten as the expressions they are equivalent to, so that one evaluator serves
 * both. Placeholders {@code #legacyN} and {@code :legacyN} cannot clash: AWS refuses placeholders in a
 * request without expressions, and refuses mixing legacy parameters with expressions (checked here first).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html">Legacy conditional parameters</a>
 */
final class LegacyParameters {

    private static final List<String> EXPRESSIONS = List.of("ConditionExpression", "FilterExpression",
            "KeyConditionExpression", "ProjectionExpression", "UpdateExpression");

    private final ObjectNode request;
    private final ObjectNode names;
    private final ObjectNode values;
    private int next;

    private LegacyParameters(ObjectNode request) {
        this.request = request;
        this.names = request.objectNode();
        this.values = request.objectNode();
    }

    /** The request with its legacy parameters turned into expressions (the request itself when it has none). */
    static Params translate(Params params) {
        JsonNode node = params.node();
        boolean legacy = false;
        for (String name : List.of("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter")) {
            legacy |= params.has(name);
        }
        if (!legacy || !node.isObject()) {
            return params;
        }
        for (String legacyName : List.of("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter",
                "ConditionalOperator", "AttributesToGet")) {
            for (String expression : EXPRESSIONS) {
                if (params.has(legacyName) && params.has(expression)) {
                    throw new ValidationException("Can not use both expression and non-expression parameters in the"
                            + " same request: Non-expression parameters: {" + legacyName + "} Expression parameters: {"
                            + expression + "}");
                }
            }
        }
        if (params.has("ExpressionAttributeNames") || params.has("ExpressionAttributeValues")) {
            throw new ValidationException((params.has("ExpressionAttributeNames") ? "ExpressionAttributeNames"
                    : "ExpressionAttributeValues") + " can only be specified when using expressions");
        }
        LegacyParameters translator = new LegacyParameters(((ObjectNode) node).deepCopy());
        return translator.run(params);
    }

    private Params run(Params params) {
        String operator = params.string("ConditionalOperator");
        if (operator != null && !operator.equals("AND") && !operator.equals("OR")) {
            throw new ValidationException("1 validation error detected: Value '" + operator + "' at"
                    + " 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND,"
                    + " OR]");
        }
        String joiner = " " + (operator == null ? "AND" : operator) + " ";
        if (params.has("Expected")) {
            request.put("ConditionExpression", conditions(params.object("Expected"), joiner, true));
        }
        if (params.has("QueryFilter")) {
            request.put("FilterExpression", conditions(params.object("QueryFilter"), joiner, false));
        }
        if (params.has("ScanFilter")) {
            request.put("FilterExpression", conditions(params.object("ScanFilter"), joiner, false));
        }
        if (params.has("KeyConditions")) {
            request.put("KeyConditionExpression", conditions(params.object("KeyConditions"), " AND ", false));
        }
        if (params.has("AttributeUpdates")) {
            String update = updates(params.object("AttributeUpdates"));
            if (!update.isEmpty()) {
                request.put("UpdateExpression", update);
            }
        }
        if (params.has("AttributesToGet")) {
            // Kept as it is: RequestExpressions serves it, but it cannot be mixed with a translated expression.
            List<String> attributes = params.strings("AttributesToGet");
            StringBuilder projection = new StringBuilder();
            for (String attribute : attributes) {
                projection.append(projection.length() == 0 ? "" : ", ").append(name(attribute));
            }
            request.remove("AttributesToGet");
            request.put("ProjectionExpression", projection.toString());
        }
        for (String name : List.of("Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter",
                "ConditionalOperator")) {
            request.remove(name);
        }
        if (names.size() > 0) {
            request.set("ExpressionAttributeNames", names);
        }
        if (values.size() > 0) {
            request.set("ExpressionAttributeValues", values);
        }
        return new Params(request);
    }

    private String name(String attribute) {
        String placeholder = "#legacy" + next++;
        names.put(placeholder, attribute);
        return placeholder;
    }

    private String value(JsonNode attributeValue) {
        String placeholder = ":legacy" + next++;
        values.set(placeholder, attributeValue);
        return placeholder;
    }

    private String conditions(Params conditions, String joiner, boolean expected) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = conditions.node().fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Params condition = new Params(entry.getValue());
            String attribute = entry.getKey();
            if (expected && !condition.has("ComparisonOperator")) {
                parts.add(expectedSimple(attribute, condition));
            } else {
                parts.add(comparison(attribute, condition));
            }
        }
        return String.join(joiner, parts);
    }

    /** Expected's simple form: Value (equality) and Exists. */
    private String expectedSimple(String attribute, Params condition) {
        Boolean exists = condition.bool("Exists");
        boolean hasValue = condition.has("Value");
        if (Boolean.FALSE.equals(exists)) {
            if (hasValue) {
                throw new ValidationException("One or more parameter values were invalid: Value cannot be used when"
                        + " Exists is false for Attribute: " + attribute);
            }
            return "attribute_not_exists(" + name(attribute) + ")";
        }
        if (!hasValue) {
            throw new ValidationException("One or more parameter values were invalid: Value must be provided when"
                    + " Exists is " + (exists == null ? "null" : "true") + " for Attribute: " + attribute);
        }
        return name(attribute) + " = " + value(condition.node().get("Value"));
    }

    private String comparison(String attribute, Params condition) {
        String operator = condition.requiredString("ComparisonOperator");
        List<Params> list = condition.list("AttributeValueList");
        List<String> operands = new ArrayList<>();
        if (list != null) {
            list.forEach(v -> operands.add(value(v.node())));
        }
        String path = name(attribute);
        int expectedCount = switch (operator) {
            case "NULL", "NOT_NULL" -> 0;
            case "BETWEEN" -> 2;
            case "IN" -> -1;
            default -> 1;
        };
        if ((expectedCount >= 0 && operands.size() != expectedCount) || (expectedCount < 0 && operands.isEmpty())) {
            throw new ValidationException("One or more parameter values were invalid: Invalid number of argument(s)"
                    + " for the " + operator + " ComparisonOperator");
        }
        return switch (operator) {
            case "EQ" -> path + " = " + operands.get(0);
            case "NE" -> path + " <> " + operands.get(0);
            case "LE" -> path + " <= " + operands.get(0);
            case "LT" -> path + " < " + operands.get(0);
            case "GE" -> path + " >= " + operands.get(0);
            case "GT" -> path + " > " + operands.get(0);
            case "NOT_NULL" -> "attribute_exists(" + path + ")";
            case "NULL" -> "attribute_not_exists(" + path + ")";
            case "CONTAINS" -> "contains(" + path + ", " + operands.get(0) + ")";
            case "NOT_CONTAINS" -> "NOT contains(" + path + ", " + operands.get(0) + ")";
            case "BEGINS_WITH" -> "begins_with(" + path + ", " + operands.get(0) + ")";
            case "IN" -> path + " IN (" + String.join(", ", operands) + ")";
            case "BETWEEN" -> path + " BETWEEN " + operands.get(0) + " AND " + operands.get(1);
            default -> throw new ValidationException("1 validation error detected: Value '" + operator + "' at"
                    + " 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN,"
                    + " NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        };
    }

    /** AttributeUpdates: PUT is SET, DELETE without a value is REMOVE, with one DELETE; ADD is ADD. */
    private String updates(Params updates) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.node().fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Params update = new Params(entry.getValue());
            String action = update.string("Action") == null ? "PUT" : update.string("Action");
            boolean hasValue = update.has("Value");
            switch (action) {
                case "PUT" -> {
                    if (!hasValue) {
                        throw new ValidationException("One or more parameter values were invalid: Only DELETE action"
                                + " is allowed when no attribute value is specified");
                    }
                    set.add(name(entry.getKey()) + " = " + value(update.node().get("Value")));
                }
                case "DELETE" -> {
                    if (hasValue) {
                        delete.add(name(entry.getKey()) + " " + value(update.node().get("Value")));
                    } else {
                        remove.add(name(entry.getKey()));
                    }
                }
                case "ADD" -> {
                    if (!hasValue) {
                        throw new ValidationException("One or more parameter values were invalid: Only DELETE action"
                                + " is allowed when no attribute value is specified");
                    }
                    add.add(name(entry.getKey()) + " " + value(update.node().get("Value")));
                }
                default -> throw new ValidationException("1 validation error detected: Value '" + action + "' at"
                        + " 'attributeUpdates." + entry.getKey() + ".member.action' failed to satisfy constraint:"
                        + " Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }
        }
        StringBuilder expression = new StringBuilder();
        clause(expression, "SET", set);
        clause(expression, "REMOVE", remove);
        clause(expression, "ADD", add);
        clause(expression, "DELETE", delete);
        return expression.toString();
    }

    private static void clause(StringBuilder expression, String keyword, List<String> parts) {
        if (!parts.isEmpty()) {
            expression.append(expression.length() == 0 ? "" : " ").append(keyword).append(' ')
                    .append(String.join(", ", parts));
        }
    }
}
