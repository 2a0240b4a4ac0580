package dev.ddbstreams.local.wiring;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a function may do besides reading its event sources: IAM actions on the tables and queues named, as
 * {@code permissions} in {@code wiring.json} (Terraform's scenario module turns them into the function role's policy
 * statements, and so does the local provisioner).
 */
public record FunctionPermissions(Map<String, List<String>> tables, Map<String, List<String>> queues) {

    public FunctionPermissions {
        tables = Map.copyOf(Objects.requireNonNullElse(tables, Map.of()));
        queues = Map.copyOf(Objects.requireNonNullElse(queues, Map.of()));
    }
}
