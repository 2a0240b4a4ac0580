package dev.ddbstreams.endpoint.lambda;

/**
 * What runs functions for the Lambda control plane: the local runtime implements it, starting each function in its
 * own JVM through the Runtime Interface Client. The control plane keeps the registry (what exists, its configuration
 * and state) and tells the host about every change after it is stored; the host never decides what exists.
 *
 * <p>The host knows each deployment by {@link FunctionDefinition#deployment()}: a function's {@code $LATEST} by the
 * function's name, each published version by {@code <name>:<version>}, because a published version is an immutable
 * snapshot of code and configuration that keeps running after {@code $LATEST} changes
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>).
 * Aliases are resolved by the control plane; the host never sees them.
 *
 * <p>Calls for one deployment arrive in the order the changes were made. {@link #deploy} returns once the host has
 * taken the definition (it need not have started a process: Lambda starts environments on demand); bad code is
 * not refused here but surfaces on invocation as Lambda's init error, as it does in AWS.
 */
public interface FunctionHost {

    /**
     * A function was created, its code or configuration changed, or a version was published: later invocations of
     * {@link FunctionDefinition#deployment()} run this definition.
     */
    void deploy(FunctionDefinition function);

    /** The deployment (a function's {@code $LATEST}, or a version) was deleted: stop its environments; no further invocation will name it. */
    void remove(String deployment);

    /**
     * Runs one invocation synchronously and blocks until the function answers, fails or times out. Function
     * failures are reported in the result, never thrown.
     *
     * @param deployment         a deployment previously {@linkplain #deploy deployed} ({@code <name>} or {@code <name>:<version>})
     * @param invokedFunctionArn the ARN the caller invoked, which the function sees as {@code context.getInvokedFunctionArn()}
     *                           (the Runtime API's {@code Lambda-Runtime-Invoked-Function-Arn}): unqualified when invoked
     *                           by name, qualified with the version, {@code $LATEST} or the alias the caller named, even
     *                           when an alias runs a version
     * @param payload            the event JSON
     * @param source             who invokes, for the invocation log line ({@code lambda:Invoke}, {@code apigateway:<api>}, a mapping)
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-context.html">Java context object (getInvokedFunctionArn)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next">Runtime API: next invocation (Lambda-Runtime-Invoked-Function-Arn)</a>
     */
    InvokeResult invoke(String deployment, String invokedFunctionArn, byte[] payload, String source);

    /** A host that runs nothing (the control plane alone, in tests): invocations fail as a function that never starts. */
    FunctionHost NONE = new FunctionHost() {
        @Override
        public void deploy(FunctionDefinition function) {
        }

        @Override
        public void remove(String deployment) {
        }

        @Override
        public InvokeResult invoke(String deployment, String invokedFunctionArn, byte[] payload, String source) {
            return InvokeResult.error("Runtime.Unavailable",
                    "No function host is attached to this endpoint; functions are stored but not run.");
        }
    };
}
