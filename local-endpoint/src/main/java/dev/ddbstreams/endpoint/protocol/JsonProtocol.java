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

    /**
     * Timestamps ({@link java.time.Instant} in a {@code POJONode}) as the JSON protocols write them: epoch seconds.
     */
    public static JsonNode withEpochSeconds(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.POJONode pojo && pojo.getPojo() instanceof java.time.Instant instant) {
            return MAPPER.getNodeFactory().numberNode(instant.toEpochMilli() / 1000.0);
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = MAPPER.createObjectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), withEpochSeconds(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(element -> copy.add(withEpochSeconds(element)));
            return copy;
        }
        return node;
    }

    /**
     * An error of an {@code awsQueryCompatible} service spoken in JSON: also carries {@code x-amzn-query-error:
     * Code;Sender}, from which clients take the query-protocol error code.
     */
    public static AwsResponse queryCompatibleError(AwsServiceException error, String contentType, String requestId) {
        AwsResponse plain = error(error, contentType, requestId);
        java.util.Map<String, String> headers = new java.util.HashMap<>(plain.headers());
        headers.put("x-amzn-query-error", error.code() + ";" + (error.sender() ? "Sender" : "Receiver"));
        return new AwsResponse(plain.status(), plain.contentType(), Map.copyOf(headers), plain.body());
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
