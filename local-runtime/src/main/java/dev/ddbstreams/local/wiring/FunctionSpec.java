package dev.ddbstreams.local.wiring;

import java.util.Map;
import java.util.Objects;

/**
 * A Lambda function: the Maven module whose {@code target/<module>.jar} it runs, its handler, memory,
 * timeout and environment (values refer to tables or queues, or are literals).
 */
public record FunctionSpec(String module, String handler, int memoryMb, int timeoutSeconds,
        Map<String, EnvironmentValue> environment) {

    public FunctionSpec {
        environment = Map.copyOf(Objects.requireNonNullElse(environment, Map.of()));
    }
}
