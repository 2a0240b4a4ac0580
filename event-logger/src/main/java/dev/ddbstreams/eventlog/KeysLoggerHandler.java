package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.StructuredLog;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Scenario 4: logs the keys of each record of the {@code Orders} table's KEYS_ONLY stream (seed 001),
 * one JSON line per record. A record without keys is reported as a batch item failure.
 *
 * @see KeysLogger
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB</a>
 */
public final class KeysLoggerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final KeysLogger logger;

    public KeysLoggerHandler() {
        this(new KeysLogger(StructuredLog.of(KeysLoggerHandler.class)));
    }

    KeysLoggerHandler(KeysLogger logger) {
        this.logger = logger;
    }

    @Override
    @Tracing
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return BatchResponses.forStream(event == null ? null : event.getRecords(), ChangeRecords::sequenceNumber,
                record -> logger.log(ChangeRecords.from(record)));
    }
}
