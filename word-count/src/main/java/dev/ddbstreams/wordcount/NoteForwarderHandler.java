package dev.ddbstreams.wordcount;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.AwsClients;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.Env;
import dev.ddbstreams.lambda.StructuredLog;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Scenario 3, first half: forwards the id of each note that needs counting from the {@code notes}
 * stream to the {@code word-count} queue (env {@code WORD_COUNT_QUEUE_URL}).
 *
 * @see NoteForwarder
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses for DynamoDB streams</a>
 */
public final class NoteForwarderHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final NoteForwarder forwarder;

    /** Used by Lambda: builds the SQS client once per execution environment. */
    public NoteForwarderHandler() {
        this(new NoteForwarder(
                new SqsWordCountQueue(AwsClients.sqs(), Env.required("WORD_COUNT_QUEUE_URL")),
                StructuredLog.of(NoteForwarderHandler.class)));
    }

    NoteForwarderHandler(NoteForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    @Tracing
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return BatchResponses.forStream(event == null ? null : event.getRecords(), NoteChanges::sequenceNumber,
                record -> forwarder.forward(NoteChanges.from(record)));
    }
}
