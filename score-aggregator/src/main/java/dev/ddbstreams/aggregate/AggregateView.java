package dev.ddbstreams.aggregate;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Defines one materialised view over a source table: which ledger entry a source item owns, what the item
 * contributes to which aggregate row, and which attributes of that row are sums. The
 * {@link IdempotentAggregator} does the rest (ledger, deltas, transactions) the same way for every view.
 *
 * <p>Implementations are pure functions of the stream record's keys and image: no I/O, no clock.
 */
public interface AggregateView {

    /** The source table's logical name, the prefix of its ledger keys (e.g. {@code GameScoreRecords}). */
    String sourceName();

    /** The aggregate table's partition key attribute (e.g. {@code Username}). */
    String groupAttribute();

    /** Every summed attribute of an aggregate row; a row whose sums are all zero has no contributors left. */
    List<String> amountAttributes();

    /**
     * @param keys the stream record's {@code Keys}
     * @return the source item's identity, unique within this view's source table
     * @throws MalformedRecordException when a key attribute is missing or wrong-typed
     */
    String sourceKey(Map<String, AttributeValue> keys);

    /**
     * @param image the item as it is now (the stream record's {@code NewImage})
     * @return what the item contributes; its amounts use only {@link #amountAttributes()}
     * @throws MalformedRecordException when an aggregated attribute is missing, wrong-typed or not storable
     */
    Contribution contributionOf(Map<String, AttributeValue> image);
}
