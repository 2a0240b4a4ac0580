package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An operand of a condition or of a SET action: a document path, a {@code :value}, or a function that
 * yields a value ({@code size} in conditions; {@code if_not_exists}, {@code list_append} and {@code + -} in
 * updates).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Syntax">Condition syntax</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.SET">SET</a>
 */
sealed interface Operand {

    /** The value in a condition: null when the path does not resolve or size() does not apply. */
    AttributeValue evaluate(Map<String, AttributeValue> item);

    /**
     * The value as a SET action computes it from the item as it was before the update.
     *
     * @throws dev.ddbstreams.dynamodb.errors.ValidationException when a path does not resolve or an operand
     *         has the wrong type
     */
    AttributeValue evaluateForUpdate(Map<String, AttributeValue> item);

    /** The type known before evaluation (for a literal), or null when only the item can tell. */
    default String staticType() {
        return null;
    }

    /** A document path into the item. */
    record Path(DocumentPath path) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return path.resolve(item);
        }

        /** AWS: "The provided expression refers to an attribute that does not exist in the item". */
        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            AttributeValue value = path.resolve(item);
            if (value == null) {
                throw ExpressionErrors.missingAttribute();
            }
            return value;
        }
    }

    /** A {@code :value} placeholder; {@code value} is null only when it is undefined (the parse then fails). */
    record Value(String placeholder, AttributeValue value) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            return value;
        }

        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            return value;
        }

        @Override
        public String staticType() {
            return value == null ? null : value.type();
        }
    }

    /**
     * A function call the expression may not use here (a condition function as an operand, an unknown
     * function): it stands in while the rest of the expression is checked, and the parse then fails.
     */
    record Refused(String function) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            throw new IllegalStateException(function + "() is refused at parse time");
        }

        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            throw new IllegalStateException(function + "() is refused at parse time");
        }
    }

    /** {@code size(operand)}, a number; conditions only. */
    record Size(Operand argument) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            AttributeValue value = argument.evaluate(item);
            Integer size = value == null ? null : Values.size(value);
            return size == null ? null : AttributeValue.n(size);
        }

        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            throw new IllegalStateException("size() is refused in update expressions at parse time");
        }

        @Override
        public String staticType() {
            return "N";
        }
    }

    /** {@code if_not_exists(path, operand)}: the path's value, or the operand when the path is absent. */
    record IfNotExists(DocumentPath path, Operand fallback) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            throw new IllegalStateException("if_not_exists() is refused in conditions at parse time");
        }

        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            AttributeValue value = path.resolve(item);
            return value != null ? value : fallback.evaluateForUpdate(item);
        }
    }

    /** {@code list_append(list1, list2)}: the elements of both lists, in order. */
    record ListAppend(Operand first, Operand second) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            throw new IllegalStateException("list_append() is refused in conditions at parse time");
        }

        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            AttributeValue head = first.evaluateForUpdate(item);
            AttributeValue tail = second.evaluateForUpdate(item);
            if (!(head instanceof AttributeValue.L a) || !(tail instanceof AttributeValue.L b)) {
                throw ExpressionErrors.incorrectDataType();
            }
            List<AttributeValue> joined = new ArrayList<>(a.values());
            joined.addAll(b.values());
            return new AttributeValue.L(joined);
        }

        @Override
        public String staticType() {
            return "L";
        }
    }

    /** {@code operand + operand} or {@code operand - operand} on numbers. */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        public AttributeValue evaluate(Map<String, AttributeValue> item) {
            throw new IllegalStateException("+ and - are refused in conditions at parse time");
        }

        public AttributeValue evaluateForUpdate(Map<String, AttributeValue> item) {
            AttributeValue a = left.evaluateForUpdate(item);
            AttributeValue b = right.evaluateForUpdate(item);
            if (!(a instanceof AttributeValue.N x) || !(b instanceof AttributeValue.N y)) {
                throw ExpressionErrors.incorrectDataType();
            }
            return new AttributeValue.N(plus ? x.value().add(y.value()) : x.value().subtract(y.value()));
        }

        @Override
        public String staticType() {
            return "N";
        }
    }
}
