package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;
import java.util.Set;

/**
 * A parsed condition or filter expression.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html">Condition and filter expressions, operators, and functions</a>
 */
public interface ConditionExpression {

    /** @param item the item as stored, or an empty map when there is none */
    boolean test(Map<String, AttributeValue> item);

    /**
     * The top-level attribute names the expression reads, placeholders resolved (Query refuses a filter that
     * names a key attribute).
     */
    Set<String> topLevelAttributes();
}
