package dev.ddbstreams.scores;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.aggregate.IdempotentAggregator;
import dev.ddbstreams.aggregate.StreamAggregation;
import dev.ddbstreams.lambda.AwsClients;
import dev.ddbstreams.lambda.Env;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Keeps {@code OrderTotals} equal to the quantity, revenue and order count per {@code item} over the
 * {@code StoreOrders} stream (NEW_IMAGE), exactly once per change (see {@link IdempotentAggregator}).
 *
 * <p>Environment: {@code ORDER_TOTALS_TABLE}, {@code LEDGER_TABLE}. The mapping must enable
 * {@code ReportBatchItemFailures}.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB streams</a>
 */
public class OrderTotalsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final IdempotentAggregator aggregator;

    public OrderTotalsHandler() {
        this(AwsClients.dynamoDb(), Env.required("ORDER_TOTALS_TABLE"), Env.required("LEDGER_TABLE"));
    }

    OrderTotalsHandler(DynamoDbClient dynamoDb, String orderTotalsTable, String ledgerTable) {
        this(IdempotentAggregator.onDynamoDb(new OrderTotalsView(), dynamoDb, orderTotalsTable, ledgerTable));
    }

    OrderTotalsHandler(IdempotentAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Tracing
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamAggregation.handle(event, aggregator);
    }
}
