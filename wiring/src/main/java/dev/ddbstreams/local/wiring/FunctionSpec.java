package dev.ddbstreams.local.wiring;

import java.util.Map;
import java.util.Objects;

/**
 * A Lambda function: the Maven module whose {@code target/<module>.jar} it runs, its handler, memory,
 * timeout and environment (values refer to tables or queues, or are literals); the IAM permissions Terraform
 * grants its role and its group (the Terraform scenario module that creates it). The local runtime does not
 * enforce IAM, so it reads neither of the last two.
 */
public record FunctionSpec(String module, String handler, int memoryMb, int timeoutSeconds,
        Map<String, EnvironmentValue> environment, Permissions permissions, String group) {

    public FunctionSpec {
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
        permissions = Objects.requireNonNullElse(permissions, Permissions.NONE);
    }

    /** A function without Terraform's settings (permissions, group), as tests of the runtime build one. */
    public FunctionSpec(String module, String handler, int memoryMb, int timeoutSeconds,
            Map<String, EnvironmentValue> environment) {
        this(module, handler, memoryMb, timeoutSeconds, environment, null, null);
    }
}
