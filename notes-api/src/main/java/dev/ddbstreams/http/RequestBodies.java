package dev.ddbstreams.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a request body into a JSON object, or into the 4xx that says what is wrong with it. Nothing here
 * throws for bad input.
 *
 * <p>Order of checks: media type (415), presence (400), size (413, before any decoding or parsing), base64
 * (API Gateway base64-encodes bodies it does not consider text), strict UTF-8 (a stray byte is an error,
 * not a silent U+FFFD), then JSON syntax and limits, then "is it an object".
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP API payload format 2.0 (isBase64Encoded)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259#section-8.1">RFC 8259: UTF-8, and a BOM may be ignored</a>
 */
public final class RequestBodies {

    /**
     * The largest body read at all: 1 MiB. It bounds decoding and parsing work; the item-size limits that
     * matter for DynamoDB (400 KB) are checked on the decoded fields, because JSON escapes make the body
     * larger than the text it carries.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private RequestBodies() {
    }

    /** Reads the body as a JSON object. */
    public static Validated<ObjectNode> readJsonObject(HttpRequest request) {
        return checkMediaType(request)
                .flatMap(RequestBodies::bodyText)
                .flatMap(RequestBodies::parse);
    }

    private static Validated<HttpRequest> checkMediaType(HttpRequest request) {
        String contentType = request.header("content-type").orElse(null);
        // A missing Content-Type is tolerated: the body is JSON or it is rejected as such.
        if (contentType == null || contentType.isBlank()) {
            return Validated.valid(request);
        }
        // Limit -1 keeps empty parts: ";".split(";") is an empty array, and a bare ";" must get the 415 below.
        String[] parts = contentType.split(";", -1);
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json") && mediaType.indexOf('/') == mediaType.lastIndexOf('/'));
        if (!json) {
            return Validated.invalid(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as JSON with Content-Type: application/json.");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return Validated.invalid(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                            "JSON bodies must be UTF-8; charset " + (charset.length() > 40 ? "(too long)" : charset)
                                    + " is not supported.");
                }
            }
        }
        return Validated.valid(request);
    }

    private static Validated<String> bodyText(HttpRequest request) {
        String body = request.body();
        if (body == null || body.isEmpty()) {
            return Validated.invalid(ErrorCode.MISSING_BODY, "This request needs a JSON object body.");
        }
        if (!request.bodyBase64Encoded()) {
            return Utf8.byteLength(body) > MAX_BODY_BYTES ? tooLarge() : Validated.valid(body);
        }
        // 4 base64 characters carry 3 bytes: refuse an oversized body before decoding it.
        if ((long) body.length() / 4 * 3 > MAX_BODY_BYTES + 3L) {
            return tooLarge();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            return Validated.invalid(ErrorCode.INVALID_BASE64,
                    "The body is marked base64-encoded but is not valid base64.");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        if (bytes.length == 0) {
            return Validated.invalid(ErrorCode.MISSING_BODY, "This request needs a JSON object body.");
        }
        try {
            return Validated.valid(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            return Validated.invalid(ErrorCode.INVALID_UTF8, "The body is not valid UTF-8.");
        }
    }

    private static Validated<ObjectNode> parse(String text) {
        String json = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        if (json.isBlank()) {
            return Validated.invalid(ErrorCode.MISSING_BODY, "This request needs a JSON object body.");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return Validated.invalid(describe(e));
        }
        if (node instanceof ObjectNode object) {
            return Validated.valid(object);
        }
        return Validated.invalid(ErrorCode.EXPECTED_JSON_OBJECT,
                "The body must be a JSON object, not " + JsonFields.describeType(node) + ".");
    }

    /** A message that says where and what, without echoing request content. */
    private static ApiError describe(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return ApiError.of(ErrorCode.JSON_LIMIT_EXCEEDED, "The body exceeds a JSON limit of this API "
                        + "(nesting depth " + Json.MAX_NESTING_DEPTH + ", number length " + Json.MAX_NUMBER_LENGTH
                        + " digits, field name length " + Json.MAX_NAME_LENGTH + ").");
            }
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what;
        if (e instanceof JsonEOFException) {
            what = "ends before the JSON value is complete";
        } else if (original.startsWith("Duplicate field")) {
            what = "repeats a field name";
        } else if (original.startsWith("Trailing token")) {
            what = "has content after the JSON value";
        } else {
            what = "is not valid JSON";
        }
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return ApiError.of(ErrorCode.MALFORMED_JSON, "The body " + what + where + ".");
    }

    private static <T> Validated<T> tooLarge() {
        return Validated.invalid(ErrorCode.PAYLOAD_TOO_LARGE,
                "The body exceeds " + MAX_BODY_BYTES + " bytes.");
    }
}
