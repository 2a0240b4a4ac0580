package dev.ddbstreams.endpoint.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The REST-JSON protocol's successful answers (Lambda, API Gateway): a status chosen per operation, a JSON body or
 * none, and the request id. Each service keeps its own error shape.
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html">AWS restJson1 protocol</a>
 */
public final class RestJsonProtocol {
    public static final String CONTENT_TYPE = "application/json";

    private RestJsonProtocol() {
    }

    public static AwsResponse json(int status, JsonNode body, String requestId) {
        try {
            return new AwsResponse(status, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                    JsonProtocol.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static AwsResponse empty(int status, String requestId) {
        return new AwsResponse(status, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId), new byte[0]);
    }
}
