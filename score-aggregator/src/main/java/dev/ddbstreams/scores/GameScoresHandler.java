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
 * Keeps {@code GameScoresByUser} equal to the sum of {@code Score} per {@code Username} over the
 * {@code GameScoreRecords} stream (NEW_IMAGE), exactly once per change (see {@link IdempotentAggregator}).
 *
 * <p>Environment: {@code GAME_SCORES_BY_USER_TABLE}, {@code LEDGER_TABLE}. The mapping must enable
 * {@code ReportBatchItemFailures}.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB streams</a>
 */
public class GameScoresHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final IdempotentAggregator aggregator;

    public GameScoresHandler() {
        this(AwsClients.dynamoDb(), Env.required("GAME_SCORES_BY_USER_TABLE"), Env.required("LEDGER_TABLE"));
    }

    GameScoresHandler(DynamoDbClient dynamoDb, String gameScoresByUserTable, String ledgerTable) {
        this(IdempotentAggregator.onDynamoDb(new GameScoresView(), dynamoDb, gameScoresByUserTable, ledgerTable));
    }

    GameScoresHandler(IdempotentAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Tracing
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamAggregation.handle(event, aggregator);
    }
}
