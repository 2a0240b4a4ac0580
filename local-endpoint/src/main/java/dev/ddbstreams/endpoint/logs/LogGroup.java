package dev.ddbstreams.endpoint.logs;

import java.util.Map;
import java.util.TreeMap;

/**
 * A log group: retention, tags and its streams by name. Owned and locked by {@link LogsService}.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html">LogGroup</a>
 */
final class LogGroup {
    final String name;
    final long creationTime;
    final String logGroupClass;
    Integer retentionInDays;
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, LogStream> streams = new TreeMap<>();

    LogGroup(String name, long creationTime, String logGroupClass) {
        this.name = name;
        this.creationTime = creationTime;
        this.logGroupClass = logGroupClass;
    }

    long storedBytes() {
        return streams.values().stream().mapToLong(stream -> stream.storedBytes).sum();
    }
}
