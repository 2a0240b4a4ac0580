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
 * Scenario 2: counts the words of each note straight from the {@code notes} stream and writes
 * {@code wordCount} on the note (env {@code NOTES_TABLE}). Every record of the batch is handled: REMOVE
 * and already-counted records (including this function's own MODIFY) are acknowledged without a write,
 * and a malformed record is reported as a batch item failure.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses for DynamoDB streams</a>
 */
public final class WordCountStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final WordCountService service;

    /** Used by Lambda: builds the DynamoDB client once per execution environment. */
    public WordCountStreamHandler() {
        this(new WordCountService(
                new DynamoDbNoteStore(AwsClients.dynamoDb(), Env.required("NOTES_TABLE")),
                StructuredLog.of(WordCountStreamHandler.class)));
    }

    WordCountStreamHandler(WordCountService service) {
        this.service = service;
    }

    @Override
    @Tracing
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return BatchResponses.forStream(event == null ? null : event.getRecords(), NoteChanges::sequenceNumber,
                record -> service.countChange(NoteChanges.from(record)));
    }
}
