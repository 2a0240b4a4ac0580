package dev.ddbstreams.endpoint.logs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the local runtime writes a function's output, as Lambda does: to the function's log group
 * ({@code /aws/lambda/<function>} unless {@code LoggingConfig.LogGroup} names another), one log stream per execution
 * environment, group and stream created on first use. A stream in the default group is named
 * {@code YYYY/MM/DD/[<version>]<32 hex digits>}; in a custom group, which several functions may share, the function's
 * name comes first: {@code YYYY/MM/DD/<function>[<version>]<32 hex digits>}.
 *
 * <p>A custom group that does not exist is created on first use, as for the default group: Lambda creates it ("If no
 * log group exists with the name you enter, Lambda creates a new log group"). The execution role's {@code logs:*}
 * permissions are not checked for either.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html">Configuring CloudWatch log groups (custom groups, their stream names)</a>
 */
public final class LambdaLogs {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final LogsService logs;
    private final Clock clock;

    public LambdaLogs(LogsService logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    /** {@code /aws/lambda/<function>}: a function's log group unless its {@code LoggingConfig} names another. */
    public static String groupName(String functionName) {
        return "/aws/lambda/" + functionName;
    }

    /**
     * A new stream in {@code /aws/lambda/<function>} for one execution environment (one function JVM) of
     * {@code functionName} at {@code version} ({@code $LATEST} unless a version was published).
     */
    public Stream openStream(String functionName, String version) {
        return openStream(functionName, groupName(functionName), version);
    }

    /**
     * A new stream in {@code groupName}, the function's {@code LoggingConfig.LogGroup}, for one execution environment
     * of {@code functionName} at {@code version}.
     */
    public Stream openStream(String functionName, String groupName, String version) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // The documented form is YYYY/MM/DD/<function_name>[<function_version>][<execution_environment_GUID>]; the GUID
        // has no brackets in the streams AWS makes (as in the default group's; the regex DataDog's log forwarder
        // matches custom-group streams with, DataDog/datadog-serverless-functions#1160, agrees).
        String prefix = groupName.equals(groupName(functionName)) ? "" : functionName;
        String streamName = String.format("%04d/%02d/%02d/%s[%s]%s", today.getYear(), today.getMonthValue(),
                today.getDayOfMonth(), prefix, version, HexFormat.of().formatHex(id));
        return new Stream(groupName, streamName);
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
