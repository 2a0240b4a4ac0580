package dev.ddbstreams.endpoint.logs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the local runtime writes a function's output, as Lambda does: to the log group {@code /aws/lambda/<function>},
 * one log stream per execution environment named {@code YYYY/MM/DD/[<version>]<32 hex digits>}, group and stream created
 * on first use.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
 */
public final class LambdaLogs {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final LogsService logs;
    private final Clock clock;

    public LambdaLogs(LogsService logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    /** {@code /aws/lambda/<function>}. */
    public static String groupName(String functionName) {
        return "/aws/lambda/" + functionName;
    }

    /**
     * A new stream for one execution environment (one function JVM) of {@code functionName} at {@code version}
     * ({@code $LATEST} unless a version was published).
     */
    public Stream openStream(String functionName, String version) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String streamName = String.format("%04d/%02d/%02d/[%s]%s", today.getYear(), today.getMonthValue(),
                today.getDayOfMonth(), version, HexFormat.of().formatHex(id));
        return new Stream(groupName(functionName), streamName);
    }

    /** One execution environment's log stream. Thread-safe. */
    public final class Stream {
        private final String groupName;
        private final String streamName;

        private Stream(String groupName, String streamName) {
            this.groupName = groupName;
            this.streamName = streamName;
        }

        public String groupName() {
            return groupName;
        }

        public String streamName() {
            return streamName;
        }

        /** Appends lines (empty ones are skipped, as CloudWatch Logs refuses empty messages), stamped now. */
        public void append(List<String> lines) {
            logs.appendCreating(groupName, streamName, lines);
        }

        public void append(String line) {
            append(List.of(line));
        }
    }
}
