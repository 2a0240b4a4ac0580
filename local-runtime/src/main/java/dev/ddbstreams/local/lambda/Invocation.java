package dev.ddbstreams.local.lambda;

import java.time.Duration;

/**
 * The result of one synchronous invocation.
 *
 * @param requestId    the invocation's request id (also sent to the function)
 * @param outcome      how it ended
 * @param responseJson the function's response payload on success, else {@code null}
 * @param errorType    the function's error type (e.g. {@code java.lang.RuntimeException}, {@code Runtime.ExitError},
 *                     {@code Sandbox.Timedout}) when it did not succeed
 * @param errorMessage the error message when it did not succeed
 * @param duration     wall time of the invocation, including a cold start
 * @param coldStart    whether this invocation started a new function process
 * @param logTail      the end of the invocation's execution log ({@code START}, the function's lines, {@code END},
 *                     {@code REPORT}, each line ended by a newline), at least its last 4 KB when it is longer; for an
 *                     init failure, the initialisation's output, {@code INIT_REPORT}, {@code START}, {@code END} and
 *                     {@code REPORT ... Status: error}; empty when no function process was started (a missing jar, a
 *                     runtime shutting down)
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke (LogType: Tail)</a>
 */
public record Invocation(String requestId, Outcome outcome, String responseJson, String errorType,
        String errorMessage, Duration duration, boolean coldStart, String logTail) {

    public Invocation {
        logTail = logTail == null ? "" : logTail;
    }

    /** An invocation without a log tail (one that did not run in a function process: a test's, a refused one). */
    public Invocation(String requestId, Outcome outcome, String responseJson, String errorType, String errorMessage,
            Duration duration, boolean coldStart) {
        this(requestId, outcome, responseJson, errorType, errorMessage, duration, coldStart, "");
    }

    /** How an invocation ended. Every outcome but SUCCESS counts as a function error for a mapping. */
    public enum Outcome {
        SUCCESS,
        /** The handler threw (Lambda's "Unhandled" function error). */
        FUNCTION_ERROR,
        /** The function did not answer within its timeout; its process is restarted. */
        TIMEOUT,
        /** The function failed to initialise (bad handler, missing class, constructor threw). */
        INIT_ERROR,
        /** The function's process exited during the invocation; it is restarted on next use. */
        PROCESS_EXITED
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
