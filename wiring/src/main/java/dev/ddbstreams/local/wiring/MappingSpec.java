package dev.ddbstreams.local.wiring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An event source mapping with every setting Lambda has for it. Stream-only settings are ignored for
 * SQS sources. {@code filters} are EventBridge-style patterns (a record is delivered when any matches);
 * {@code -1} means "no limit" for retries and record age, as in the Lambda API. {@code reportBatchItemFailures} is
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}: Terraform sets it on every mapping of the wiring, so it is
 * on unless said otherwise (a mapping created through the Lambda API without it).
 *
 * <p>A mapping created through the Lambda API also carries the ARN it invokes ({@code invokedFunctionArn}, its
 * {@code FunctionArn}: what the function sees as its invoked function ARN; {@code null} for the wiring's own mappings,
 * which invoke by the function's ARN) and, through an alias with weighted routing, the additional version's
 * deployment and weight ({@code additionalFunctionWeights}, empty otherwise): the pollers route each batch by them
 * with the Lambda control plane's rule.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html">CreateAlias (RoutingConfig)</a>
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
        @JsonIgnore Boolean reportBatchItemFailures,
        @JsonIgnore String invokedFunctionArn,
        @JsonIgnore Map<String, Double> additionalFunctionWeights) {

    public MappingSpec {
        reportBatchItemFailures = Objects.requireNonNullElse(reportBatchItemFailures, Boolean.TRUE);
        additionalFunctionWeights = Map.copyOf(Objects.requireNonNullElse(additionalFunctionWeights, Map.of()));
        filters = List.copyOf(Objects.requireNonNullElse(filters, List.of()));
        maximumRetryAttempts = Objects.requireNonNullElse(maximumRetryAttempts, -1);
        maximumRecordAgeInSeconds = Objects.requireNonNullElse(maximumRecordAgeInSeconds, -1);
    }

    /** A mapping that reports batch item failures, as every mapping of the wiring does. */
    public MappingSpec(int scenario, String function, SourceSpec source, String startingPosition, int batchSize,
            int maximumBatchingWindowInSeconds, Integer maximumRetryAttempts, boolean bisectBatchOnFunctionError,
            Integer maximumRecordAgeInSeconds, String onFailureQueue, List<JsonNode> filters) {
        this(scenario, function, source, startingPosition, batchSize, maximumBatchingWindowInSeconds,
                maximumRetryAttempts, bisectBatchOnFunctionError, maximumRecordAgeInSeconds, onFailureQueue, filters, null,
                null, null);
    }
}
