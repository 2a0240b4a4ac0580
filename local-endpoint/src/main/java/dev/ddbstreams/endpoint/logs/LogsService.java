package dev.ddbstreams.endpoint.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.persistence.JsonLinesJournal;
import dev.ddbstreams.endpoint.persistence.SnapshotStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs: log groups (retention, tags), log streams and their events, with AWS's rules for names, event
 * batches and reads. Groups and streams are snapshotted on each change; events are appended to a JSON-lines journal,
 * forced to disk before {@code PutLogEvents} is acknowledged.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html">CloudWatch Logs API reference</a>
 */
public final class LogsService implements AutoCloseable {
    /** The retention values PutRetentionPolicy accepts. */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
            1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern GROUP_NAME = Pattern.compile("[.\\-_/#A-Za-z0-9]+");
    private static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    private static final long MAX_FUTURE = Duration.ofHours(2).toMillis();
    private static final long MAX_PAST = Duration.ofDays(14).toMillis();
    private static final long MAX_BATCH_SPAN = Duration.ofHours(24).toMillis();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final SnapshotStore<LogsState> store;
    private final JsonLinesJournal journal;
    private final Map<String, LogGroup> groups = new TreeMap<>();
    private long nextSequence = 1;

    public LogsService(String region, String accountId, Clock clock, Optional<Path> dataDirectory) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.store = SnapshotStore.in(dataDirectory, "logs", LogsState.class);
        this.journal = JsonLinesJournal.in(dataDirectory, "log-events");
        recover();
    }

    // ---- views returned to the wire layer ----------------------------------------------------------------------

    /** A log group as DescribeLogGroups shows it. */
    public record GroupView(String name, long creationTime, Integer retentionInDays, long storedBytes, String logGroupClass) {
    }

    /** A log stream as DescribeLogStreams shows it. */
    public record StreamView(String name, long creationTime, Long firstEventTimestamp, Long lastEventTimestamp,
                             Long lastIngestionTime, long storedBytes) {
    }

    /** An event to put. */
    public record InputEvent(long timestamp, String message) {
    }

    /** What PutLogEvents reports back: indexes of events it refused (or null). */
    public record PutResult(String nextSequenceToken, Integer tooNewLogEventStartIndex, Integer tooOldLogEventEndIndex,
                            Integer expiredLogEventEndIndex) {
    }

    /** A page of GetLogEvents. */
    public record EventPage(List<LogEvent> events, String nextForwardToken, String nextBackwardToken) {
    }

    /** A matched event and its stream. */
    public record FilteredEvent(String logStreamName, LogEvent event) {
    }

    /** A page of FilterLogEvents. */
    public record FilterPage(List<FilteredEvent> events, List<String> searchedLogStreams, String nextToken) {
    }

    // ---- log groups --------------------------------------------------------------------------------------------

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html">CreateLogGroup</a> */
    public synchronized void createLogGroup(String name, Map<String, String> tags, String logGroupClass) {
        validateGroupName(name);
        if (groups.containsKey(name)) {
            throw LogsErrors.groupExists();
        }
        if (logGroupClass != null && !Set.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY").contains(logGroupClass)) {
            throw LogsErrors.constraint("logGroupClass", logGroupClass, "Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]");
        }
        LogGroup group = new LogGroup(name, clock.millis(), logGroupClass == null ? "STANDARD" : logGroupClass);
        group.tags.putAll(tags);
        groups.put(name, group);
        saveGroups();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html">DeleteLogGroup</a> */
    public synchronized void deleteLogGroup(String name) {
        group(name);
        groups.remove(name);
        saveGroups();
        compactJournal();
    }

    /**
     * Groups by name, filtered by {@code prefix} or {@code pattern} (a case-insensitive substring), not both.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html">DescribeLogGroups</a>
     */
    public synchronized List<GroupView> describeLogGroups(String prefix, String pattern) {
        if (prefix != null && pattern != null) {
            throw LogsErrors.invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        return groups.values().stream()
                .filter(g -> prefix == null || g.name.startsWith(prefix))
                .filter(g -> pattern == null || g.name.toLowerCase().contains(pattern.toLowerCase()))
                .map(g -> new GroupView(g.name, g.creationTime, g.retentionInDays, g.storedBytes(), g.logGroupClass)).toList();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html">PutRetentionPolicy</a> */
    public synchronized void putRetentionPolicy(String name, Integer days) {
        if (days == null) {
            throw LogsErrors.missing("retentionInDays");
        }
        if (!RETENTION_DAYS.contains(days)) {
            throw LogsErrors.constraint("retentionInDays", days, "Member must satisfy enum value set: "
                    + "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]");
        }
        group(name).retentionInDays = days;
        saveGroups();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteRetentionPolicy.html">DeleteRetentionPolicy</a> */
    public synchronized void deleteRetentionPolicy(String name) {
        group(name).retentionInDays = null;
        saveGroups();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html">TagResource</a> */
    public synchronized void tagLogGroup(String name, Map<String, String> tags) {
        LogGroup group = group(name);
        Map<String, String> merged = new TreeMap<>(group.tags);
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw LogsErrors.tooManyTags();
        }
        group.tags.putAll(tags);
        saveGroups();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_UntagResource.html">UntagResource</a> */
    public synchronized void untagLogGroup(String name, List<String> keys) {
        keys.forEach(group(name).tags::remove);
        saveGroups();
    }

    public synchronized Map<String, String> tags(String name) {
        return new TreeMap<>(group(name).tags);
    }

    /** The log group an ARN names ({@code arn:aws:logs:<region>:<account>:log-group:<name>[:*]}). */
    public String groupNameFromArn(String arn) {
        String prefix = "arn:aws:logs:" + region + ":" + accountId + ":log-group:";
        if (arn == null || !arn.startsWith(prefix)) {
            throw LogsErrors.invalidParameter("Invalid ARN: " + arn);
        }
        String name = arn.substring(prefix.length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    /** {@code arn:aws:logs:<region>:<account>:log-group:<name>}. */
    public String groupArn(String name) {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + name;
    }

    // ---- log streams -------------------------------------------------------------------------------------------

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html">CreateLogStream</a> */
    public synchronized void createLogStream(String groupName, String streamName) {
        validateStreamName(streamName);
        LogGroup group = group(groupName);
        if (group.streams.containsKey(streamName)) {
            throw LogsErrors.streamExists();
        }
        group.streams.put(streamName, new LogStream(streamName, clock.millis()));
        saveGroups();
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogStream.html">DeleteLogStream</a> */
    public synchronized void deleteLogStream(String groupName, String streamName) {
        LogGroup group = group(groupName);
        if (group.streams.remove(streamName) == null) {
            throw LogsErrors.streamNotFound();
        }
        saveGroups();
        compactJournal();
    }

    /**
     * Streams by name, or by last event time with {@code orderByLastEventTime} (which AWS refuses with a prefix).
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html">DescribeLogStreams</a>
     */
    public synchronized List<StreamView> describeLogStreams(String groupName, String prefix, boolean orderByLastEventTime,
                                                            boolean descending) {
        if (orderByLastEventTime && prefix != null) {
            throw LogsErrors.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        Comparator<StreamView> order = orderByLastEventTime
                ? Comparator.comparing((StreamView s) -> s.lastEventTimestamp() == null ? s.creationTime() : s.lastEventTimestamp())
                        .thenComparing(StreamView::name)
                : Comparator.comparing(StreamView::name);
        if (descending) {
            order = order.reversed();
        }
        return group(groupName).streams.values().stream()
                .filter(s -> prefix == null || s.name.startsWith(prefix))
                .map(s -> new StreamView(s.name, s.creationTime, s.firstEventTimestamp(), s.lastEventTimestamp(),
                        s.events.isEmpty() ? null : s.lastIngestionTime, s.storedBytes))
                .sorted(order).toList();
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /**
     * Stores a batch: at most 10,000 events, in chronological order, spanning at most 24 hours. Events more than two
     * hours ahead, more than 14 days old or older than the retention period are not stored and reported by index.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html">PutLogEvents</a>
     */
    public synchronized PutResult putLogEvents(String groupName, String streamName, List<InputEvent> events) {
        if (events == null || events.isEmpty()) {
            throw LogsErrors.constraint("logEvents", "[]", "Member must have length greater than or equal to 1");
        }
        if (events.size() > 10_000) {
            throw LogsErrors.constraint("logEvents", events.size() + " events", "Member must have length less than or equal to 10000");
        }
        LogGroup group = group(groupName);
        // logStreamName is a required member: missing, it is a validation error like any other (found by a fuzz run,
        // which got a 500 from the map look-up).
        validateStreamName(streamName);
        LogStream stream = group.streams.get(streamName);
        if (stream == null) {
            throw LogsErrors.streamNotFound();
        }
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp() < events.get(i - 1).timestamp()) {
                throw LogsErrors.invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
            }
        }
        if (events.get(events.size() - 1).timestamp() - events.get(0).timestamp() > MAX_BATCH_SPAN) {
            throw LogsErrors.invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        long now = clock.millis();
        Integer tooNew = null;
        Integer tooOld = null;
        Integer expired = null;
        long retentionCutoff = group.retentionInDays == null ? Long.MIN_VALUE : now - Duration.ofDays(group.retentionInDays).toMillis();
        List<ObjectNode> journalled = new ArrayList<>();
        List<LogEvent> accepted = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            InputEvent input = events.get(i);
            if (input.message() == null || input.message().isEmpty()) {
                throw LogsErrors.constraint("logEvents." + (i + 1) + ".member.message", "", "Member must have length greater than or equal to 1");
            }
            if (input.timestamp() > now + MAX_FUTURE) {
                tooNew = tooNew == null ? i : tooNew;
                continue;
            }
            if (input.timestamp() < retentionCutoff) {
                expired = i;
                continue;
            }
            if (input.timestamp() < now - MAX_PAST) {
                tooOld = i;
                continue;
            }
            LogEvent event = new LogEvent(input.timestamp(), now, input.message(), nextSequence++);
            accepted.add(event);
            journalled.add(journalEntry(group, streamName, event));
        }
        journal.append(journalled);
        accepted.forEach(stream::add);
        return new PutResult(String.format("%056d", nextSequence), tooNew, tooOld, expired);
    }

    /**
     * A page of a stream's events in the time window: from the head with {@code startFromHead}, else the newest;
     * {@code f/} and {@code b/} tokens continue forwards or backwards. At the end, the forward token comes back
     * unchanged, which is how clients know to stop.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html">GetLogEvents</a>
     */
    public synchronized EventPage getLogEvents(String groupName, String streamName, Long startTime, Long endTime,
                                               String token, Integer limit, boolean startFromHead) {
        int max = limit == null ? 10_000 : limit;
        if (max < 1 || max > 10_000) {
            throw LogsErrors.constraint("limit", max, "Member must have value less than or equal to 10000");
        }
        LogStream stream = group(groupName).streams.get(streamName);
        if (stream == null) {
            throw LogsErrors.streamNotFound();
        }
        List<LogEvent> window = stream.events.stream()
                .filter(e -> startTime == null || e.timestamp() >= startTime)
                .filter(e -> endTime == null || e.timestamp() < endTime).toList();
        int from;
        int to;
        if (token != null) {
            int position = tokenPosition(token, window.size());
            if (token.startsWith("f/")) {
                from = position;
                to = Math.min(window.size(), from + max);
            } else {
                to = position;
                from = Math.max(0, to - max);
            }
        } else if (startFromHead) {
            from = 0;
            to = Math.min(window.size(), max);
        } else {
            to = window.size();
            from = Math.max(0, to - max);
        }
        return new EventPage(new ArrayList<>(window.subList(from, to)), String.format("f/%056d", to), String.format("b/%056d", from));
    }

    private static int tokenPosition(String token, int size) {
        if ((token.startsWith("f/") || token.startsWith("b/")) && token.length() > 2) {
            try {
                long position = Long.parseLong(token.substring(2));
                if (position >= 0 && position <= size) {
                    return (int) position;
                }
                return size;
            } catch (NumberFormatException malformed) {
                // falls through
            }
        }
        throw LogsErrors.invalidParameter("The specified nextToken is invalid.");
    }

    /**
     * Events of a group's streams that match {@code filterPattern} in the time window, in time order across streams,
     * paged by an opaque token.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html">FilterLogEvents</a>
     */
    public synchronized FilterPage filterLogEvents(String groupName, List<String> streamNames, String streamPrefix,
                                                   Long startTime, Long endTime, String filterPattern, String token, Integer limit) {
        if (streamNames != null && !streamNames.isEmpty() && streamPrefix != null) {
            throw LogsErrors.invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        int max = limit == null ? 10_000 : limit;
        if (max < 1 || max > 10_000) {
            throw LogsErrors.constraint("limit", max, "Member must have value less than or equal to 10000");
        }
        FilterPattern pattern = FilterPattern.parse(filterPattern);
        LogGroup group = group(groupName);
        List<LogStream> searched = group.streams.values().stream()
                .filter(s -> streamNames == null || streamNames.isEmpty() || streamNames.contains(s.name))
                .filter(s -> streamPrefix == null || s.name.startsWith(streamPrefix)).toList();
        List<FilteredEvent> matched = new ArrayList<>();
        for (LogStream stream : searched) {
            for (LogEvent event : stream.events) {
                if ((startTime == null || event.timestamp() >= startTime) && (endTime == null || event.timestamp() <= endTime)
                        && pattern.matches(event.message())) {
                    matched.add(new FilteredEvent(stream.name, event));
                }
            }
        }
        matched.sort(Comparator.comparingLong((FilteredEvent f) -> f.event().timestamp()).thenComparingLong(f -> f.event().sequence()));
        int from = 0;
        if (token != null) {
            from = filterTokenPosition(token);
            // A token marks the last event returned; events are never removed before it except by a delete.
            int index = 0;
            while (index < matched.size() && matched.get(index).event().sequence() != from) {
                index++;
            }
            from = index < matched.size() ? index + 1 : matched.size();
        }
        int to = Math.min(matched.size(), from + max);
        String next = to < matched.size() ? filterToken(matched.get(to - 1).event().sequence()) : null;
        return new FilterPage(new ArrayList<>(matched.subList(from, to)), searched.stream().map(s -> s.name).toList(), next);
    }

    private static String filterToken(long lastSequence) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastSequence).getBytes());
    }

    private static int filterTokenPosition(String token) {
        try {
            String decoded = new String(java.util.Base64.getUrlDecoder().decode(token));
            if (decoded.startsWith("after:")) {
                return (int) Long.parseLong(decoded.substring("after:".length()));
            }
        } catch (IllegalArgumentException malformed) {
            // falls through
        }
        throw LogsErrors.invalidParameter("The specified nextToken is invalid.");
    }

    /**
     * Appends lines to a stream, creating the group and the stream if they do not exist yet: what Lambda does with a
     * function's output. Lines are stamped with the current time.
     */
    public synchronized void appendCreating(String groupName, String streamName, List<String> lines) {
        if (!groups.containsKey(groupName)) {
            createLogGroup(groupName, Map.of(), null);
        }
        if (!group(groupName).streams.containsKey(streamName)) {
            createLogStream(groupName, streamName);
        }
        long now = clock.millis();
        List<InputEvent> events = lines.stream().filter(line -> !line.isEmpty()).map(line -> new InputEvent(now, line)).toList();
        if (!events.isEmpty()) {
            putLogEvents(groupName, streamName, events);
        }
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    private LogGroup group(String name) {
        if (name == null) {
            throw LogsErrors.missing("logGroupName");
        }
        LogGroup group = groups.get(name);
        if (group == null) {
            throw LogsErrors.groupNotFound();
        }
        return group;
    }

    private static void validateGroupName(String name) {
        if (name == null) {
            throw LogsErrors.missing("logGroupName");
        }
        if (name.isEmpty() || name.length() > 512) {
            throw LogsErrors.constraint("logGroupName", name, "Member must have length less than or equal to 512");
        }
        if (!GROUP_NAME.matcher(name).matches()) {
            throw LogsErrors.constraint("logGroupName", name, "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
    }

    private static void validateStreamName(String name) {
        if (name == null) {
            throw LogsErrors.missing("logStreamName");
        }
        if (name.isEmpty() || name.length() > 512) {
            throw LogsErrors.constraint("logStreamName", name, "Member must have length less than or equal to 512");
        }
        if (!STREAM_NAME.matcher(name).matches()) {
            throw LogsErrors.constraint("logStreamName", name, "Member must satisfy regular expression pattern: [^:*]*");
        }
    }

    private ObjectNode journalEntry(LogGroup group, String streamName, LogEvent event) {
        ObjectNode entry = NODES.objectNode();
        entry.put("g", group.name);
        entry.put("gc", group.creationTime);
        entry.put("s", streamName);
        entry.put("t", event.timestamp());
        entry.put("i", event.ingestionTime());
        entry.put("m", event.message());
        return entry;
    }

    private void saveGroups() {
        List<LogsState.Group> snapshot = groups.values().stream().map(g -> {
            Map<String, Long> streams = new LinkedHashMap<>();
            g.streams.values().forEach(s -> streams.put(s.name, s.creationTime));
            return new LogsState.Group(g.name, g.creationTime, g.logGroupClass, g.retentionInDays, new TreeMap<>(g.tags), streams);
        }).toList();
        store.save(new LogsState(snapshot));
    }

    private void compactJournal() {
        List<ObjectNode> remaining = new ArrayList<>();
        List<LogEvent> ordered = new ArrayList<>();
        Map<LogEvent, ObjectNode> entries = new java.util.IdentityHashMap<>();
        for (LogGroup group : groups.values()) {
            for (LogStream stream : group.streams.values()) {
                for (LogEvent event : stream.events) {
                    ordered.add(event);
                    entries.put(event, journalEntry(group, stream.name, event));
                }
            }
        }
        ordered.sort(Comparator.comparingLong(LogEvent::sequence));
        ordered.forEach(event -> remaining.add(entries.get(event)));
        journal.rewrite(remaining);
    }

    private void recover() {
        store.load().ifPresent(state -> state.groups().forEach(saved -> {
            LogGroup group = new LogGroup(saved.name(), saved.creationTime(), saved.logGroupClass());
            group.retentionInDays = saved.retentionInDays();
            if (saved.tags() != null) {
                group.tags.putAll(saved.tags());
            }
            if (saved.streams() != null) {
                saved.streams().forEach((name, created) -> group.streams.put(name, new LogStream(name, created)));
            }
            groups.put(group.name, group);
        }));
        for (JsonNode entry : journal.readAll()) {
            LogGroup group = groups.get(entry.path("g").asText());
            // Events of a group deleted (and perhaps recreated) after they were written are not replayed.
            if (group == null || group.creationTime != entry.path("gc").asLong()) {
                continue;
            }
            LogStream stream = group.streams.get(entry.path("s").asText());
            if (stream != null) {
                stream.add(new LogEvent(entry.path("t").asLong(), entry.path("i").asLong(), entry.path("m").asText(), nextSequence++));
            }
        }
    }

    @Override
    public synchronized void close() {
        journal.close();
    }
}
