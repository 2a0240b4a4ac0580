package dev.ddbstreams.local.wiring;

import java.util.Map;
import java.util.Objects;

/** The HTTP API: throttling and its routes ({@code "ANY /notes/{proxy+}"} to a function name). */
public record HttpApiSpec(int throttlingBurstLimit, double throttlingRateLimit, Map<String, String> routes) {

    public HttpApiSpec {
        routes = Map.copyOf(Objects.requireNonNullElse(routes, Map.of()));
    }
}
