package dev.ddbstreams.local.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as received, before API Gateway's mapping.
 *
 * @param headers      every header line in arrival order (names as sent; one entry per line)
 * @param body         the body bytes, empty when none
 * @param requestId    API Gateway's request id for it
 * @param epochMillis  when it was received
 * @param localPort    the port it arrived on ({@code x-forwarded-port})
 */
record IncomingRequest(String method, String rawPath, String rawQueryString, List<Map.Entry<String, String>> headers,
        byte[] body, String protocol, String sourceIp, int localPort, String requestId, long epochMillis,
        String traceId) {

    IncomingRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(rawPath);
        rawQueryString = rawQueryString == null ? "" : rawQueryString;
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, matched case-insensitively, or {@code null}. */
    String header(String name) {
        return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
