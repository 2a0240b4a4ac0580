package dev.ddbstreams.local.host;

import dev.ddbstreams.endpoint.logs.LambdaLogs;
import dev.ddbstreams.local.lambda.EnvironmentLogs;
import dev.ddbstreams.local.lambda.LocalFunction;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each function's output in CloudWatch Logs, as Lambda sends it: to the function's log group ({@code /aws/lambda/<function>}
 * unless its {@code LoggingConfig.LogGroup} names another; a changed group applies to environments started after the
 * change, as in Lambda), one stream per execution environment ({@code YYYY/MM/DD/[$LATEST]<32 hex>}, {@code [1]} for
 * version 1; in a custom group {@code YYYY/MM/DD/<function>[$LATEST]<32 hex>}), served by the local endpoint's Logs service.
 *
 * <p>The Logs service forces its journal to disk on every append, so lines are sent in batches per environment: every
 * {@value #FLUSH_MILLIS} ms, or as soon as {@value #FLUSH_LINES} lines are waiting, and whatever is left when the
 * environment ends. A batch stays within PutLogEvents' limits (10,000 events, 1,048,576 bytes counting 26 bytes per
 * event). A line is stamped when its batch is written (at most {@value #FLUSH_MILLIS} ms late).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html">PutLogEvents (batch limits)</a>
 */
public final class CloudWatchEnvironmentLogs implements EnvironmentLogs, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CloudWatchEnvironmentLogs.class.getName());
    static final long FLUSH_MILLIS = 200;
    static final int FLUSH_LINES = 100;
    private static final int MAX_BATCH_EVENTS = 10_000;
    private static final int MAX_BATCH_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD_BYTES = 26;

    private final LambdaLogs logs;
    private final ScheduledExecutorService flusher;
    private final Set<StreamLog> open = ConcurrentHashMap.newKeySet();

    public CloudWatchEnvironmentLogs(LambdaLogs logs) {
        this.logs = logs;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "function-logs");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(() -> open.forEach(StreamLog::flush), FLUSH_MILLIS, FLUSH_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public EnvironmentLog open(LocalFunction function) {
        // The function's group (its LoggingConfig.LogGroup) for every version; the stream names the version.
        StreamLog log = new StreamLog(logs.openStream(function.name(), function.logGroup(), function.version()));
        open.add(log);
        return log;
    }

    /** Writes out every buffered line and stops the flusher. */
    @Override
    public void close() {
        flusher.shutdownNow();
        open.forEach(StreamLog::close);
    }

    /** The log groups' lines waiting, for tests. */
    int buffered() {
        return open.stream().mapToInt(StreamLog::buffered).sum();
    }

    private final class StreamLog implements EnvironmentLog {
        private final LambdaLogs.Stream stream;
        private List<String> pending = new ArrayList<>();
        private final Object writing = new Object();
        private volatile boolean closed;

        StreamLog(LambdaLogs.Stream stream) {
            this.stream = stream;
        }

        @Override
        public String streamName() {
            return stream.streamName();
        }

        @Override
        public void append(String line) {
            boolean full;
            synchronized (this) {
                pending.add(line);
                full = pending.size() >= FLUSH_LINES;
            }
            if (closed) {
                flush(); // a line after the environment ended (the END of a timed-out invocation): write it at once
            } else if (full) {
                try {
                    flusher.execute(this::flush);
                } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                    flush();
                }
            }
        }

        synchronized int buffered() {
            return pending.size();
        }

        void flush() {
            // One writer at a time per stream, so batches reach the service in the order the lines were written.
            synchronized (writing) {
                List<String> lines;
                synchronized (this) {
                    if (pending.isEmpty()) {
                        return;
                    }
                    lines = pending;
                    pending = new ArrayList<>();
                }
                int from = 0;
                while (from < lines.size()) {
                    int to = from;
                    long bytes = 0;
                    while (to < lines.size() && to - from < MAX_BATCH_EVENTS) {
                        long size = lines.get(to).getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
                        if (to > from && bytes + size > MAX_BATCH_BYTES) {
                            break;
                        }
                        bytes += size;
                        to++;
                    }
                    write(lines.subList(from, to));
                    from = to;
                }
            }
        }

        private void write(List<String> batch) {
            try {
                stream.append(batch);
            } catch (RuntimeException e) {
                // The function keeps running without its CloudWatch copy; the terminal still has every line.
                LOG.log(Level.WARNING, "cannot write " + batch.size() + " line(s) to " + stream.groupName() + " "
                        + stream.streamName() + ": " + e);
            }
        }

        @Override
        public void close() {
            closed = true;
            flush();
            open.remove(this);
        }
    }

    /** How long a line may wait before it is written (for tests). */
    static Duration flushInterval() {
        return Duration.ofMillis(FLUSH_MILLIS);
    }
}
