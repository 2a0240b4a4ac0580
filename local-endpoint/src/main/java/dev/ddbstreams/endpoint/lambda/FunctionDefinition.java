package dev.ddbstreams.endpoint.lambda;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A function as the Lambda control plane hands it to whatever runs functions ({@link FunctionHost}): the stored
 * configuration of one function ({@code $LATEST}) with its code on disk.
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
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html">CreateFunction</a>
 */
public record FunctionDefinition(String name, String arn, String runtime, String handler, Path code, String codeSha256,
                                 int memoryMb, int timeoutSeconds, Map<String, String> environment, String roleArn,
                                 String logGroup, String tracingMode) {

    public FunctionDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(code, "code");
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
    }
}
