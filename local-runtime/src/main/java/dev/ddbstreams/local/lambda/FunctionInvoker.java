package dev.ddbstreams.local.lambda;

/**
 * Invokes a function synchronously (invocation type RequestResponse), the way Lambda's event source
 * mappings and API Gateway do. Implemented by the function runtime; used by the mapping pollers and the
 * HTTP API.
 */
public interface FunctionInvoker {

    /**
     * Runs one invocation and blocks until the function answers, fails, times out or its process dies.
     * Function failures are reported in the result, never thrown.
     *
     * @param functionName       a function declared in the wiring, or a deployment ({@code <name>:<version>})
     * @param invokedFunctionArn the ARN the caller invoked, which the function sees as its invoked function ARN
     *                           ({@code Lambda-Runtime-Invoked-Function-Arn}); {@code null}: the deployment's own ARN
     * @param payloadJson        the event, in AWS's exact JSON shape
     * @param source             who invokes, for the invocation log line (a mapping name or "http-api")
     * @throws IllegalArgumentException when the function is not declared
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-context.html">Java context object (getInvokedFunctionArn)</a>
     */
    Invocation invoke(String functionName, String invokedFunctionArn, String payloadJson, String source);

    /** Invokes as by the deployment's own ARN (the function's ARN, or the version's for {@code <name>:<version>}). */
    default Invocation invoke(String functionName, String payloadJson, String source) {
        return invoke(functionName, null, payloadJson, source);
    }
}
