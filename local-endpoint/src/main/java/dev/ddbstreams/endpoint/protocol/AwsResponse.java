package dev.ddbstreams.endpoint.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A complete response of an in-process service handler.
 *
 * @param status      HTTP status
 * @param contentType the Content-Type header
 * @param headers     further headers (for example {@code x-amzn-RequestId}, {@code smithy-protocol})
 * @param body        the body bytes
 * @param repeatedHeaders headers sent once per entry, for names that repeat (API Gateway's {@code Set-Cookie})
 */
public record AwsResponse(int status, String contentType, Map<String, String> headers, byte[] body,
                          List<Map.Entry<String, String>> repeatedHeaders) {

    public AwsResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
        this(status, contentType, headers, body, List.of());
    }

    public static AwsResponse of(int status, String contentType, String body, Map<String, String> headers) {
        return new AwsResponse(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
