package dev.ddbstreams.local.lambda;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A function's {@code LoggingConfig} as the runtime applies it: the format of its log lines ({@code Text} or
 * {@code JSON}) and, with {@code JSON} only, its application and system log levels.
 *
 * <ul>
 *   <li>{@code Text}: platform lines are the plain {@code START}/{@code END}/{@code REPORT} lines; no log-level
 *       filtering ("To use log-level filtering, your function must be configured to use the JSON log format").</li>
 *   <li>{@code JSON}: platform lines are Telemetry API records ({@code {"time":..,"type":"platform.report",
 *       "record":{..}}}), dropped when below the system log level; the application log level reaches the runtime
 *       as {@code AWS_LAMBDA_LOG_LEVEL}, with {@code AWS_LAMBDA_LOG_FORMAT=JSON}, which the Java Runtime Interface
 *       Client reads to format and filter {@code LambdaLogger} output ({@code LambdaEnvironment.LAMBDA_LOG_FORMAT},
 *       default {@code TEXT}; {@code LAMBDA_LOG_LEVEL}, default {@code UNDEFINED}: nothing filtered).</li>
 * </ul>
 * Both levels default to {@code INFO} with {@code JSON} ("By default, Lambda sets the system log level to INFO",
 * "The default application log level for log filtering is INFO"); the control plane stores them so.
 *
 * @param json                {@code LogFormat: JSON}
 * @param applicationLogLevel {@code TRACE}..{@code FATAL}; {@code null} with {@code Text}
 * @param systemLogLevel      {@code DEBUG}, {@code INFO} or {@code WARN}; {@code null} with {@code Text}
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Configuring advanced logging controls for Lambda functions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html">Log-level filtering (system log levels and their event mapping)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log and monitor Java Lambda functions (advanced logging controls with Java)</a>
 */
public record FunctionLogging(boolean json, String applicationLogLevel, String systemLogLevel) {

    /** {@code LogFormat: Text}, Lambda's default. */
    public static final FunctionLogging TEXT = new FunctionLogging(false, null, null);

    /** The system log levels, most detailed first. */
    private static final List<String> SYSTEM_LEVELS = List.of("DEBUG", "INFO", "WARN");

    public FunctionLogging {
        if (json) {
            applicationLogLevel = Objects.requireNonNullElse(applicationLogLevel, "INFO").toUpperCase(Locale.ROOT);
            systemLogLevel = Objects.requireNonNullElse(systemLogLevel, "INFO").toUpperCase(Locale.ROOT);
            if (!SYSTEM_LEVELS.contains(systemLogLevel)) {
                throw new IllegalArgumentException("system log level " + systemLogLevel + " is not one of " + SYSTEM_LEVELS);
            }
        } else {
            applicationLogLevel = null;
            systemLogLevel = null;
        }
    }

    /**
     * The logging of {@code LoggingConfig}'s values as the Lambda API names them: {@code LogFormat} {@code Text} or
     * {@code JSON} ({@code null}: {@code Text}), the levels as stored (ignored with {@code Text}).
     */
    public static FunctionLogging of(String logFormat, String applicationLogLevel, String systemLogLevel) {
        return "JSON".equalsIgnoreCase(logFormat) ? new FunctionLogging(true, applicationLogLevel, systemLogLevel) : TEXT;
    }

    /** Whether a platform event of {@code level} ({@code DEBUG}, {@code INFO} or {@code WARN}) reaches the log. */
    boolean writes(String level) {
        return !json || SYSTEM_LEVELS.indexOf(level) >= SYSTEM_LEVELS.indexOf(systemLogLevel);
    }
}
