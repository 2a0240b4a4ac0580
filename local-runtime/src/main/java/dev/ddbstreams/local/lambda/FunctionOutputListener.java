package dev.ddbstreams.local.lambda;

/** Receives every line a function process writes (stdout and stderr, merged, in order). */
@FunctionalInterface
public interface FunctionOutputListener {

    /** Called from the function's output thread; must not block for long (the function's pipe would fill). */
    void onLine(String functionName, String line);

    /** Prints {@code [function-name] line} to {@link System#out}. */
    static FunctionOutputListener toStandardOutput() {
        return (functionName, line) -> System.out.println("[" + functionName + "] " + line);
    }
}
