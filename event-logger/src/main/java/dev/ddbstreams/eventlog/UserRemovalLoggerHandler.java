package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.StructuredLog;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Scenario 9: logs each user removed from the {@code Users} table (seed 004), with the e-mail address
 * masked. The mapping delivers REMOVE records only (filter {@code {"eventName": ["REMOVE"]}}).
 *
 * @see UserRemovalLogger
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-filtering.html">Filtering DynamoDB events</a>
 */
public final class UserRemovalLoggerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final UserRemovalLogger logger;

    public UserRemovalLoggerHandler() {
        this(new UserRemovalLogger(StructuredLog.of(UserRemovalLoggerHandler.class)));
    }

    UserRemovalLoggerHandler(UserRemovalLogger logger) {
        this.logger = logger;
    }

    @Override
    @Tracing
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return BatchResponses.forStream(event == null ? null : event.getRecords(), ChangeRecords::sequenceNumber,
                record -> logger.log(ChangeRecords.from(record)));
    }
}
