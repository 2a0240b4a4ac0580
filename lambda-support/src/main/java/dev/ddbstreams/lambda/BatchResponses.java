package dev.ddbstreams.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a processor over every record of a batch and builds the partial batch response Lambda expects
 * when the mapping has {@code ReportBatchItemFailures}. No record is dropped silently: each failure is
 * logged with its identifier and reported.
 *
 * <p>Streams (DynamoDB, Kinesis): records are processed in order and processing stops at the first
 * failure. Lambda checkpoints before the lowest reported sequence number and delivers that record and
 * everything after it again, so carrying on would only apply later records ahead of an earlier one.
 *
 * <p>SQS: messages are independent; every message is tried and each failure is reported, so Lambda
 * deletes only the successes.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses for DynamoDB streams</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">Partial batch responses for SQS</a>
 */
public final class BatchResponses {

    private static final StructuredLog LOG = StructuredLog.of(BatchResponses.class);

    private BatchResponses() {
    }

    /**
     * Processes stream records in order until one fails.
     *
     * @param sequenceNumber the record's sequence number, its item identifier in the response
     */
    public static <R> StreamsEventResponse forStream(List<R> records, Function<R, String> sequenceNumber,
            RecordProcessor<R> processor) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(1);
        if (records != null) {
            for (R record : records) {
                Throwable failure = run(processor, record);
                if (failure != null) {
                    String id = safeIdentifier(sequenceNumber, record);
                    logFailure(id, failure);
                    // A null identifier is deliberate: Lambda then fails (and retries or bisects) the whole batch.
                    failures.add(new StreamsEventResponse.BatchItemFailure(id));
                    break;
                }
            }
        }
        return new StreamsEventResponse(failures);
    }

    /** Processes every SQS message and reports each one that failed by its message id. */
    public static <R> SQSBatchResponse forQueue(List<R> messages, Function<R, String> messageId,
            RecordProcessor<R> processor) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (messages != null) {
            for (R message : messages) {
                Throwable failure = run(processor, message);
                if (failure != null) {
                    String id = safeIdentifier(messageId, message);
                    logFailure(id, failure);
                    failures.add(new SQSBatchResponse.BatchItemFailure(id));
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static <R> Throwable run(RecordProcessor<R> processor, R record) {
        try {
            processor.process(record);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static <R> String safeIdentifier(Function<R, String> identifier, R record) {
        try {
            return identifier.apply(record);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void logFailure(String id, Throwable failure) {
        LOG.error("record failed", Map.of(
                "itemIdentifier", String.valueOf(id),
                "errorType", failure.getClass().getName(),
                "errorMessage", String.valueOf(failure.getMessage())));
    }
}
