package dev.ddbstreams.endpoint.logs;

import java.util.List;
import java.util.Map;

/**
 * Log groups and streams as snapshotted (events live in the append-only journal, not here).
 */
public record LogsState(List<Group> groups) {
    public LogsState {
        groups = List.copyOf(groups == null ? List.of() : groups);
    }

    /** A log group's settings and its streams' names and creation times. */
    public record Group(String name, long creationTime, String logGroupClass, Integer retentionInDays,
                        Map<String, String> tags, Map<String, Long> streams) {
    }
}
