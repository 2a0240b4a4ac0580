package dev.ddbstreams.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.aggregate.Contribution;
import dev.ddbstreams.aggregate.MalformedRecordException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class OrderTotalsViewTest {

    private final OrderTotalsView view = new OrderTotalsView();

    @ParameterizedTest
    @CsvSource({
            "3, 0.10, 0.3",
            "7, 19.99, 139.93",
            "2, 0.333, 0.666",
            "1.5, 2.25, 3.375",
            "-1, 9.99, -9.99",
            "12345678901234567890, 1.000000000000000001, 12345678901234567902.34567890123456789"
    })
    void contributionOf_multipliesQuantityByPriceExactly(String quantity, String price, String revenue) {
        Contribution contribution = view.contributionOf(order("apple", quantity, price));

        assertEquals("apple", contribution.group());
        assertEquals(0, new BigDecimal(quantity).compareTo(contribution.amount(OrderTotalsView.QUANTITY)));
        assertEquals(0, new BigDecimal(revenue).compareTo(contribution.amount(OrderTotalsView.REVENUE)),
                () -> "revenue " + contribution.amount(OrderTotalsView.REVENUE));
        assertEquals(BigDecimal.ONE, contribution.amount(OrderTotalsView.ORDERS));
    }

    @Test
    void contributionOf_rejectsARevenueDynamoDbCouldNotStoreExactly() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () ->
                view.contributionOf(order("apple", "1234567890123456789.3", "1234567890123456789.7")));

        assertTrue(e.getMessage().startsWith("revenue (quantity x price) has 39 significant digits"), e.getMessage());
    }

    @Test
    void sourceKey_isTheOrderId_andContributionIgnoresOtherAttributes() {
        assertEquals("o-1", view.sourceKey(Map.of("id", AttributeValue.fromS("o-1"))));
        Map<String, AttributeValue> image = new java.util.HashMap<>(order("pear", "1", "2"));
        image.put("note", AttributeValue.fromS("gift"));

        assertEquals(view.contributionOf(order("pear", "1", "2")), view.contributionOf(image));
    }

    private static Map<String, AttributeValue> order(String item, String quantity, String price) {
        return Map.of("id", AttributeValue.fromS("o-1"), "item", AttributeValue.fromS(item),
                "quantity", AttributeValue.fromN(quantity), "price", AttributeValue.fromN(price));
    }
}
