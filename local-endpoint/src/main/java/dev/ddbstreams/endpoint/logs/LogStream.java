package dev.ddbstreams.endpoint.logs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A log stream and its events, kept in timestamp order (events of equal timestamps in arrival order), as
 * {@code GetLogEvents} returns them. Owned and locked by {@link LogsService}.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogStream.html">LogStream</a>
 */
final class LogStream {
    final String name;
    final long creationTime;
    final List<LogEvent> events = new ArrayList<>();
    long lastIngestionTime;
    long storedBytes;

    LogStream(String name, long creationTime) {
        this.name = name;
        this.creationTime = creationTime;
    }

    void add(LogEvent event) {
        int index = events.size();
        while (index > 0 && events.get(index - 1).timestamp() > event.timestamp()) {
            index--;
        }
        events.add(index, event);
        lastIngestionTime = Math.max(lastIngestionTime, event.ingestionTime());
        storedBytes += event.message().length() + 26L;
    }

    List<LogEvent> events() {
        return Collections.unmodifiableList(events);
    }

    Long firstEventTimestamp() {
        return events.isEmpty() ? null : events.get(0).timestamp();
    }

    Long lastEventTimestamp() {
        return events.isEmpty() ? null : events.get(events.size() - 1).timestamp();
    }
}
