package dev.ddbstreams.dynamodb.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.errors.ConditionalCheckFailedException;
import dev.ddbstreams.dynamodb.errors.DynamoDbException;
import dev.ddbstreams.dynamodb.errors.InternalServerError;
import dev.ddbstreams.dynamodb.errors.MissingAuthenticationTokenException;
import dev.ddbstreams.dynamodb.errors.SerializationException;
import dev.ddbstreams.dynamodb.errors.TransactionCanceledException;
import dev.ddbstreams.dynamodb.errors.UnknownOperationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * AWS's JSON 1.0 protocol for DynamoDB and DynamoDB Streams: {@code POST /} with
 * {@code X-Amz-Target: DynamoDB_20120810.<Operation>} (or {@code DynamoDBStreams_20120810.<Operation>}), a
 * JSON body in and out, errors as {@code {"__type":"<namespace>#<Code>","message":"..."}}, and the
 * {@code x-amz-crc32} header the SDKs check.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html">DynamoDB low-level API</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html">AWS JSON 1.0 protocol</a>
 */
public final class DynamoDbHttpHandler extends Handler.Abstract {

    private static final Logger LOG = Logger.getLogger(DynamoDbHttpHandler.class.getName());
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final Map<String, Operation> operations;

    /** @param operations by full target, e.g. {@code DynamoDB_20120810.PutItem} */
    public DynamoDbHttpHandler(Map<String, Operation> operations) {
        this.operations = Map.copyOf(operations);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.POST.is(request.getMethod())) {
            // DynamoDB answers a plain GET with a health line (what load balancers and curl see).
            send(response, callback, 200, "text/plain",
                    "healthy: dynamodb.amazonaws.com ".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        byte[] body;
        ObjectNode result;
        int status = 200;
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readAllBytes();
            result = dispatch(request, body);
        } catch (DynamoDbException e) {
            status = e.httpStatus();
            result = errorBody(e);
        } catch (IOException e) {
            status = 400;
            result = errorBody(new SerializationException("Could not read the request body"));
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.WARNING, "internal error", e);
            status = 500;
            result = errorBody(new InternalServerError("Internal server error"));
        }
        byte[] out;
        try {
            out = Json.MAPPER.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            status = 500;
            out = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}".getBytes(StandardCharsets.UTF_8);
        }
        send(response, callback, status, CONTENT_TYPE, out);
        return true;
    }

    private ObjectNode dispatch(Request request, byte[] body) {
        String target = request.getHeaders().get("X-Amz-Target");
        if (request.getHeaders().get(HttpHeader.AUTHORIZATION) == null) {
            // Every SDK signs its requests; AWS refuses an unsigned one before looking at it.
            throw new MissingAuthenticationTokenException("Request is missing Authentication Token");
        }
        Operation operation = target == null ? null : operations.get(target);
        if (operation == null) {
            throw new UnknownOperationException(null);
        }
        JsonNode json;
        try {
            json = body.length == 0 ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new SerializationException("Malformed JSON in request body");
        }
        if (json == null || !json.isObject()) {
            throw new SerializationException("Start of structure or map found where not expected.");
        }
        return operation.handle(new Params(json));
    }

    /** The error body; also used for the extra members of conditional and transaction failures. */
    static ObjectNode errorBody(DynamoDbException e) {
        ObjectNode node = Json.object();
        node.put("__type", e.namespace() + "#" + e.errorType());
        if (e.getMessage() != null) {
            node.put("message", e.getMessage());
        }
        if (e instanceof ConditionalCheckFailedException conditional) {
            conditional.item().ifPresent(item -> node.set("Item", AttributeValueJson.writeMap(item)));
        }
        if (e instanceof TransactionCanceledException cancelled) {
            ArrayNode reasons = node.putArray("CancellationReasons");
            for (TransactionCanceledException.CancellationReason reason : cancelled.reasons()) {
                ObjectNode r = reasons.addObject();
                r.put("Code", reason.code());
                if (reason.message() != null) {
                    r.put("Message", reason.message());
                }
                if (reason.item() != null) {
                    r.set("Item", AttributeValueJson.writeMap(reason.item()));
                }
            }
        }
        return node;
    }

    /**
     * Answers what Jetty refuses before {@link DynamoDbHttpHandler} runs (a malformed request line, framing or URI)
     * in the protocol's JSON error shape instead of Jetty's HTML page: a client of the AWS JSON protocol parses every
     * error body as JSON. Always a 4xx: such a request is the client's mistake.
     */
    public static final class JsonErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() >= 400 && response.getStatus() < 500 ? response.getStatus() : 400;
            byte[] body;
            try {
                body = Json.MAPPER.writeValueAsBytes(errorBody(new SerializationException(
                        "The request could not be parsed as HTTP (status " + response.getStatus() + ").")));
            } catch (JsonProcessingException impossible) {
                body = "{\"__type\":\"com.amazon.coral.service#SerializationException\"}".getBytes(StandardCharsets.UTF_8);
            }
            send(response, callback, status, CONTENT_TYPE, body);
            return true;
        }
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put("x-amzn-RequestId", requestId());
        response.getHeaders().put("x-amz-crc32", Long.toString(crc.getValue()));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** 52 characters, as AWS's request ids are. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[52];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }
}
