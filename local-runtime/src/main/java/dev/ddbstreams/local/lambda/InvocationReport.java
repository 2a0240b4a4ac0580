package dev.ddbstreams.local.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The platform lines Lambda writes to a function's log around its own output: {@code START} and {@code END} around
 * every invocation, the {@code REPORT} line after it:
 * {@code REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB}
 * and, on a cold start, {@code \tInit Duration: 456.78 ms}; and, when an initialisation fails, its
 * {@code INIT_REPORT} line: {@code INIT_REPORT Init Duration: 1236.04 ms\tPhase: init\tStatus: error\tError Type:
 * Runtime.ExitError} ({@code Status: timeout}, without an error type, for an init that ran out of time). The
 * invocation such an init failed comes with a {@code REPORT} line ending {@code \tStatus: error\tError Type: <type>}.
 *
 * <p>The field names, their order and the tabs between them are those of AWS's logs (recorded from CloudWatch Logs,
 * e.g. {@code INIT_REPORT Init Duration: 80.49 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ImportModuleError},
 * then {@code START}, {@code END} and {@code REPORT RequestId: <id>\tDuration: 98.71 ms\tBilled Duration: 99 ms\tMemory
 * Size: 512 MB\tMax Memory Used: 46 MB\tStatus: error\tError Type: Runtime.ImportModuleError}); the documentation shows
 * the same lines with the tabs rendered as spaces.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log and monitor Java Lambda functions (the REPORT line's fields)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Understanding the Lambda execution environment lifecycle (failures during the Init phase: INIT_REPORT)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html">Telemetry API schema reference (platform.initReport and platform.report: phase, status, errorType)</a>
 *
 * <p>With {@code LogFormat: JSON} the same facts are written as Telemetry API records, one JSON object a line
 * ({@link PlatformLine}): {@code platform.start} for {@code START}, {@code platform.runtimeDone} for {@code END},
 * {@code platform.report} for {@code REPORT}, {@code platform.initReport} for {@code INIT_REPORT}. Recorded from
 * CloudWatch Logs (a function with {@code LogFormat: JSON}, default levels):
 * {@code {"time":"2026-10-08T07:30:29.470Z","type":"platform.report","record":{"requestId":"79b5e81f-...",
 * "metrics":{"durationMs":1233.96,"billedDurationMs":1698,"memorySizeMB":256,"maxMemoryUsedMB":123,
 * "initDurationMs":463.512},"status":"success"}}}, after {@code platform.start} with {@code requestId},
 * {@code functionArn} and {@code version}, and no {@code platform.runtimeDone}: a successful runtimeDone is a
 * {@code DEBUG} event. Each record's level is the one of AWS's "System log level event mapping" (start: INFO;
 * runtimeDone: DEBUG on success, WARN otherwise; report: INFO on success, WARN otherwise; initReport of a failed
 * init: WARN); a record below the function's {@code SystemLogLevel} is not written. {@code functionArn} is left out
 * (the runtime does not know the function's ARN; the schema marks it optional), so are {@code tracing} and
 * {@code spans}.
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html">Log-level filtering (System log level event mapping)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Configuring advanced logging controls for Lambda functions</a>
 */
final class InvocationReport {

    /** The {@code time} of a record: UTC, milliseconds, as in AWS's records. */
    private static final DateTimeFormatter RECORD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One platform event in both of its renderings: its text line and its JSON record, with the system log level
     * the record has ({@code DEBUG}, {@code INFO} or {@code WARN}).
     */
    record PlatformLine(String text, String json, String level) {

        /** The line {@code logging} writes: the text line, the JSON record, or {@code null} when filtered out. */
        String render(FunctionLogging logging) {
            if (!logging.json()) {
                return text;
            }
            return logging.writes(level) ? json : null;
        }
    }

    /** A runtime that exited before it was ready (or while it ran an invocation). */
    static final String RUNTIME_EXIT_ERROR = "Runtime.ExitError";
    /** Any other failure, an init that timed out among them. */
    static final String RUNTIME_UNKNOWN = "Runtime.Unknown";

    /**
     * The error types Lambda passes on from a runtime ({@code Lambda-Runtime-Function-Error-Type} of
     * {@code /runtime/init/error}): {@code Runtime.*} and {@code Function.*} names. Anything else (an exception's
     * class name, nothing at all) is reported as {@link #RUNTIME_UNKNOWN}: the Runtime Interface Emulator's
     * {@code fatalerror.GetValidRuntimeOrFunctionErrorType} applies the same pattern.
     */
    private static final Pattern PLATFORM_ERROR_TYPE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");

    private InvocationReport() {
    }

    /**
     * How an initialisation or an invocation ended, as the Telemetry API's {@code status} names it (and the text
     * lines' {@code Status:} field, which a successful one leaves out).
     */
    enum Status {
        SUCCESS("success"),
        ERROR("error"),
        TIMEOUT("timeout");

        private final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /** {@code START RequestId: <id> Version: <version>}: a space before {@code Version}, not a tab, as in AWS's logs. */
    static String start(String requestId, String version) {
        return "START RequestId: " + requestId + " Version: " + version;
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * The {@code INIT_REPORT} line of an initialisation that failed ({@code Phase: init}: the environment's own
     * initialisation, not one Lambda re-runs inside an invocation).
     *
     * @param errorType what failed ({@link #platformErrorType}); left out for a timeout, as in AWS's example
     */
    static String initReport(long initDurationNanos, Status status, String errorType) {
        StringBuilder line = new StringBuilder("INIT_REPORT Init Duration: ").append(millis(initDurationNanos))
                .append(" ms\tPhase: init\tStatus: ").append(status.text);
        if (status == Status.ERROR) {
            line.append("\tError Type: ").append(errorType);
        }
        return line.toString();
    }

    /** {@code START} / {@code platform.start} (INFO): {@code {"requestId":..,"version":..}}. */
    static PlatformLine startEvent(Instant time, String requestId, String version) {
        return new PlatformLine(start(requestId, version), record(time, "platform.start",
                "{\"requestId\":" + quote(requestId) + ",\"version\":" + quote(version) + "}"), "INFO");
    }

    /**
     * {@code END} / {@code platform.runtimeDone}: {@code {"requestId":..,"status":..}} and {@code errorType} when
     * there is one; DEBUG when {@code status} is {@code success}, else WARN.
     *
     * @param status    {@code success}, {@code error} or {@code timeout}
     * @param errorType the platform error type of an {@code error}, else {@code null}
     */
    static PlatformLine endEvent(Instant time, String requestId, Status status, String errorType) {
        return new PlatformLine(end(requestId), record(time, "platform.runtimeDone",
                "{\"requestId\":" + quote(requestId) + ",\"status\":" + quote(status.text) + errorType(errorType) + "}"),
                levelOf(status, "DEBUG"));
    }

    /**
     * {@code REPORT} / {@code platform.report}: {@code requestId}, {@code metrics} ({@code durationMs},
     * {@code billedDurationMs}, {@code memorySizeMB}, {@code maxMemoryUsedMB}, {@code initDurationMs} on a cold
     * start), {@code status} and {@code errorType} when there is one; INFO on {@code success}, else WARN. The text
     * line ({@link #reportLine}) says the same facts.
     *
     * @param peakMb    "Max Memory Used" ({@link #peakResidentMb}), -1 when unknown (the process is gone)
     * @param status    {@code success}, {@code timeout} or {@code error}
     * @param errorType the platform error type of an {@code error}, else {@code null}
     */
    static PlatformLine reportEvent(Instant time, String requestId, long durationNanos, int memoryMb, long peakMb,
            long initDurationNanos, Status status, String errorType) {
        String text = reportLine(requestId, durationNanos, memoryMb, peakMb, initDurationNanos, status, errorType);
        StringBuilder metrics = new StringBuilder("{\"durationMs\":").append(millis(durationNanos))
                .append(",\"billedDurationMs\":").append(billedMillis(durationNanos))
                .append(",\"memorySizeMB\":").append(memoryMb);
        if (peakMb >= 0) {
            metrics.append(",\"maxMemoryUsedMB\":").append(peakMb);
        }
        if (initDurationNanos >= 0) {
            metrics.append(",\"initDurationMs\":").append(millis(initDurationNanos));
        }
        metrics.append('}');
        return new PlatformLine(text, record(time, "platform.report", "{\"requestId\":" + quote(requestId)
                + ",\"metrics\":" + metrics + ",\"status\":" + quote(status.text) + errorType(errorType) + "}"),
                levelOf(status, "INFO"));
    }

    /**
     * {@code INIT_REPORT} / {@code platform.initReport} of a failed initialisation (WARN):
     * {@code {"initializationType":"on-demand","phase":"init","status":..,"errorType":..,"metrics":{"durationMs":..}}}.
     */
    static PlatformLine initReportEvent(Instant time, long initDurationNanos, Status status, String errorType) {
        String type = status == Status.ERROR ? errorType : null;
        return new PlatformLine(initReport(initDurationNanos, status, errorType), record(time, "platform.initReport",
                "{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":" + quote(status.text)
                        + errorType(type) + ",\"metrics\":{\"durationMs\":" + millis(initDurationNanos) + "}}"),
                "WARN");
    }

    /** The event's system log level: {@code success} at the event's own level, anything else WARN. */
    private static String levelOf(Status status, String successLevel) {
        return status == Status.SUCCESS ? successLevel : "WARN";
    }

    private static String record(Instant time, String type, String record) {
        return "{\"time\":" + quote(RECORD_TIME.format(time)) + ",\"type\":" + quote(type) + ",\"record\":" + record + "}";
    }

    private static String errorType(String errorType) {
        return errorType == null ? "" : ",\"errorType\":" + quote(errorType);
    }

    /** A JSON string literal, escaped by Jackson. */
    private static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    /**
     * What a platform line calls the error a runtime reported: its {@code Lambda-Runtime-Function-Error-Type} when
     * that is a {@code Runtime.*} or {@code Function.*} name (the Java Runtime Interface Client sends
     * {@code Runtime.BadFunctionCode} for a handler that cannot be loaded or constructed), else
     * {@code Runtime.Unknown}.
     */
    static String platformErrorType(String reportedType) {
        return reportedType != null && PLATFORM_ERROR_TYPE.matcher(reportedType).matches() ? reportedType
                : RUNTIME_UNKNOWN;
    }

    /**
     * The text {@code REPORT} line. An invocation the function answered (with an error or not) ends after the
     * metrics; one that failed in the platform, not in the function's code (its environment did not initialise, its
     * process exited) ends {@code Status: error} and the error type, after {@code Init Duration} when there is one;
     * one that ran out of time ends {@code Status: timeout}, without an error type. Recorded from CloudWatch Logs:
     * {@code ...\tMax Memory Used: 94 MB\tInit Duration: 293.05 ms\tStatus: error\tError Type: Runtime.ExitError}
     * (a Java runtime that exited during an invocation) and {@code REPORT RequestId: <id>\tDuration: 3000.00
     * ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout}.
     *
     * @param peakMb            "Max Memory Used", left out when -1 (the process is gone)
     * @param initDurationNanos the environment's initialisation on a cold start, else -1
     */
    private static String reportLine(String requestId, long durationNanos, int memoryMb, long peakMb,
            long initDurationNanos, Status status, String errorType) {
        StringBuilder line = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(millis(durationNanos)).append(" ms")
                .append("\tBilled Duration: ").append(billedMillis(durationNanos)).append(" ms")
                .append("\tMemory Size: ").append(memoryMb).append(" MB");
        if (peakMb >= 0) {
            line.append("\tMax Memory Used: ").append(peakMb).append(" MB");
        }
        if (initDurationNanos >= 0) {
            line.append("\tInit Duration: ").append(millis(initDurationNanos)).append(" ms");
        }
        if (status == Status.TIMEOUT) {
            line.append("\tStatus: timeout");
        } else if (status == Status.ERROR) {
            line.append("\tStatus: error\tError Type: ").append(errorType);
        }
        return line.toString();
    }

    /** Billed in whole milliseconds, rounded up. */
    private static long billedMillis(long durationNanos) {
        return (long) Math.ceil(durationNanos / 1_000_000.0);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }

    /** The process's peak resident set ({@code VmHWM} in {@code /proc/<pid>/status}, Linux), in MB; -1 if unknown. */
    static long peakResidentMb(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Math.max(1, Long.parseLong(parts[0]) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }
}
