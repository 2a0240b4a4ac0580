package dev.ddbstreams.wordcount;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ddbstreams.lambda.AwsClients;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.Env;
import dev.ddbstreams.lambda.StructuredLog;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Scenario 3, second half: for each {@code {"noteId": "..."}} message of the {@code word-count} queue,
 * reads the note (consistent read), counts its words and writes {@code wordCount} (env
 * {@code NOTES_TABLE}). A note deleted meanwhile is acknowledged. A message that is not such a body is
 * reported as a batch item failure; after {@code maxReceiveCount} receives the queue's redrive policy
 * moves it to the dead-letter queue.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Using Lambda with Amazon SQS</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">Partial batch responses for SQS</a>
 */
public final class WordCountQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final WordCountService service;

    /** Used by Lambda: builds the DynamoDB client once per execution environment. */
    public WordCountQueueHandler() {
        this(new WordCountService(
                new DynamoDbNoteStore(AwsClients.dynamoDb(), Env.required("NOTES_TABLE")),
                StructuredLog.of(WordCountQueueHandler.class)));
    }

    WordCountQueueHandler(WordCountService service) {
        this.service = service;
    }

    @Override
    @Tracing
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return BatchResponses.forQueue(event == null ? null : event.getRecords(), SQSEvent.SQSMessage::getMessageId,
                message -> service.countStoredNote(NoteMessage.parse(message.getBody()).noteId()));
    }
}
