package dev.ddbstreams.local.wiring;

/**
 * A DynamoDB table: key schema, stream view type ({@code null} when the table has no stream) and the
 * optional TTL attribute.
 */
public record TableSpec(KeySpec hashKey, KeySpec rangeKey, String streamViewType, String ttlAttribute) {
}
