package dev.ddbstreams.local.lambda;

/**
 * A function's state for {@code GET /_local/status}.
 *
 * @param state       STOPPED (never started or stopped), STARTING, READY, BUSY or FAILED (last init failed)
 * @param lastError   the last init error or crash cause, {@code null} when none
 */
public record FunctionStatus(String name, String state, int coldStarts, long invocations, long errors,
        long timeouts, long restarts, String lastError) {
}
