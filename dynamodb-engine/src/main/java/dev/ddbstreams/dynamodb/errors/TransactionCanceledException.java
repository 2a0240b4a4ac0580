package dev.ddbstreams.dynamodb.errors;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A transaction was cancelled; {@link #reasons()} has one entry per action, in the request's order, with
 * code {@code None} for the actions that did not cause it.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors">TransactWriteItems errors</a>
 */
public final class TransactionCanceledException extends DynamoDbException {

    private static final long serialVersionUID = 1L;

    private final transient List<CancellationReason> reasons;

    public TransactionCanceledException(List<CancellationReason> reasons) {
        // AWS's message lists the codes in order: "Transaction cancelled, please refer cancellation reasons
        // for specific reasons [None, ConditionalCheckFailed]".
        super("TransactionCanceledException", 400, "Transaction cancelled, please refer cancellation reasons for"
                + " specific reasons " + reasons.stream().map(CancellationReason::code)
                        .collect(Collectors.joining(", ", "[", "]")));
        this.reasons = List.copyOf(reasons);
    }

    public List<CancellationReason> reasons() {
        return reasons;
    }

    /**
     * One action's outcome. {@code message} and {@code item} may be null.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CancellationReason.html">CancellationReason</a>
     */
    public record CancellationReason(String code, String message, Map<String, AttributeValue> item) {

        public static CancellationReason none() {
            return new CancellationReason("None", null, null);
        }
    }
}
