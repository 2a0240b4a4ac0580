package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a function's response the way Lambda does for a mapping with {@code ReportBatchItemFailures}.
 *
 * <p>Complete success: no response, {@code null}, an empty object or any JSON object without
 * {@code batchItemFailures}, a {@code null} or empty {@code batchItemFailures} list, and any other JSON value
 * (a string, a number, a list): none of them is a failure report. Complete failure: an item whose
 * {@code itemIdentifier} is missing (e.g. a misspelt key), {@code null}, empty, not a string, or not the
 * identifier of a record in the batch; a {@code batchItemFailures} that is not a list. A response that is not
 * JSON at all is a complete failure for SQS (AWS lists "an invalid JSON response" among SQS's failure cases)
 * and a success for streams (AWS's stream documentation lists only identifier problems).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses for DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">Partial batch responses for SQS</a>
 */
final class BatchItemFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the response reads. */
    enum Kind { ALL_SUCCEEDED, SOME_FAILED, ALL_FAILED }

    /**
     * @param kind      the verdict
     * @param failedIds the reported identifiers, in report order, for {@link Kind#SOME_FAILED}
     * @param reason    why the whole batch failed, for {@link Kind#ALL_FAILED}
     */
    record Result(Kind kind, Set<String> failedIds, String reason) {

        static final Result SUCCESS = new Result(Kind.ALL_SUCCEEDED, Set.of(), null);

        static Result allFailed(String reason) {
            return new Result(Kind.ALL_FAILED, Set.of(), reason);
        }
    }

    private BatchItemFailures() {
    }

    /**
     * @param response         the function's response payload (may be {@code null})
     * @param batchIds         the identifiers of the records in the batch (sequence numbers or message ids)
     * @param invalidJsonFails whether a response that is not JSON fails the batch (SQS) or not (streams)
     */
    static Result parse(String response, Set<String> batchIds, boolean invalidJsonFails) {
        if (response == null || response.isBlank()) {
            return Result.SUCCESS;
        }
        JsonNode root;
        try {
            root = JSON.readTree(response);
        } catch (IOException e) {
            return invalidJsonFails ? Result.allFailed("the response is not valid JSON") : Result.SUCCESS;
        }
        if (root == null || !root.isObject()) {
            return Result.SUCCESS;
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Result.SUCCESS;
        }
        if (!failures.isArray()) {
            return Result.allFailed("batchItemFailures is not a list");
        }
        if (failures.isEmpty()) {
            return Result.SUCCESS;
        }
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode item : failures) {
            JsonNode identifier = item == null ? null : item.get("itemIdentifier");
            if (identifier == null || identifier.isNull()) {
                return Result.allFailed("a batch item failure has no itemIdentifier");
            }
            if (!identifier.isTextual() || identifier.asText().isEmpty()) {
                return Result.allFailed("a batch item failure has an empty or non-string itemIdentifier: " + identifier);
            }
            if (!batchIds.contains(identifier.asText())) {
                return Result.allFailed("itemIdentifier " + identifier.asText() + " is not a record of the batch");
            }
            failed.add(identifier.asText());
        }
        return new Result(Kind.SOME_FAILED, failed, null);
    }
}
