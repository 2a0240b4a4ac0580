package dev.ddbstreams.local.lambda;

/**
 * Where each execution environment's output goes besides the {@link FunctionOutputListener}: Lambda sends it to
 * CloudWatch Logs, one log stream per execution environment (here: per function process), with {@code START},
 * {@code END} and {@code REPORT} lines around every invocation.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
 */
@FunctionalInterface
public interface EnvironmentLogs {

    /** Nowhere: output reaches the output listener only. */
    EnvironmentLogs NONE = function -> EnvironmentLog.NONE;

    /** Opens the log of a new execution environment of {@code function}, before its process starts. */
    EnvironmentLog open(LocalFunction function);

    /** One execution environment's log stream. Thread-safe. */
    interface EnvironmentLog {

        EnvironmentLog NONE = new EnvironmentLog() {
            @Override
            public String streamName() {
                return null;
            }

            @Override
            public void append(String line) {
            }

            @Override
            public void close() {
            }
        };

        /** The stream's name, {@code AWS_LAMBDA_LOG_STREAM_NAME}; {@code null}: a name of Lambda's form is made up. */
        String streamName();

        /** Adds one line; must not block for long (it is called from the function's output thread). */
        void append(String line);

        /** The environment ended: writes out whatever is still buffered. */
        void close();
    }
}
