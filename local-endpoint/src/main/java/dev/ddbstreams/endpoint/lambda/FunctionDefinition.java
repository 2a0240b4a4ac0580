package dev.ddbstreams.endpoint.lambda;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A function as the Lambda control plane hands it to whatever runs functions ({@link FunctionHost}): the stored
 * configuration of one version of a function ({@code $LATEST} or a published version) with its code on disk. A
 * published version is an immutable snapshot of code and configuration and runs as its own deployment
 * ({@link #deployment()}), beside {@code $LATEST}.
 *
 * @param name           the function name
 * @param arn            {@code arn:aws:lambda:<region>:<account>:function:<name>}
 * @param runtime        {@code java17} or {@code java21}
 * @param handler        {@code package.Class::method} or {@code package.Class}
 * @param code           the deployment package as uploaded (a jar or a zip; classes at its root, libraries under
 *                       {@code lib/}), kept by the control plane; the file is not changed while this definition is
 *                       current (new code gets a new file)
 * @param codeSha256     base64 SHA-256 of the package, as {@code CodeSha256} reports it
 * @param memoryMb       {@code MemorySize}
 * @param timeoutSeconds {@code Timeout}
 * @param environment    {@code Environment.Variables}
 * @param roleArn        the execution role
 * @param logGroup       {@code LoggingConfig.LogGroup} ({@code /aws/lambda/<name>} unless configured)
 * @param tracingMode    {@code TracingConfig.Mode}: {@code PassThrough} or {@code Active}
 * @param version        {@code $LATEST} or a published version number ({@code AWS_LAMBDA_FUNCTION_VERSION}, the
 *                       {@code [version]} of the log stream names)
 * @param logFormat      {@code LoggingConfig.LogFormat}: {@code Text} (also when null) or {@code JSON}
 * @param applicationLogLevel {@code LoggingConfig.ApplicationLogLevel} ({@code JSON} only, else null)
 * @param systemLogLevel {@code LoggingConfig.SystemLogLevel} ({@code JSON} only, else null)
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html">CreateFunction</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Configuring advanced logging controls for Lambda functions</a>
 */
public record FunctionDefinition(String name, String arn, String runtime, String handler, Path code, String codeSha256,
                                 int memoryMb, int timeoutSeconds, Map<String, String> environment, String roleArn,
                                 String logGroup, String tracingMode, String version, String logFormat,
                                 String applicationLogLevel, String systemLogLevel) {

    /** The version every function has: the one that changes with each update. */
    public static final String LATEST = "$LATEST";

    public FunctionDefinition {
        Objects.requireNonNull(name, "name");
        version = Objects.requireNonNullElse(version, LATEST);
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(code, "code");
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        logFormat = Objects.requireNonNullElse(logFormat, "Text");
    }

    /** A version of a function logging in {@code Text}. */
    public FunctionDefinition(String name, String arn, String runtime, String handler, Path code, String codeSha256,
                              int memoryMb, int timeoutSeconds, Map<String, String> environment, String roleArn,
                              String logGroup, String tracingMode, String version) {
        this(name, arn, runtime, handler, code, codeSha256, memoryMb, timeoutSeconds, environment, roleArn, logGroup,
                tracingMode, version, null, null, null);
    }

    /** {@code $LATEST} of a function. */
    public FunctionDefinition(String name, String arn, String runtime, String handler, Path code, String codeSha256,
                              int memoryMb, int timeoutSeconds, Map<String, String> environment, String roleArn,
                              String logGroup, String tracingMode) {
        this(name, arn, runtime, handler, code, codeSha256, memoryMb, timeoutSeconds, environment, roleArn, logGroup,
                tracingMode, LATEST);
    }

    /** The name the host knows this definition by: {@link #deployment(String, String)}. */
    public String deployment() {
        return deployment(name, version);
    }

    /**
     * The host's name of one version of a function: the function's name for {@code $LATEST}, {@code <name>:<version>}
     * for a published version (the form of a qualified function name, which the API accepts as FunctionName).
     */
    public static String deployment(String functionName, String version) {
        return version == null || LATEST.equals(version) ? functionName : functionName + ":" + version;
    }
}
