package dev.ddbstreams.local.lambda;

import dev.ddbstreams.local.wiring.FunctionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A function as the local runtime runs it: its handler, the built jar, memory, timeout, its own environment
 * (already resolved: table names, queue URLs, emulator endpoints) and how many instances may run at once.
 *
 * @param name         the function's name (also {@code AWS_LAMBDA_FUNCTION_NAME} and the output tag)
 * @param handler      {@code package.Class::method} or {@code package.Class}, as in Lambda's handler setting
 * @param jar          the function's deployment jar
 * @param memoryMb     Lambda memory size; the JVM heap is sized from it as Lambda's Java runtime does
 * @param timeout      the function timeout, enforced per invocation
 * @param environment  the function's own variables, added to those Lambda sets
 * @param maxInstances execution environments that may run at once (each takes one invocation at a time)
 * @param libraries    class path entries after {@code jar}: the {@code lib/*.jar} of a .zip deployment package
 *                     ({@code jar} is then the directory it was extracted to); empty for a fat jar
 * @param logGroup     {@code AWS_LAMBDA_LOG_GROUP_NAME}: {@code /aws/lambda/<name>} unless configured otherwise
 * @param version      {@code $LATEST} or a published version ({@code AWS_LAMBDA_FUNCTION_VERSION}, the version of the
 *                     {@code START} line and of the log stream names); the runtime knows a published version by
 *                     {@link #qualifiedName()}, beside the function's {@code $LATEST}
 * @param logging      {@code LoggingConfig}'s format and levels: the form of the platform lines, which of them are
 *                     written, {@code AWS_LAMBDA_LOG_FORMAT} and {@code AWS_LAMBDA_LOG_LEVEL}; {@code Text} if null
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-common.html">Configuring Lambda function options</a>
 */
public record LocalFunction(String name, String handler, Path jar, int memoryMb, Duration timeout,
        Map<String, String> environment, int maxInstances, List<Path> libraries, String logGroup, String version,
        FunctionLogging logging) {

    /** The version every function has. */
    public static final String LATEST = "$LATEST";

    public LocalFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(timeout, "timeout");
        if (name.isBlank() || handler.isBlank()) {
            throw new IllegalArgumentException("function name and handler must not be blank");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("function " + name + ": memory " + memoryMb
                    + " MB is outside Lambda's 128..10240 MB");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("function " + name + ": timeout " + timeout
                    + " is outside Lambda's 1 s..15 min");
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("function " + name + ": maxInstances must be at least 1");
        }
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        libraries = List.copyOf(Objects.requireNonNullElse(libraries, List.of()));
        logGroup = logGroup == null ? "/aws/lambda/" + name : logGroup;
        version = version == null ? LATEST : version;
        logging = logging == null ? FunctionLogging.TEXT : logging;
    }

    /** A version of a function logging in {@code Text}. */
    public LocalFunction(String name, String handler, Path jar, int memoryMb, Duration timeout,
            Map<String, String> environment, int maxInstances, List<Path> libraries, String logGroup, String version) {
        this(name, handler, jar, memoryMb, timeout, environment, maxInstances, libraries, logGroup, version, null);
    }

    /** {@code $LATEST} of a function. */
    public LocalFunction(String name, String handler, Path jar, int memoryMb, Duration timeout,
            Map<String, String> environment, int maxInstances, List<Path> libraries, String logGroup) {
        this(name, handler, jar, memoryMb, timeout, environment, maxInstances, libraries, logGroup, LATEST);
    }

    /**
     * What the runtime knows this definition by ({@link FunctionRuntime#invoke}, {@link FunctionRuntime#remove}):
     * the function's name for {@code $LATEST}, {@code <name>:<version>} for a published version.
     */
    public String qualifiedName() {
        return LATEST.equals(version) ? name : name + ":" + version;
    }

    /** A function deployed as one jar, logging to {@code /aws/lambda/<name>}. */
    public LocalFunction(String name, String handler, Path jar, int memoryMb, Duration timeout,
            Map<String, String> environment, int maxInstances) {
        this(name, handler, jar, memoryMb, timeout, environment, maxInstances, List.of(), null);
    }

    /**
     * A function from its wiring declaration, one instance.
     *
     * @param jar                 the resolved {@code <repo>/<module>/target/<module>.jar}
     * @param resolvedEnvironment the declaration's environment with references resolved to local resources
     */
    public static LocalFunction of(String name, FunctionSpec spec, Path jar, Map<String, String> resolvedEnvironment) {
        return new LocalFunction(name, spec.handler(), jar, spec.memoryMb(), Duration.ofSeconds(spec.timeoutSeconds()),
                resolvedEnvironment, 1);
    }

    /** The same function with up to {@code instances} execution environments (e.g. 2 for an HTTP function). */
    public LocalFunction withMaxInstances(int instances) {
        return new LocalFunction(name, handler, jar, memoryMb, timeout, environment, instances, libraries, logGroup,
                version, logging);
    }
}
