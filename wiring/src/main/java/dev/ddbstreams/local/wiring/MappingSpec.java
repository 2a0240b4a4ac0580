package dev.ddbstreams.local.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * An event source mapping with every setting Lambda has for it. Stream-only settings are ignored for
 * SQS sources. {@code filters} are EventBridge-style patterns (a record is delivered when any matches);
 * {@code -1} means "no limit" for retries and record age, as in the Lambda API.
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
        List<JsonNode> filters) {

    public MappingSpec {
        filters = List.copyOf(Objects.requireNonNullElse(filters, List.of()));
        maximumRetryAttempts = Objects.requireNonNullElse(maximumRetryAttempts, -1);
        maximumRecordAgeInSeconds = Objects.requireNonNullElse(maximumRecordAgeInSeconds, -1);
    }
}
