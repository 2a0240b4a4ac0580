/**
 * DynamoDB's expression language: condition and filter expressions, key conditions, projections and
 * update expressions, with {@code #name} and {@code :value} placeholders. Entry point: {@link
 * dev.ddbstreams.dynamodb.expression.Expressions}. Parsing and evaluation only; no storage.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html">Using expressions in DynamoDB</a>
 */
package dev.ddbstreams.dynamodb.expression;
