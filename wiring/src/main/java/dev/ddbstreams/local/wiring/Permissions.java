package dev.ddbstreams.local.wiring;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a function's role may do, by resource: IAM actions ({@code "dynamodb:GetItem"}) per declared table and
 * per declared queue. Terraform turns each entry into one policy statement on that resource's ARN; these are
 * the only resource kinds it grants on, so any other kind is refused when the wiring is read.
 */
public record Permissions(Map<String, List<String>> tables, Map<String, List<String>> queues) {

    public static final Permissions NONE = new Permissions(Map.of(), Map.of());

    public Permissions {
        tables = copy(tables);
        queues = copy(queues);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> grants) {
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        Objects.requireNonNullElse(grants, Map.<String, List<String>>of())
                .forEach((resource, actions) -> copy.put(resource, List.copyOf(Objects.requireNonNullElse(actions, List.of()))));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
