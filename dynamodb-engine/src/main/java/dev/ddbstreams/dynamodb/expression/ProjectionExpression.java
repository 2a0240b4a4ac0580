package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.Map;

/**
 * A parsed projection expression: the attributes (and nested elements) to return.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html">Projection expressions</a>
 */
public interface ProjectionExpression {

    Map<String, AttributeValue> project(Map<String, AttributeValue> item);
}
