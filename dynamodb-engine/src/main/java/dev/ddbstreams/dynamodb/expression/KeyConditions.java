package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a parsed KeyConditionExpression into a {@link KeyCondition}: equality on the partition key, and
 * at most one condition on the sort key ({@code = < <= > >= BETWEEN begins_with}), joined by AND.
 *
 * <p>Messages: "Query condition missed key schema element: pk" and "Query key condition not supported"
 * are recorded against AWS in moto's test_dynamodb_exceptions.py (and moto's key_condition_expression.py
 * reproduces when each is given); "Invalid condition in KeyConditionExpression: Multiple attribute names
 * used in one condition" in moto's aws_verified test_query_unused_attribute_name; "Invalid operator used in
 * KeyConditionExpression: OR" and "KeyConditionExpressions must only contain one condition per key" are
 * DynamoDB's answers as widely reported (not recorded in a test we could read).
 *
 * <p>The types of the key values against the key schema ("One or more parameter values were invalid:
 * Condition parameter type does not match schema type") are the engine's to check: this package does not
 * know the attribute definitions.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions for Query</a>
 */
final class KeyConditions {

    private static final String KIND = "KeyConditionExpression";

    private KeyConditions() {
    }

    static KeyCondition from(Condition condition, String partitionKeyName, String sortKeyName) {
        List<Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        AttributeValue partitionValue = null;
        KeyCondition.SortKeyCondition sortCondition = null;
        List<String> otherNames = new ArrayList<>();
        for (Condition part : parts) {
            KeyPart key = keyPart(part);
            String name = key.path().topLevelName();
            if (key.path().size() > 1) {
                throw new ValidationException("Query key condition not supported");
            }
            if (name.equals(partitionKeyName)) {
                if (partitionValue != null) {
                    throw oneConditionPerKey();
                }
                if (!key.operator().equals("EQ")) {
                    throw new ValidationException("Query key condition not supported");
                }
                partitionValue = key.operands().get(0);
            } else if (name.equals(sortKeyName)) {
                if (sortCondition != null) {
                    throw oneConditionPerKey();
                }
                sortCondition = new KeyCondition.SortKeyCondition(key.operator(), key.operands());
            } else {
                otherNames.add(name);
            }
        }
        if (partitionValue == null) {
            throw new ValidationException("Query condition missed key schema element: " + partitionKeyName);
        }
        if (!otherNames.isEmpty()) {
            // moto's key_condition_expression.py: a condition on a non-key attribute is reported as the
            // missing sort key when the table has one and the sort key has no condition.
            if (sortKeyName != null && sortCondition == null) {
                throw new ValidationException("Query condition missed key schema element: " + sortKeyName);
            }
            throw new ValidationException("Query key condition not supported");
        }
        return new KeyCondition(partitionValue, Optional.ofNullable(sortCondition));
    }

    private static ValidationException oneConditionPerKey() {
        return ExpressionErrors.invalid(KIND, "KeyConditionExpressions must only contain one condition per key");
    }

    private static void flatten(Condition condition, List<Condition> parts) {
        if (condition instanceof Condition.And and) {
            flatten(and.left(), parts);
            flatten(and.right(), parts);
        } else if (condition instanceof Condition.Or) {
            throw invalidOperator("OR");
        } else if (condition instanceof Condition.Not) {
            throw invalidOperator("NOT");
        } else {
            parts.add(condition);
        }
    }

    private static ValidationException invalidOperator(String operator) {
        return ExpressionErrors.invalid(KIND, "Invalid operator used in KeyConditionExpression: " + operator);
    }

    private record KeyPart(DocumentPath path, String operator, List<AttributeValue> operands) {
    }

    private static final Map<String, String> OPERATORS = Map.of("=", "EQ", "<", "LT", "<=", "LE", ">", "GT", ">=",
            "GE");
    /** The operator seen from the other side: {@code :v < k} is {@code k > :v}. */
    private static final Map<String, String> MIRRORED = Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=");

    private static KeyPart keyPart(Condition part) {
        if (part instanceof Condition.Comparison comparison) {
            if (comparison.operator().equals("<>")) {
                throw invalidOperator("<>");
            }
            if (comparison.left() instanceof Operand.Path path && comparison.right() instanceof Operand.Value value) {
                return new KeyPart(path.path(), OPERATORS.get(comparison.operator()), List.of(value.value()));
            }
            if (comparison.left() instanceof Operand.Value value && comparison.right() instanceof Operand.Path path) {
                return new KeyPart(path.path(), OPERATORS.get(MIRRORED.get(comparison.operator())),
                        List.of(value.value()));
            }
            throw multipleNamesOrNone(comparison.left(), comparison.right());
        }
        if (part instanceof Condition.Between between) {
            if (between.value() instanceof Operand.Path path && between.lower() instanceof Operand.Value low
                    && between.upper() instanceof Operand.Value high) {
                return new KeyPart(path.path(), "BETWEEN", List.of(low.value(), high.value()));
            }
            throw multipleNamesOrNone(between.value(), between.lower(), between.upper());
        }
        if (part instanceof Condition.BeginsWith beginsWith) {
            if (beginsWith.value() instanceof Operand.Path path && beginsWith.prefix() instanceof Operand.Value v) {
                return new KeyPart(path.path(), "BEGINS_WITH", List.of(v.value()));
            }
            throw multipleNamesOrNone(beginsWith.value(), beginsWith.prefix());
        }
        if (part instanceof Condition.In) {
            throw invalidOperator("IN");
        }
        if (part instanceof Condition.Exists exists) {
            throw invalidOperator(exists.exists() ? "attribute_exists" : "attribute_not_exists");
        }
        if (part instanceof Condition.AttributeType) {
            throw invalidOperator("attribute_type");
        }
        if (part instanceof Condition.Contains) {
            throw invalidOperator("contains");
        }
        throw new IllegalStateException("unexpected key condition part " + part);
    }

    private static ValidationException multipleNamesOrNone(Operand... operands) {
        long paths = java.util.Arrays.stream(operands).filter(o -> !(o instanceof Operand.Value)).count();
        if (paths > 1) {
            return ExpressionErrors.invalid(KIND,
                    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        }
        // size() of a key, or no attribute at all: not a key condition DynamoDB supports.
        return invalidOperatorOrUnsupported(operands);
    }

    private static ValidationException invalidOperatorOrUnsupported(Operand... operands) {
        for (Operand operand : operands) {
            if (operand instanceof Operand.Size) {
                return invalidOperator("size");
            }
        }
        // Two values and no attribute: AWS's wording for this case is not recorded; this is its general
        // answer for a key condition it cannot serve.
        return new ValidationException("Query key condition not supported");
    }
}
