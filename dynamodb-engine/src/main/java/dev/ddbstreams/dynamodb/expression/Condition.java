package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.List;
import java.util.Map;

/**
 * A parsed condition (ConditionExpression, FilterExpression, and the shape of a KeyConditionExpression).
 * Operands of different types, and paths that do not resolve, make comparisons false (and {@code <>}
 * true), as the developer guide describes.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html">Condition and filter expressions, operators, and functions</a>
 */
sealed interface Condition extends ConditionExpression {

    /** {@code a = b}, {@code a <> b}, {@code a < b}, {@code a <= b}, {@code a > b}, {@code a >= b}. */
    record Comparison(Operand left, String operator, Operand right) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue a = left.evaluate(item);
            AttributeValue b = right.evaluate(item);
            if (operator.equals("=")) {
                return a != null && a.equals(b);
            }
            if (operator.equals("<>")) {
                return a == null || !a.equals(b);
            }
            Integer order = a == null || b == null ? null : Values.compare(a, b);
            if (order == null) {
                return false;
            }
            return switch (operator) {
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                default -> order >= 0;
            };
        }
    }

    /** {@code a BETWEEN low AND high}: {@code low <= a <= high}, all of one orderable type. */
    record Between(Operand value, Operand lower, Operand upper) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            AttributeValue low = lower.evaluate(item);
            AttributeValue high = upper.evaluate(item);
            if (v == null || low == null || high == null) {
                return false;
            }
            Integer aboveLow = Values.compare(v, low);
            Integer belowHigh = Values.compare(v, high);
            return aboveLow != null && belowHigh != null && aboveLow >= 0 && belowHigh <= 0;
        }
    }

    /** {@code a IN (b, c, ...)}: equal to one of the candidates. */
    record In(Operand value, List<Operand> candidates) implements Condition {
        public In {
            candidates = List.copyOf(candidates);
        }

        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            return v != null && candidates.stream().anyMatch(c -> v.equals(c.evaluate(item)));
        }
    }

    /** {@code attribute_exists(path)} or, with {@code exists} false, {@code attribute_not_exists(path)}. */
    record Exists(DocumentPath path, boolean exists) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return (path.resolve(item) != null) == exists;
        }
    }

    /** {@code attribute_type(path, type)}. */
    record AttributeType(Operand value, Operand type) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            return v != null && type.evaluate(item) instanceof AttributeValue.S name && v.type().equals(name.value());
        }
    }

    /** {@code begins_with(path, prefix)}. */
    record BeginsWith(Operand value, Operand prefix) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue v = value.evaluate(item);
            AttributeValue p = prefix.evaluate(item);
            return v != null && p != null && Values.beginsWith(v, p);
        }
    }

    /** {@code contains(path, operand)}. */
    record Contains(Operand container, Operand operand) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            AttributeValue c = container.evaluate(item);
            AttributeValue o = operand.evaluate(item);
            return c != null && o != null && Values.contains(c, o);
        }
    }

    /** A function the condition may not use here: stands in while the rest is checked; the parse then fails. */
    record Refused(String function) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            throw new IllegalStateException(function + "() is refused at parse time");
        }
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition condition) implements Condition {
        public boolean test(Map<String, AttributeValue> item) {
            return !condition.test(item);
        }
    }
}
