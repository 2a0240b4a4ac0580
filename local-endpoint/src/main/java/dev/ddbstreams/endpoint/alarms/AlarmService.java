package dev.ddbstreams.endpoint.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.persistence.SnapshotStore;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CloudWatch metric alarms, stored and never evaluated: each alarm stays {@code INSUFFICIENT_DATA} with the reason AWS
 * gives a new alarm. Re-putting an alarm replaces its configuration (tags are kept; new tags are added).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html">DescribeAlarms</a>
 */
public final class AlarmService {
    static final String INITIAL_STATE_REASON = "Unchecked: Initial alarm creation";
    private static final Set<String> COMPARISONS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
            "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
            "LessThanLowerThreshold", "GreaterThanUpperThreshold");
    private static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    private static final Set<String> TREAT_MISSING = Set.of("breaching", "notBreaching", "ignore", "missing");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final SnapshotStore<AlarmState> store;
    private final Map<String, MetricAlarm> alarms = new TreeMap<>();

    public AlarmService(String region, String accountId, Clock clock, SnapshotStore<AlarmState> store) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.store = store;
        store.load().ifPresent(state -> state.alarms().forEach(alarm -> alarms.put(alarm.alarmName(), alarm)));
    }

    /** Creates or replaces an alarm from its (typed) configuration; {@code Tags} are applied to the alarm. */
    public synchronized MetricAlarm putMetricAlarm(ObjectNode configuration, Map<String, String> tags) {
        String name = required(configuration, "AlarmName");
        if (name.isEmpty() || name.length() > 255) {
            throw invalid("The parameter AlarmName must be between 1 and 255 characters long.");
        }
        JsonNode evaluationPeriods = configuration.get("EvaluationPeriods");
        if (evaluationPeriods == null) {
            throw missing("EvaluationPeriods");
        }
        if (evaluationPeriods.asInt() < 1) {
            throw invalid("The parameter EvaluationPeriods must be greater than or equal to 1.");
        }
        String comparison = required(configuration, "ComparisonOperator");
        if (!COMPARISONS.contains(comparison)) {
            throw invalid("The parameter ComparisonOperator must be a value in the set " + COMPARISONS + ".");
        }
        boolean singleMetric = configuration.hasNonNull("MetricName");
        boolean metricMath = configuration.has("Metrics") && configuration.get("Metrics").size() > 0;
        if (singleMetric == metricMath) {
            throw new AwsServiceException("InvalidParameterCombination", 400,
                    "Exactly one of MetricName and Metrics must be specified.");
        }
        if (singleMetric) {
            required(configuration, "Namespace");
            boolean statistic = configuration.hasNonNull("Statistic");
            if (statistic == configuration.hasNonNull("ExtendedStatistic")) {
                throw new AwsServiceException("InvalidParameterCombination", 400,
                        "Exactly one of Statistic and ExtendedStatistic must be specified.");
            }
            if (statistic && !STATISTICS.contains(configuration.get("Statistic").asText())) {
                throw invalid("The parameter Statistic must be a value in the set " + STATISTICS + ".");
            }
            if (!configuration.hasNonNull("Period")) {
                throw missing("Period");
            }
        }
        if (configuration.hasNonNull("TreatMissingData") && !TREAT_MISSING.contains(configuration.get("TreatMissingData").asText())) {
            throw invalid("The parameter TreatMissingData must be one of breaching, notBreaching, ignore, missing.");
        }
        long now = clock.millis();
        MetricAlarm previous = alarms.get(name);
        Map<String, String> mergedTags = new LinkedHashMap<>(previous == null ? Map.of() : previous.tags());
        mergedTags.putAll(tags);
        ObjectNode stored = configuration.deepCopy();
        stored.remove("Tags");
        MetricAlarm alarm = new MetricAlarm(name, "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + name, stored,
                previous == null ? "INSUFFICIENT_DATA" : previous.stateValue(),
                previous == null ? INITIAL_STATE_REASON : previous.stateReason(),
                previous == null ? now : previous.stateUpdatedMillis(), now, mergedTags);
        alarms.put(name, alarm);
        save();
        return alarm;
    }

    /** Alarms by name, or whose name starts with a prefix, or all, in name order. */
    public synchronized List<MetricAlarm> describeAlarms(List<String> names, String prefix, String stateValue) {
        if (!names.isEmpty() && prefix != null) {
            throw new AwsServiceException("InvalidParameterCombination", 400,
                    "AlarmNamePrefix and AlarmNames cannot be used together.");
        }
        return alarms.values().stream()
                .filter(a -> names.isEmpty() || names.contains(a.alarmName()))
                .filter(a -> prefix == null || a.alarmName().startsWith(prefix))
                .filter(a -> stateValue == null || a.stateValue().equals(stateValue)).toList();
    }

    /**
     * Deletes the named alarms. Names that do not exist are ignored: AWS's DeleteAlarms does not fail for an alarm that
     * does not exist (observed by AWS CloudFormation's resource-provider team,
     * github.com/aws-cloudformation/cloudformation-cli/issues/456).
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html">DeleteAlarms</a>
     */
    public synchronized void deleteAlarms(List<String> names) {
        if (names.isEmpty()) {
            throw missing("AlarmNames");
        }
        names.forEach(alarms::remove);
        save();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_TagResource.html">TagResource</a> */
    public synchronized void tag(String arn, Map<String, String> tags) {
        MetricAlarm alarm = byArn(arn);
        Map<String, String> merged = new LinkedHashMap<>(alarm.tags());
        merged.putAll(tags);
        alarms.put(alarm.alarmName(), alarm.withTags(merged));
        save();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_UntagResource.html">UntagResource</a> */
    public synchronized void untag(String arn, List<String> keys) {
        MetricAlarm alarm = byArn(arn);
        Map<String, String> remaining = new LinkedHashMap<>(alarm.tags());
        keys.forEach(remaining::remove);
        alarms.put(alarm.alarmName(), alarm.withTags(remaining));
        save();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListTagsForResource.html">ListTagsForResource</a> */
    public synchronized Map<String, String> tags(String arn) {
        return byArn(arn).tags();
    }

    private MetricAlarm byArn(String arn) {
        if (arn == null) {
            throw missing("ResourceARN");
        }
        return alarms.values().stream().filter(a -> a.alarmArn().equals(arn)).findFirst()
                .orElseThrow(() -> new AwsServiceException("ResourceNotFoundException", 404,
                        "The specified resource " + arn + " does not exist."));
    }

    private static String required(ObjectNode configuration, String name) {
        JsonNode value = configuration.get(name);
        if (value == null || value.isNull()) {
            throw missing(name);
        }
        return value.asText();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html">CloudWatch common errors</a> */
    static AwsServiceException missing(String name) {
        return new AwsServiceException("MissingParameter", 400, "The parameter " + name + " is required.");
    }

    static AwsServiceException invalid(String message) {
        return new AwsServiceException("InvalidParameterValue", 400, message);
    }

    private void save() {
        store.save(new AlarmState(List.copyOf(alarms.values())));
    }
}
