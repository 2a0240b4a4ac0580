package dev.ddbstreams.endpoint.alarms;

import java.util.List;

/** The metric alarms as snapshotted. */
public record AlarmState(List<MetricAlarm> alarms) {
    public AlarmState {
        alarms = List.copyOf(alarms == null ? List.of() : alarms);
    }
}
