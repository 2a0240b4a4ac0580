package dev.ddbstreams.scores;

import dev.ddbstreams.aggregate.AggregateView;
import dev.ddbstreams.aggregate.Contribution;
import dev.ddbstreams.aggregate.ImageAttributes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code OrderTotals} over {@code StoreOrders}: each order ({@code id} S, {@code item} S,
 * {@code quantity} N, {@code price} N) adds to its item's row ({@code item} S) its {@code quantity}, its
 * {@code revenue} (quantity x price, exact) and one to {@code orders}.
 *
 * <p>Quantities and prices are any number DynamoDB can store, negative ones included (a correction or a
 * refund is still an order line); the view sums, it does not judge. A product DynamoDB could not store
 * (more than 38 significant digits) makes the record malformed rather than silently rounded.
 */
public final class OrderTotalsView implements AggregateView {

    public static final String SOURCE = "StoreOrders";
    public static final String ID = "id";
    public static final String ITEM = "item";
    public static final String QUANTITY = "quantity";
    public static final String PRICE = "price";
    public static final String REVENUE = "revenue";
    public static final String ORDERS = "orders";

    private static final String IMAGE = "NewImage";

    @Override
    public String sourceName() {
        return SOURCE;
    }

    @Override
    public String groupAttribute() {
        return ITEM;
    }

    @Override
    public List<String> amountAttributes() {
        return List.of(QUANTITY, REVENUE, ORDERS);
    }

    @Override
    public String sourceKey(Map<String, AttributeValue> keys) {
        return ImageAttributes.keyString(keys, "Keys", ID);
    }

    @Override
    public Contribution contributionOf(Map<String, AttributeValue> image) {
        String item = ImageAttributes.keyString(image, IMAGE, ITEM);
        BigDecimal quantity = ImageAttributes.number(image, IMAGE, QUANTITY);
        BigDecimal price = ImageAttributes.number(image, IMAGE, PRICE);
        BigDecimal revenue = ImageAttributes.storable(quantity.multiply(price), "revenue (quantity x price)");
        return new Contribution(item, Map.of(QUANTITY, quantity, REVENUE, revenue, ORDERS, BigDecimal.ONE));
    }
}
