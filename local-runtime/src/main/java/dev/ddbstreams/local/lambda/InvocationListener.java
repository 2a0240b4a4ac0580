package dev.ddbstreams.local.lambda;

/** Told about every finished invocation, e.g. to print one log line per invocation. */
@FunctionalInterface
public interface InvocationListener {

    /**
     * Called on the invoking thread after each invocation, whatever its outcome. Must not throw (what it
     * throws is ignored) and should be quick: the caller is waiting.
     */
    void onInvocation(String functionName, String source, Invocation invocation);
}
