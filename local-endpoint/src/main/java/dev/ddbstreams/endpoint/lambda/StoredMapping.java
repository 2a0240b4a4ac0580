package dev.ddbstreams.endpoint.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event source mapping as stored: the settings of CreateEventSourceMapping with AWS's defaults filled in, and its
 * state. Stream-only settings are {@code null} for SQS.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html">EventSourceMappingConfiguration</a>
 */
final class StoredMapping {
    public String uuid;
    public String eventSourceArn;
    public String functionName;
    public String functionArn;
    public String sourceKind;
    public boolean enabled = true;
    public int batchSize;
    public int maximumBatchingWindowInSeconds;
    public String startingPosition;
    public Long startingPositionTimestampMillis;
    public Integer maximumRetryAttempts;
    public Integer maximumRecordAgeInSeconds;
    public Boolean bisectBatchOnFunctionError;
    public Integer parallelizationFactor;
    public Integer tumblingWindowInSeconds;
    public String onFailureDestination;
    public List<String> filterPatterns = new ArrayList<>();
    public List<String> functionResponseTypes = new ArrayList<>();
    public Map<String, String> tags = new LinkedHashMap<>();
    public Integer maximumConcurrency;
    public String state;
    public String stateTransitionReason;
    public long lastModifiedMillis;

    boolean polledAsStream() {
        return !"sqs".equals(sourceKind);
    }
}
