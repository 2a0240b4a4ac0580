package dev.ddbstreams.endpoint.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Smithy RPC v2 CBOR: {@code POST /service/<Service>/operation/<Operation>}, {@code smithy-protocol: rpc-v2-cbor},
 * CBOR bodies, timestamps as tag 1 (epoch seconds). Errors carry {@code __type} and {@code message}; services that are
 * {@code awsQueryCompatible} (CloudWatch) also send {@code x-amzn-query-error: Code;Sender}, from which the SDK takes
 * the query-protocol error code.
 *
 * @see <a href="https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html">Smithy RPC v2 CBOR protocol</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait">awsQueryCompatible</a>
 */
public final class CborProtocol {
    public static final String CONTENT_TYPE = "application/cbor";
    private static final CBORMapper MAPPER = new CBORMapper();
    private static final CBORFactory FACTORY = MAPPER.getFactory();
    private static final int EPOCH_SECONDS_TAG = 1;

    private CborProtocol() {
    }

    /** The operation name from {@code /service/<Service>/operation/<Operation>}, or empty. */
    public static String operation(String path) {
        int marker = path.indexOf("/operation/");
        return marker < 0 ? "" : path.substring(marker + "/operation/".length());
    }

    public static ObjectNode input(AwsRequest request) {
        if (request.body().length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException malformed) {
            // Falls through to the serialization error below.
        }
        throw AwsServiceException.badRequest("SerializationException", "The request body is not a CBOR map.");
    }

    public static AwsResponse response(ObjectNode output, String requestId) {
        return new AwsResponse(200, CONTENT_TYPE, Map.of("smithy-protocol", "rpc-v2-cbor", "x-amzn-RequestId", requestId), encode(output));
    }

    public static AwsResponse error(AwsServiceException error, String requestId) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        return new AwsResponse(error.status(), CONTENT_TYPE, Map.of(
                "smithy-protocol", "rpc-v2-cbor",
                "x-amzn-RequestId", requestId,
                "x-amzn-query-error", error.code() + ";" + (error.sender() ? "Sender" : "Receiver")), encode(body));
    }

    /**
     * An error of a JSON-protocol service spoken in CBOR ({@code application/x-amz-cbor-1.1}, the SDK v2 Kinesis
     * client's default): the same {@code __type}/{@code message} map, CBOR-encoded.
     */
    public static AwsResponse awsCborError(AwsServiceException error, String contentType, String requestId) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        return new AwsResponse(error.status(), contentType,
                Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", error.code()), encode(body));
    }

    static byte[] encode(JsonNode node) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator generator = FACTORY.createGenerator(bytes)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonNode node, CBORGenerator generator) throws IOException {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            generator.writeTag(EPOCH_SECONDS_TAG);
            generator.writeNumber(instant.toEpochMilli() / 1000.0);
        } else if (node.isObject()) {
            generator.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                write(field.getValue(), generator);
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                write(element, generator);
            }
            generator.writeEndArray();
        } else {
            MAPPER.writeTree(generator, node);
        }
    }
}
