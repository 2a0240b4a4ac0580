package dev.ddbstreams.aggregate;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of a source item, as a stream record with view type {@code NEW_IMAGE} describes it.
 *
 * @param kind           INSERT, MODIFY or REMOVE
 * @param keys           the item's key attributes (present on every record)
 * @param newImage       the item after the change; empty for REMOVE (NEW_IMAGE streams carry no old image)
 * @param sequenceNumber the record's position in the stream: the order of changes to one item
 */
public record SourceChange(ChangeKind kind, Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage,
        SequenceNumber sequenceNumber) {

    public SourceChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        newImage = newImage == null ? Map.of() : Map.copyOf(newImage);
    }
}
