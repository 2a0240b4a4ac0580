package dev.ddbstreams.endpoint.apigateway;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
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
public record IncomingRequest(String method, String rawPath, String rawQueryString, List<Map.Entry<String, String>> headers,
        byte[] body, String protocol, String sourceIp, int localPort, String requestId, long epochMillis,
        String traceId) {

    public IncomingRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(rawPath);
        rawQueryString = rawQueryString == null ? "" : rawQueryString;
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, matched case-insensitively, or {@code null}. */
    public String header(String name) {
        return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** API Gateway request ids look like {@code JKJaXmPLvHcESHA=} (what {@code Apigw-Requestid} carries). */
    public static String newRequestId() {
        byte[] bytes = new byte[11];
        Ids.RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).replace('+', 'A').replace('/', 'B');
    }

    /** An X-Ray trace header as API Gateway adds it ({@code Root=1-<epoch hex>-<24 hex>}). */
    public static String newTraceId() {
        byte[] bytes = new byte[12];
        Ids.RANDOM.nextBytes(bytes);
        return "Root=1-" + String.format("%08x", System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(bytes);
    }

    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
