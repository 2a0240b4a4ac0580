package dev.ddbstreams.local.wiring;

/**
 * A DynamoDB table: key schema, stream view type ({@code null} when the table has no stream), the optional
 * TTL attribute, its billing mode with the capacities a {@code PROVISIONED} table needs, and the group (the
 * Terraform scenario module that creates it). The local runtime's engine does not meter capacity, so it
 * reads only the keys, stream and TTL; Terraform reads every field.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html">CreateTable</a>
 */
public record TableSpec(KeySpec hashKey, KeySpec rangeKey, String streamViewType, String ttlAttribute,
        String billingMode, Integer readCapacity, Integer writeCapacity, String group) {

    /** A table without Terraform's settings (billing, group), as tests of the runtime build one. */
    public TableSpec(KeySpec hashKey, KeySpec rangeKey, String streamViewType, String ttlAttribute) {
        this(hashKey, rangeKey, streamViewType, ttlAttribute, null, null, null, null);
    }
}
