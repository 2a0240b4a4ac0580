package dev.ddbstreams.endpoint.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response of an in-process service handler.
 *
 * @param status      HTTP status
 * @param contentType the Content-Type header
 * @param headers     further headers (for example {@code x-amzn-RequestId}, {@code smithy-protocol})
 * @param body        the body bytes
 */
public record AwsResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public static AwsResponse of(int status, String contentType, String body, Map<String, String> headers) {
        return new AwsResponse(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
