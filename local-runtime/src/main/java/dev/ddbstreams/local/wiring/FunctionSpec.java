package dev.ddbstreams.local.wiring;

import java.util.Map;
import java.util.Objects;

/**
 * A Lambda function: the Maven module whose {@code target/<module>.jar} it runs, its handler, memory,
 * timeout, environment (values refer to tables or queues, or are literals) and permissions.
 */
public record FunctionSpec(String module, String handler, int memoryMb, int timeoutSeconds,
        Map<String, EnvironmentValue> environment, FunctionPermissions permissions) {

    public FunctionSpec {
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        permissions = permissions == null ? new FunctionPermissions(null, null) : permissions;
    }

    /** A function without permissions beyond its event sources. */
    public FunctionSpec(String module, String handler, int memoryMb, int timeoutSeconds,
            Map<String, EnvironmentValue> environment) {
        this(module, handler, memoryMb, timeoutSeconds, environment, null);
    }
}
