package dev.ddbstreams.local;

import dev.ddbstreams.local.lambda.FunctionStatus;
import dev.ddbstreams.local.mapping.MappingStatus;
import java.util.List;
import java.util.Map;

/** The body of {@code GET /_local/status}: endpoints, what is unavailable, functions and mappings. */
public record LocalStatus(long uptimeSeconds, Map<String, String> endpoints, List<String> unavailable,
        List<FunctionStatus> functions, List<MappingStatus> mappings) {
}
