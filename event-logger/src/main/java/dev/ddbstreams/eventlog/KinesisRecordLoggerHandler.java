package dev.ddbstreams.eventlog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.StructuredLog;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Scenario 7: logs the decoded payload of each record of the {@code Lab-Stream} Kinesis stream (seed
 * 003's kinesis-process-record blueprint), text as text and binary as base64.
 *
 * @see KinesisRecordLogger
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/kinesis-batchfailurereporting.html">Partial batch responses for Kinesis</a>
 */
public final class KinesisRecordLoggerHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    private final KinesisRecordLogger logger;

    public KinesisRecordLoggerHandler() {
        this(new KinesisRecordLogger(StructuredLog.of(KinesisRecordLoggerHandler.class)));
    }

    KinesisRecordLoggerHandler(KinesisRecordLogger logger) {
        this.logger = logger;
    }

    @Override
    @Tracing
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return BatchResponses.forStream(event == null ? null : event.getRecords(), KinesisPayloads::sequenceNumber,
                record -> logger.log(KinesisPayloads.from(record)));
    }
}
