package dev.ddbstreams.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The legacy conditional parameters still work, as AWS keeps them working.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html">Legacy conditional parameters</a>
 */
class LegacyParametersTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    @BeforeAll
    static void table() {
        DYNAMODB.client().createTable(b -> b.tableName("legacy").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N)));
    }

    private static Map<String, AttributeValue> key(String pk, int sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("" + sk));
    }

    @Test
    void expected_existsFalse_refusesASecondPut() {
        DynamoDbClient client = DYNAMODB.client();
        Map<String, ExpectedAttributeValue> notThere = Map.of("pk", ExpectedAttributeValue.builder().exists(false).build());
        client.putItem(b -> b.tableName("legacy").item(key("e", 1)).expected(notThere));
        assertThrows(ConditionalCheckFailedException.class,
                () -> client.putItem(b -> b.tableName("legacy").item(key("e", 1)).expected(notThere)));
    }

    @Test
    void attributeUpdates_andKeyConditions_andQueryFilter() {
        DynamoDbClient client = DYNAMODB.client();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            client.updateItem(b -> b.tableName("legacy").key(key("q", n)).attributeUpdates(Map.of(
                    "count", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(AttributeValue.fromN("" + n)).build())));
        }
        var response = client.query(b -> b.tableName("legacy")
                .keyConditions(Map.of("pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ)
                        .attributeValueList(AttributeValue.fromS("q")).build(),
                        "sk", Condition.builder().comparisonOperator(ComparisonOperator.BETWEEN)
                                .attributeValueList(AttributeValue.fromN("2"), AttributeValue.fromN("5")).build()))
                .queryFilter(Map.of("count", Condition.builder().comparisonOperator(ComparisonOperator.GE)
                        .attributeValueList(AttributeValue.fromN("3")).build())));
        assertEquals(3, response.count());
        assertEquals(4, response.scannedCount());
    }
}
