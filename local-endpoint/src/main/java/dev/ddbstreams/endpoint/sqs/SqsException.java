package dev.ddbstreams.endpoint.sqs;

import java.util.Map;

/**
 * An SQS error as AWS names it in both of SQS's protocols. SQS is {@code awsQueryCompatible}: in AWS JSON 1.0 the body's
 * {@code __type} is the error shape ({@code QueueDoesNotExist}) and the {@code x-amzn-query-error} header carries the
 * query protocol's code ({@code AWS.SimpleQueueService.NonExistentQueue;Sender}); in the query protocol the code alone
 * appears in {@code <Error><Code>}. The pairs below are those AWS returns, as recorded against AWS in LocalStack's
 * {@code tests/aws/services/sqs/test_sqs.snapshot.json} (boto's {@code Code} / {@code QueryErrorCode}).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html">SQS common errors</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html">SQS AWS JSON protocol FAQ (x-amzn-query-error)</a>
 */
public final class SqsException extends RuntimeException {
    /** JSON shape name -> query protocol code, where they differ. */
    private static final Map<String, String> QUERY_CODES = Map.ofEntries(
            Map.entry("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"),
            Map.entry("QueueNameExists", "QueueAlreadyExists"),
            Map.entry("InvalidParameterValueException", "InvalidParameterValue"),
            Map.entry("MissingRequiredParameterException", "MissingParameter"),
            Map.entry("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
            Map.entry("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
            Map.entry("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
            Map.entry("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
            Map.entry("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
            Map.entry("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"),
            Map.entry("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"),
            Map.entry("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently"),
            Map.entry("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"));
    /** Names some servers (ElasticMQ) use for a shape, and the shape AWS uses. */
    private static final Map<String, String> SHAPE_ALIASES = Map.of(
            "InvalidParameterValue", "InvalidParameterValueException",
            "MissingParameter", "MissingRequiredParameterException",
            "QueueAlreadyExists", "QueueNameExists",
            "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist");

    private final String shape;
    private final int status;
    private final String queryMessage;

    public SqsException(String shape, int status, String message) {
        this(shape, status, message, message);
    }

    private SqsException(String shape, int status, String message, String queryMessage) {
        super(message, null, false, false);
        this.shape = SHAPE_ALIASES.getOrDefault(shape, shape);
        this.status = status;
        this.queryMessage = queryMessage;
    }

    /** The error shape, {@code __type} in AWS JSON (without the {@code com.amazonaws.sqs#} namespace). */
    public String shape() {
        return shape;
    }

    /** The query protocol's error code, also the code of {@code x-amzn-query-error}. */
    public String queryCode() {
        return QUERY_CODES.getOrDefault(shape, shape);
    }

    public int status() {
        return status;
    }

    /** The message of a query-protocol answer (AWS words a few differently from their JSON form). */
    public String queryMessage() {
        return queryMessage;
    }

    /** Every SQS error of a request is the caller's, except an internal failure. */
    public boolean sender() {
        return status < 500;
    }

    /**
     * The queue does not exist. AWS's JSON message is "The specified queue does not exist."; its query message adds
     * "for this wsdl version." (recorded in LocalStack's snapshot, test_non_existent_queue).
     */
    public static SqsException nonExistentQueue() {
        return new SqsException("QueueDoesNotExist", 400, "The specified queue does not exist.",
                "The specified queue does not exist for this wsdl version.");
    }

    /** An error named by another server (ElasticMQ), re-expressed with AWS's shape and code. */
    public static SqsException fromBackend(String shapeOrCode, int status, String message) {
        String shape = shapeOrCode.substring(shapeOrCode.indexOf('#') + 1);
        if (SHAPE_ALIASES.getOrDefault(shape, shape).equals("QueueDoesNotExist")) {
            return nonExistentQueue();
        }
        return new SqsException(shape, status, message == null || message.isBlank() ? shape : message);
    }

    /** "Unknown Attribute X." (InvalidAttributeName), as AWS answers a name it does not know. */
    public static SqsException unknownAttribute(String name) {
        return new SqsException("InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
    }

    /** "Invalid value for the parameter X." with AWS's reason when there is one (InvalidAttributeValue). */
    public static SqsException invalidAttributeValue(String name, String reason) {
        return new SqsException("InvalidAttributeValue", 400,
                "Invalid value for the parameter " + name + "." + (reason == null ? "" : " Reason: " + reason));
    }

    /** "Value v for parameter X is invalid. Reason: r" (InvalidParameterValue). */
    public static SqsException invalidParameterValue(String name, String value, String reason) {
        return new SqsException("InvalidParameterValueException", 400,
                "Value " + value + " for parameter " + name + " is invalid. Reason: " + reason);
    }

    public static SqsException missingParameter(String name) {
        return new SqsException("MissingRequiredParameterException", 400, "The request must contain the parameter " + name + ".");
    }
}
