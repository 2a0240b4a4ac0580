package dev.ddbstreams.endpoint.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version's configuration ({@code $LATEST} or a published number) as stored and snapshotted: the fields of
 * Lambda's {@code FunctionConfiguration}. Mutable on purpose: only {@link LambdaService} touches it, under its lock,
 * and published versions are copies that are never changed again (except for their state).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html">FunctionConfiguration</a>
 */
final class FunctionConfig {
    public String version = "$LATEST";
    public String runtime;
    public String handler;
    public String role;
    public String description = "";
    public int memorySize = 128;
    public int timeout = 3;
    public Map<String, String> environment;
    public String tracingMode = "PassThrough";
    public String logFormat = "Text";
    public String logGroup;
    public String applicationLogLevel;
    public String systemLogLevel;
    public List<String> architectures = new ArrayList<>(List.of("x86_64"));
    public int ephemeralStorage = 512;
    public String snapStartApplyOn = "None";
    public String packageType = "Zip";
    public String deadLetterTargetArn;
    public String kmsKeyArn;
    public String codeSha256;
    public String codeSha256Hex;
    public long codeSize;
    public String lastModified;
    public String revisionId;
    public String state;
    public String stateReason;
    public String stateReasonCode;
    public String lastUpdateStatus;
    public String lastUpdateStatusReason;
    public String lastUpdateStatusReasonCode;

    FunctionConfig copy() {
        FunctionConfig copy = new FunctionConfig();
        copy.version = version;
        copy.runtime = runtime;
        copy.handler = handler;
        copy.role = role;
        copy.description = description;
        copy.memorySize = memorySize;
        copy.timeout = timeout;
        copy.environment = environment == null ? null : new LinkedHashMap<>(environment);
        copy.tracingMode = tracingMode;
        copy.logFormat = logFormat;
        copy.logGroup = logGroup;
        copy.applicationLogLevel = applicationLogLevel;
        copy.systemLogLevel = systemLogLevel;
        copy.architectures = new ArrayList<>(architectures);
        copy.ephemeralStorage = ephemeralStorage;
        copy.snapStartApplyOn = snapStartApplyOn;
        copy.packageType = packageType;
        copy.deadLetterTargetArn = deadLetterTargetArn;
        copy.kmsKeyArn = kmsKeyArn;
        copy.codeSha256 = codeSha256;
        copy.codeSha256Hex = codeSha256Hex;
        copy.codeSize = codeSize;
        copy.lastModified = lastModified;
        copy.revisionId = revisionId;
        copy.state = state;
        copy.stateReason = stateReason;
        copy.stateReasonCode = stateReasonCode;
        copy.lastUpdateStatus = lastUpdateStatus;
        copy.lastUpdateStatusReason = lastUpdateStatusReason;
        copy.lastUpdateStatusReasonCode = lastUpdateStatusReasonCode;
        return copy;
    }

    /**
     * Whether publishing this {@code $LATEST} would give a version equal to {@code published}: PublishVersion returns
     * the latest version instead of a new one when neither code nor configuration changed.
     */
    boolean sameContentAs(FunctionConfig published) {
        return java.util.Objects.equals(codeSha256, published.codeSha256)
                && java.util.Objects.equals(runtime, published.runtime)
                && java.util.Objects.equals(handler, published.handler)
                && java.util.Objects.equals(role, published.role)
                && java.util.Objects.equals(description, published.description)
                && memorySize == published.memorySize && timeout == published.timeout
                && java.util.Objects.equals(environment, published.environment)
                && java.util.Objects.equals(tracingMode, published.tracingMode)
                && java.util.Objects.equals(logFormat, published.logFormat)
                && java.util.Objects.equals(logGroup, published.logGroup)
                && java.util.Objects.equals(architectures, published.architectures)
                && ephemeralStorage == published.ephemeralStorage;
    }
}
