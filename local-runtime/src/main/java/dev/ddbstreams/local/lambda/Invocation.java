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
 */
public record Invocation(String requestId, Outcome outcome, String responseJson, String errorType,
        String errorMessage, Duration duration, boolean coldStart) {

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
