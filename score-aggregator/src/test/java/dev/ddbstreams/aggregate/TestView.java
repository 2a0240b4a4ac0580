package dev.ddbstreams.aggregate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A minimal view for engine tests: source items {@code id} S, {@code group} S, {@code value} N; rows
 * keyed by {@code group} with {@code total} (sum of value) and {@code count}.
 */
final class TestView implements AggregateView {

    static final String SOURCE = "Things";

    @Override
    public String sourceName() {
        return SOURCE;
    }

    @Override
    public String groupAttribute() {
        return "group";
    }

    @Override
    public List<String> amountAttributes() {
        return List.of("total", "count");
    }

    @Override
    public String sourceKey(Map<String, AttributeValue> keys) {
        return ImageAttributes.keyString(keys, "Keys", "id");
    }

    @Override
    public Contribution contributionOf(Map<String, AttributeValue> image) {
        return new Contribution(ImageAttributes.keyString(image, "NewImage", "group"),
                Map.of("total", ImageAttributes.number(image, "NewImage", "value"), "count", BigDecimal.ONE));
    }

    static SourceChange insert(String id, String group, String value, String sequence) {
        return change(ChangeKind.INSERT, id, group, value, sequence);
    }

    static SourceChange modify(String id, String group, String value, String sequence) {
        return change(ChangeKind.MODIFY, id, group, value, sequence);
    }

    static SourceChange remove(String id, String sequence) {
        return new SourceChange(ChangeKind.REMOVE, Map.of("id", AttributeValue.fromS(id)), null,
                SequenceNumber.parse(sequence));
    }

    private static SourceChange change(ChangeKind kind, String id, String group, String value, String sequence) {
        return new SourceChange(kind, Map.of("id", AttributeValue.fromS(id)),
                Map.of("id", AttributeValue.fromS(id), "group", AttributeValue.fromS(group), "value", AttributeValue.fromN(value)),
                SequenceNumber.parse(sequence));
    }
}
