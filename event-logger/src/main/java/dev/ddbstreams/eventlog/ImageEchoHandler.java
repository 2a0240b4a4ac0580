package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.StructuredLog;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Scenario 5: the "echo" of seed 002. Logs the new image of each record of the {@code StoreOrders}
 * NEW_IMAGE stream, and the keys of each REMOVE.
 *
 * @see ImageEchoLogger
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses for DynamoDB streams</a>
 */
public final class ImageEchoHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ImageEchoLogger logger;

    public ImageEchoHandler() {
        this(new ImageEchoLogger(StructuredLog.of(ImageEchoHandler.class)));
    }

    ImageEchoHandler(ImageEchoLogger logger) {
        this.logger = logger;
    }

    @Override
    @Tracing
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return BatchResponses.forStream(event == null ? null : event.getRecords(), ChangeRecords::sequenceNumber,
                record -> logger.log(ChangeRecords.from(record)));
    }
}
