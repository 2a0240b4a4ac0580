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
     * @param functionName a function declared in the wiring
     * @param payloadJson  the event, in AWS's exact JSON shape
     * @param source       who invokes, for the invocation log line (a mapping name or "http-api")
     * @throws IllegalArgumentException when the function is not declared
     */
    Invocation invoke(String functionName, String payloadJson, String source);
}
