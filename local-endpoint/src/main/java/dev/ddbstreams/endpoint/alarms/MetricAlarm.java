package dev.ddbstreams.endpoint.alarms;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A stored metric alarm: its configuration as {@code PutMetricAlarm} gave it (members typed as the model types them),
 * its state (always {@code INSUFFICIENT_DATA}: no metrics are evaluated here) and its tags.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html">MetricAlarm</a>
 */
public record MetricAlarm(String alarmName, String alarmArn, ObjectNode configuration, String stateValue, String stateReason,
                          long stateUpdatedMillis, long configurationUpdatedMillis, Map<String, String> tags) {
    public MetricAlarm {
        tags = Map.copyOf(tags == null ? Map.of() : tags);
    }

    public MetricAlarm withTags(Map<String, String> newTags) {
        return new MetricAlarm(alarmName, alarmArn, configuration, stateValue, stateReason, stateUpdatedMillis,
                configurationUpdatedMillis, newTags);
    }
}
