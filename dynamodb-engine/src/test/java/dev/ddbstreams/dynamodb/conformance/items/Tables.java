package dev.ddbstreams.dynamodb.conformance.items;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the tables the item conformance tests write to. Every name is unique so that test classes never
 * share a table, and every table is waited for until ACTIVE, as a client of AWS must.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html">CreateTable</a>
 */
final class Tables {

    private Tables() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    /** A PAY_PER_REQUEST table with a hash key only. */
    static String createHashTable(DynamoDbClient client, String prefix, String hashKey, ScalarAttributeType type) {
        return create(client, prefix, table -> table
                .attributeDefinitions(attribute(hashKey, type))
                .keySchema(hash(hashKey)));
    }

    /** A PAY_PER_REQUEST table with a hash and a range key. */
    static String createHashRangeTable(DynamoDbClient client, String prefix, String hashKey,
            ScalarAttributeType hashType, String rangeKey, ScalarAttributeType rangeType) {
        return create(client, prefix, table -> table
                .attributeDefinitions(List.of(attribute(hashKey, hashType), attribute(rangeKey, rangeType)))
                .keySchema(hash(hashKey), range(rangeKey)));
    }

    /** A PAY_PER_REQUEST table shaped by {@code definition}, waited for until it exists. */
    static String create(DynamoDbClient client, String prefix, Consumer<CreateTableRequest.Builder> definition) {
        String name = uniqueName(prefix);
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        definition.accept(request);
        client.createTable(request.build());
        client.waiter().waitUntilTableExists(describe -> describe.tableName(name));
        return name;
    }
}
