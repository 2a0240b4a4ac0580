package dev.ddbstreams.endpoint.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/**
 * The AWS JSON 1.0/1.1 protocols ({@code X-Amz-Target: Service_Version.Operation}, JSON bodies). Errors carry
 * {@code __type} and {@code message} and the {@code x-amzn-ErrorType} header, which the SDKs read.
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html">AWS JSON 1.1 protocol</a>
 */
public final class JsonProtocol {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonProtocol() {
    }

    /** The request body as a JSON object; an empty body is an empty object, as the SDKs send for no input. */
    public static ObjectNode input(AwsRequest request, String serializationErrorCode) {
        if (request.body().length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException malformed) {
            // Falls through to AWS's answer for a body that is not a JSON object.
        }
        throw AwsServiceException.badRequest(serializationErrorCode, "Start of structure or map found where not expected.");
    }

    public static AwsResponse response(String contentType, JsonNode output, String requestId) {
        try {
            return new AwsResponse(200, contentType, Map.of("x-amzn-RequestId", requestId), MAPPER.writeValueAsBytes(output));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static AwsResponse error(AwsServiceException error, String contentType, String requestId) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        try {
            return new AwsResponse(error.status(), contentType,
                    Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", error.code()), MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
