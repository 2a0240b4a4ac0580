package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.List;
import java.util.Optional;

/**
 * A parsed key condition expression: equality on the partition key and an optional condition on the
 * sort key ({@code =, <, <=, >, >=, BETWEEN, begins_with}).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions for Query</a>
 */
public record KeyCondition(AttributeValue partitionKeyValue, Optional<SortKeyCondition> sortKeyCondition) {

    /** {@code operator} is one of EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH. */
    public record SortKeyCondition(String operator, List<AttributeValue> operands) {
    }
}
