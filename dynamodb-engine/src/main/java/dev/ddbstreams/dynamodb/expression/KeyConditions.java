package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed KeyConditionExpression into a {@link KeyCondition}: equality on the partition key, and
 * at most one condition on the sort key ({@code = < <= > >= BETWEEN begins_with}), joined by AND.
 *
 * <p>DynamoDB parses a key condition with its condition parser, then checks its shape, then checks it
 * against the key schema (Alternator's test_key_condition_expression_parser observes the shared parser).
 * The shape checks and their messages follow dynalite (validations/index.js, checkExpr, and test/query.js),
 * with the {@code Invalid KeyConditionExpression: } prefix that recent AWS answers carry (moto's
 * aws_verified test_query_unused_attribute_name records "Invalid KeyConditionExpression: Invalid condition
 * in KeyConditionExpression: Multiple attribute names used in one condition"; nubo-db's conformance tests
 * pin "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key").
 * The schema checks follow dynalite's actions/query.js, except that more than two conditions get the
 * message nubo-db pinned against AWS in 2026.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions for Query</a>
 */
final class KeyConditions {

    private static final String KIND = "KeyConditionExpression";
    private static final Map<String, String> OPERATORS = Map.of("=", "EQ", "<", "LT", "<=", "LE", ">", "GT", ">=",
            "GE");
    /** The operator seen from the other side: {@code :v < k} is {@code k > :v}. */
    private static final Map<String, String> MIRRORED = Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=");
    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");

    private KeyConditions() {
    }

    /** One condition on one key attribute. */
    private record KeyPart(String operator, List<AttributeValue> operands) {
    }

    /**
     * @param partitionKeyType the partition key's type (S, N or B), or null to leave the type check to the caller
     * @param sortKeyType the sort key's type, or null
     */
    static KeyCondition from(Condition condition, String partitionKeyName, String partitionKeyType,
            String sortKeyName, String sortKeyType) {
        Map<String, KeyPart> parts = new LinkedHashMap<>();
        collect(condition, parts);
        int keyCount = sortKeyName == null ? 1 : 2;
        if (parts.size() > 2) {
            // Pinned against AWS by nubo-db/dynamodb-conformance (keyConditionOperandTypes, October 2026).
            throw new ValidationException("The number of query conditions (" + parts.size()
                    + ") exceeds the number of key attributes defined in the schema (" + keyCount + ")");
        }
        if (sortKeyName == null && parts.size() > 1) {
            throw new ValidationException("Query key condition not supported");
        }
        KeyPart partition = parts.get(partitionKeyName);
        if (partition == null) {
            throw new ValidationException("Query condition missed key schema element: " + partitionKeyName);
        }
        checkType(partition, partitionKeyType);
        if (!partition.operator().equals("EQ")) {
            throw new ValidationException("Query key condition not supported");
        }
        KeyPart sort = sortKeyName == null ? null : parts.get(sortKeyName);
        if (sortKeyName != null && sort == null && parts.size() > 1) {
            throw new ValidationException("Query condition missed key schema element: " + sortKeyName);
        }
        if (sort != null) {
            checkType(sort, sortKeyType);
        }
        return new KeyCondition(partition.operands().get(0), Optional.ofNullable(sort)
                .map(part -> new KeyCondition.SortKeyCondition(part.operator(), part.operands())));
    }

    /** dynalite actions/query.js; nubo-db pins it for begins_with(sk, :s) on a number sort key. */
    private static void checkType(KeyPart part, String keyType) {
        if (keyType != null && part.operands().stream().anyMatch(value -> !value.type().equals(keyType))) {
            throw new ValidationException(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
    }

    /** Walks the conditions left to right, refusing what a key condition cannot hold (dynalite checkExpr). */
    private static void collect(Condition condition, Map<String, KeyPart> parts) {
        if (condition instanceof Condition.And and) {
            collect(and.left(), parts);
            collect(and.right(), parts);
            return;
        }
        String operator;
        List<Operand> operands;
        if (condition instanceof Condition.Or) {
            throw invalidOperator("OR");
        } else if (condition instanceof Condition.Not) {
            throw invalidOperator("NOT");
        } else if (condition instanceof Condition.In) {
            throw invalidOperator("IN");
        } else if (condition instanceof Condition.Exists exists) {
            throw invalidOperator(exists.exists() ? "attribute_exists" : "attribute_not_exists");
        } else if (condition instanceof Condition.AttributeType) {
            throw invalidOperator("attribute_type");
        } else if (condition instanceof Condition.Contains) {
            throw invalidOperator("contains");
        } else if (condition instanceof Condition.Comparison comparison) {
            if (comparison.operator().equals("<>")) {
                throw invalidOperator("<>");
            }
            operator = comparison.operator();
            operands = List.of(comparison.left(), comparison.right());
        } else if (condition instanceof Condition.Between between) {
            if (!(between.value() instanceof Operand.Path)) {
                throw invalidCondition("BETWEEN operator must have the key attribute as its first operand");
            }
            operator = "BETWEEN";
            operands = List.of(between.value(), between.lower(), between.upper());
        } else if (condition instanceof Condition.BeginsWith beginsWith) {
            if (!(beginsWith.value() instanceof Operand.Path)) {
                throw invalidCondition("begins_with operator must have the key attribute as its first operand");
            }
            operator = "BEGINS_WITH";
            operands = List.of(beginsWith.value(), beginsWith.prefix());
        } else {
            throw new IllegalStateException("unexpected key condition part " + condition);
        }
        String name = null;
        int nameAt = 0;
        List<AttributeValue> values = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            Operand operand = operands.get(i);
            if (operand instanceof Operand.Path path) {
                if (name != null) {
                    throw invalidCondition("Multiple attribute names used in one condition");
                }
                if (path.path().size() > 1) {
                    throw ExpressionErrors.invalid(KIND,
                            "KeyConditionExpressions cannot have conditions on nested attributes");
                }
                name = path.path().topLevelName();
                nameAt = i;
            } else if (operand instanceof Operand.Value value) {
                values.add(value.value());
            } else {
                throw ExpressionErrors.invalid(KIND, "KeyConditionExpressions cannot contain nested operations");
            }
        }
        if (name == null) {
            throw invalidCondition("No key attribute specified");
        }
        if (parts.containsKey(name)) {
            throw ExpressionErrors.invalid(KIND, "KeyConditionExpressions must only contain one condition per key");
        }
        if (!operator.equals("=") && !operator.equals("BEGINS_WITH")) {
            // An ordering or BETWEEN against a value no key could hold (nubo-db pins "operator or function: <,
            // operand type: BOOL", naming the operator as written, and "BETWEEN, operand type: BOOL").
            for (AttributeValue value : values) {
                if (!KEY_TYPES.contains(value.type())) {
                    throw ExpressionErrors.operandType(KIND, operator, value.type());
                }
            }
        }
        if (nameAt != 0) {
            operator = MIRRORED.get(operator);
        }
        parts.put(name, new KeyPart(OPERATORS.getOrDefault(operator, operator), values));
    }

    private static ValidationException invalidOperator(String operator) {
        return ExpressionErrors.invalid(KIND, "Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static ValidationException invalidCondition(String detail) {
        return ExpressionErrors.invalid(KIND, "Invalid condition in KeyConditionExpression: " + detail);
    }
}
