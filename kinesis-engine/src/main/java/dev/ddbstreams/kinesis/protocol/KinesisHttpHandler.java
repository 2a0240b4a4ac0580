package dev.ddbstreams.kinesis.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.kinesis.errors.KinesisException;
import dev.ddbstreams.kinesis.errors.SerializationException;
import dev.ddbstreams.kinesis.stream.KinesisService;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Kinesis's HTTP face: {@code POST /} with {@code X-Amz-Target: Kinesis_20131202.<Operation>} and a JSON or CBOR
 * body; the answer comes back in the request's format, errors as {@code {"__type": ..., "message": ...}} with
 * AWS's status. Signatures are not checked (any credentials work, as with every local emulator).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonParameters.html">Common parameters</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Common errors</a>
 */
public final class KinesisHttpHandler extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger(KinesisHttpHandler.class.getName());
    private static final String TARGET_PREFIX = "Kinesis_20131202.";

    private final KinesisOperations operations;

    public KinesisHttpHandler(KinesisService service) {
        this.operations = new KinesisOperations(service);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        byte[] body;
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readAllBytes();
        }
        WireFormat format = WireFormat.ofContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        String target = request.getHeaders().get("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        if (format == null || !"POST".equals(request.getMethod())) {
            // Neither JSON nor CBOR, or not a POST: AWS's front end answers UnknownOperationException (kinesalite,
            // recorded against AWS, answers 404 for a content type it cannot read).
            respond(response, callback, WireFormat.JSON, 404, error("UnknownOperationException", null));
            return true;
        }
        if (operation == null || !operations.knows(operation)) {
            respond(response, callback, format, 400, error("UnknownOperationException", null));
            return true;
        }
        try {
            JsonNode tree = body.length == 0 ? format.mapper().createObjectNode() : format.mapper().readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new SerializationException("Start of structure or map expected.");
            }
            Object answer = operations.invoke(operation, new Body(tree, format));
            respond(response, callback, format, 200, answer);
        } catch (KinesisException e) {
            respond(response, callback, format, e.httpStatus(), error(e.errorType(), e.getMessage()));
        } catch (IOException e) {
            // Not parseable as the declared format: AWS answers SerializationException with no message.
            respond(response, callback, format, 400, error("SerializationException", null));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Kinesis " + operation + " failed", e);
            respond(response, callback, format, 500, error("InternalFailure", e.toString()));
        }
        return true;
    }

    /**
     * Answers what Jetty refuses before {@link KinesisHttpHandler} runs (a malformed request line, framing or URI)
     * with a JSON error instead of Jetty's HTML page: a Kinesis client parses every error body. Always a 4xx: such a
     * request is the client's mistake.
     */
    public static final class JsonErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() >= 400 && response.getStatus() < 500 ? response.getStatus() : 400;
            respond(response, callback, WireFormat.JSON, status, error("SerializationException",
                    "The request could not be parsed as HTTP (status " + response.getStatus() + ")."));
            return true;
        }
    }

    private static Map<String, Object> error(String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        return body;
    }

    private static void respond(Response response, Callback callback, WireFormat format, int status, Object answer) {
        byte[] bytes = ResponseEncoder.encode(format, answer);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        response.getHeaders().put("x-amz-id-2", java.util.Base64.getEncoder()
                .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
