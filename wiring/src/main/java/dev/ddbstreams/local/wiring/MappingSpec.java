package dev.ddbstreams.local.wiring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * An event source mapping with every setting Lambda has for it. Stream-only settings are ignored for
 * SQS sources. {@code filters} are EventBridge-style patterns (a record is delivered when any matches);
 * {@code -1} means "no limit" for retries and record age, as in the Lambda API. {@code reportBatchItemFailures} is
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}: Terraform sets it on every mapping of the wiring, so it is
 * on unless said otherwise (a mapping created through the Lambda API without it).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping</a>
 */
public record MappingSpec(
        int scenario,
        String function,
        SourceSpec source,
        String startingPosition,
        int batchSize,
        int maximumBatchingWindowInSeconds,
        Integer maximumRetryAttempts,
        boolean bisectBatchOnFunctionError,
        Integer maximumRecordAgeInSeconds,
        String onFailureQueue,
        List<JsonNode> filters,
        // Not a wiring.json field (Wiring.parse refuses it): every mapping of the wiring reports batch item failures,
        // as Terraform sets it on each; a mapping created through the Lambda API carries its own FunctionResponseTypes.
        @JsonIgnore Boolean reportBatchItemFailures) {

    public MappingSpec {
        reportBatchItemFailures = Objects.requireNonNullElse(reportBatchItemFailures, Boolean.TRUE);
        filters = List.copyOf(Objects.requireNonNullElse(filters, List.of()));
        maximumRetryAttempts = Objects.requireNonNullElse(maximumRetryAttempts, -1);
        maximumRecordAgeInSeconds = Objects.requireNonNullElse(maximumRecordAgeInSeconds, -1);
    }

    /** A mapping that reports batch item failures, as every mapping of the wiring does. */
    public MappingSpec(int scenario, String function, SourceSpec source, String startingPosition, int batchSize,
            int maximumBatchingWindowInSeconds, Integer maximumRetryAttempts, boolean bisectBatchOnFunctionError,
            Integer maximumRecordAgeInSeconds, String onFailureQueue, List<JsonNode> filters) {
        this(scenario, function, source, startingPosition, batchSize, maximumBatchingWindowInSeconds,
                maximumRetryAttempts, bisectBatchOnFunctionError, maximumRecordAgeInSeconds, onFailureQueue, filters, null);
    }
}
