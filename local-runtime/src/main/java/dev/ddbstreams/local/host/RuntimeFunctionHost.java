package dev.ddbstreams.local.host;

import dev.ddbstreams.endpoint.lambda.FunctionDefinition;
import dev.ddbstreams.endpoint.lambda.FunctionHost;
import dev.ddbstreams.endpoint.lambda.InvokeResult;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.FunctionLogging;
import dev.ddbstreams.local.lambda.FunctionRuntime;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.lambda.LocalFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The Lambda control plane's functions, run by the local {@link FunctionRuntime}: each function in its own JVM
 * through the Runtime Interface Client, as the wiring's functions have always run. A deployed definition replaces the
 * previous one (running invocations finish on it; the next starts on the new code); a removed function's processes
 * stop. A published version is a deployment of its own ({@link FunctionDefinition#deployment()}, known to the runtime
 * as {@code <name>:<version>}), with its own processes, beside the function's {@code $LATEST}.
 *
 * <p>Invocations go through {@code invoker}: the runtime itself, or the runtime as a test harness decorates it (the
 * soak's fault injection), the same invoker the mappings and the HTTP API use.
 */
public final class RuntimeFunctionHost implements FunctionHost {

    private final FunctionRuntime runtime;
    private final FunctionInvoker invoker;
    private final FunctionPackage packages;
    private final ToIntFunction<String> instances;
    /** {@code null} until {@link #start}: definitions deployed before wait in {@link #waiting}. */
    private FunctionEnvironment environment;
    private final Map<String, FunctionDefinition> waiting = new LinkedHashMap<>();
    /** The function of each deployment taken ({@code <name>} or {@code <name>:<version>}). */
    private final Map<String, String> deployments = new LinkedHashMap<>();

    /**
     * @param packageDirectory where .zip packages with {@code lib/} are extracted
     * @param instances        execution environments a function may run at once, by name (e.g. 2 for an HTTP function)
     */
    public RuntimeFunctionHost(FunctionRuntime runtime, FunctionInvoker invoker, Path packageDirectory,
            FunctionEnvironment environment, ToIntFunction<String> instances) {
        this(runtime, invoker, packageDirectory, instances);
        start(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * A host that takes definitions before it knows the functions' environment (the endpoint's own address, known once
     * it listens, while it hands over its stored functions as it starts): they are deployed at {@link #start}.
     */
    public RuntimeFunctionHost(FunctionRuntime runtime, FunctionInvoker invoker, Path packageDirectory,
            ToIntFunction<String> instances) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.packages = new FunctionPackage(packageDirectory);
        this.instances = Objects.requireNonNull(instances, "instances");
    }

    /** Sets the functions' environment and deploys what arrived before. */
    public synchronized void start(FunctionEnvironment functionEnvironment) {
        this.environment = Objects.requireNonNull(functionEnvironment, "functionEnvironment");
        waiting.values().forEach(this::deployNow);
        waiting.clear();
    }

    @Override
    public synchronized void deploy(FunctionDefinition function) {
        deployments.put(function.deployment(), function.name());
        if (environment == null) {
            waiting.put(function.deployment(), function);
            return;
        }
        deployNow(function);
    }

    private void deployNow(FunctionDefinition function) {
        // Extracted per function and CodeSha256: a version and $LATEST with the same code share the directory.
        FunctionPackage.ClassPath classPath = packages.classPath(function.name(), function.codeSha256(), function.code());
        runtime.deploy(new LocalFunction(function.name(), function.handler(), classPath.root(), function.memoryMb(),
                Duration.ofSeconds(function.timeoutSeconds()), environment.of(function),
                Math.max(1, instances.applyAsInt(function.name())), classPath.libraries(), function.logGroup(),
                function.version(), FunctionLogging.of(function.logFormat(), function.applicationLogLevel(),
                        function.systemLogLevel())));
    }

    @Override
    public synchronized void remove(String deployment) {
        waiting.remove(deployment);
        runtime.remove(deployment);
        String functionName = deployments.remove(deployment);
        if (functionName != null && !deployments.containsValue(functionName)) {
            packages.forget(functionName); // its last deployment: nothing runs from its extracted packages any more
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A function error's payload is Lambda's error object ({@code errorMessage}, {@code errorType}) with
     * {@code X-Amz-Function-Error: Unhandled}, for a handler's exception, a timeout ({@code Sandbox.Timedout}), an
     * init error or a process that exited. The result carries the end of the invocation's execution log (what Invoke
     * returns for {@code LogType: Tail}), recorded for every invocation: it is bounded (about 4 KB).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html">Java Lambda function errors</a>
     */
    @Override
    public InvokeResult invoke(String deployment, String invokedFunctionArn, byte[] payload, String source) {
        Invocation invocation;
        try {
            invocation = invoker.invoke(deployment, invokedFunctionArn, new String(payload, StandardCharsets.UTF_8), source);
        } catch (IllegalArgumentException unknown) {
            return InvokeResult.error("ResourceNotFoundException", "Function not found: " + deployment);
        }
        InvokeResult result;
        if (invocation.succeeded()) {
            String response = invocation.responseJson();
            result = InvokeResult.success((response == null ? "null" : response).getBytes(StandardCharsets.UTF_8));
        } else {
            result = InvokeResult.error(invocation.errorType(), invocation.errorMessage());
        }
        return result.withLogTail(invocation.logTail()).withRequestId(invocation.requestId());
    }
}
