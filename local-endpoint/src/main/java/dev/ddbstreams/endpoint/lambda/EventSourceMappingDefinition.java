package dev.ddbstreams.endpoint.lambda;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An event source mapping as the Lambda control plane hands it to the poller host ({@link EventSourceMappingHost}):
 * every setting of CreateEventSourceMapping the project's mappings use, already validated and with AWS's defaults
 * filled in. Stream-only settings are {@code null} for SQS sources.
 *
 * @param uuid                           the mapping's UUID (its identity; checkpoints are kept under it)
 * @param eventSourceArn                 a DynamoDB stream, Kinesis stream or SQS queue ARN
 * @param functionName                   the function deployment the mapping invokes ({@link FunctionDefinition#deployment()}):
 *                                       the function's name for {@code $LATEST}, {@code <name>:<version>} for a version
 *                                       or for the version an alias points at (an alias change applies the mapping again)
 * @param additionalFunctionWeights      for a mapping through an alias with {@code RoutingConfig.AdditionalVersionWeights}:
 *                                       the additional version's deployment and its weight; each batch runs the deployment
 *                                       {@link AliasRouting} picks from these. Empty otherwise
 * @param functionArn                    the function's ARN as {@code FunctionName} gave it (qualified for a version or alias):
 *                                       the ARN the mapping invokes, which the function sees as its invoked function ARN
 * @param enabled                        {@code Enabled}: whether it polls
 * @param batchSize                      {@code BatchSize}
 * @param maximumBatchingWindowInSeconds {@code MaximumBatchingWindowInSeconds}
 * @param startingPosition               {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP} (streams)
 * @param startingPositionTimestamp      for {@code AT_TIMESTAMP}
 * @param maximumRetryAttempts           {@code -1} for unlimited (streams)
 * @param maximumRecordAgeInSeconds      {@code -1} for unlimited (streams)
 * @param bisectBatchOnFunctionError     (streams)
 * @param parallelizationFactor          (streams; 1 unless set)
 * @param tumblingWindowInSeconds        (streams; 0 unless set)
 * @param onFailureDestinationArn        {@code DestinationConfig.OnFailure.Destination}: an SQS queue ARN, or {@code null}
 * @param filterPatterns                 {@code FilterCriteria.Filters[].Pattern}, each EventBridge-pattern JSON
 * @param functionResponseTypes          e.g. {@code ReportBatchItemFailures}
 * @param tags                           the mapping's tags ({@code ddbstreams:mapping} names a wiring mapping)
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping</a>
 */
public record EventSourceMappingDefinition(String uuid, String eventSourceArn, String functionName,
                                           Map<String, Double> additionalFunctionWeights, String functionArn,
                                           boolean enabled, int batchSize, int maximumBatchingWindowInSeconds,
                                           String startingPosition, Instant startingPositionTimestamp,
                                           Integer maximumRetryAttempts, Integer maximumRecordAgeInSeconds,
                                           Boolean bisectBatchOnFunctionError, Integer parallelizationFactor,
                                           Integer tumblingWindowInSeconds, String onFailureDestinationArn,
                                           List<String> filterPatterns, Set<String> functionResponseTypes,
                                           Map<String, String> tags) {

    /** The tag that carries the wiring's name for a mapping the local provisioner created. */
    public static final String WIRING_NAME_TAG = "ddbstreams:mapping";

    public EventSourceMappingDefinition {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(eventSourceArn, "eventSourceArn");
        Objects.requireNonNull(functionName, "functionName");
        additionalFunctionWeights = Map.copyOf(Objects.requireNonNullElse(additionalFunctionWeights, Map.of()));
        filterPatterns = List.copyOf(Objects.requireNonNullElse(filterPatterns, List.of()));
        functionResponseTypes = Set.copyOf(Objects.requireNonNullElse(functionResponseTypes, Set.of()));
        tags = Map.copyOf(Objects.requireNonNullElse(tags, Map.of()));
    }
}
