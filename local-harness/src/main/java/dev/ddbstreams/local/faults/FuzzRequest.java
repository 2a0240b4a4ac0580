package dev.ddbstreams.local.faults;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One generated HTTP request, byte for byte: method, request target, headers and body as they go on the wire.
 * {@code {note}} and {@code {user}} in the target are replaced by the ids of a note and a user the fuzzer
 * created first.
 *
 * @param category what the request attacks (for the figures)
 * @param label    a short description, for reports
 * @param framing  how the body is framed
 * @param expect   what a correct API answers
 * @param raw      when not {@code null}, the whole message as sent (method, target and headers are then only
 *                 descriptive): for requests that break HTTP's own syntax
 * @param shape    the error shape a correct answer takes ({@link FuzzRules} checks it)
 */
public record FuzzRequest(String category, String label, String method, byte[] target,
        List<Map.Entry<String, String>> headers, byte[] body, Framing framing, Expect expect, byte[] raw,
        ErrorShape shape) {

    /**
     * The error shape a request must get back, by the protocol it speaks.
     *
     * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization">AWS JSON errors</a>
     * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization">query errors</a>
     * @see <a href="https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html">Smithy RPC v2 CBOR</a>
     */
    public enum ErrorShape {
        /** The HTTP API's (API Gateway's): a JSON object with a {@code message} and an {@code Apigw-Requestid}. */
        HTTP_API,
        /** An AWS JSON protocol (AWS JSON 1.0/1.1, REST-JSON, an HTTP API on the edge): a JSON object. */
        AWS_JSON,
        /** The query protocol: AWS's XML {@code <ErrorResponse><Error><Code>}. */
        AWS_QUERY,
        /** Smithy RPC v2 CBOR: a CBOR map. */
        RPC_V2_CBOR,
        /** The request no longer tells its protocol (its marks were mutated away): any of AWS's error shapes. */
        AWS_ANY
    }

    /** What a correct API answers. */
    public enum Expect {
        /** Anything but a 5xx. */
        ANY,
        /** A 4xx: the input is invalid, accepting it would be a bug. */
        CLIENT_ERROR
    }

    /** How the body is framed on the wire. */
    public enum Framing {
        /** {@code Content-Length} with the body's length (no header when there is no body). */
        CONTENT_LENGTH,
        /** {@code Transfer-Encoding: chunked}, well formed (the body in chunks of up to 8 KiB). */
        CHUNKED,
        /** Headers as given (the generator wrote the framing headers, possibly wrong), then the body as is. */
        RAW,
        /** A {@code Content-Length} larger than the body, then the client stops sending (half-close). */
        TRUNCATED
    }

    /** A request to the HTTP API, answered in API Gateway's shape. */
    public FuzzRequest(String category, String label, String method, byte[] target,
            List<Map.Entry<String, String>> headers, byte[] body, Framing framing, Expect expect, byte[] raw) {
        this(category, label, method, target, headers, body, framing, expect, raw, ErrorShape.HTTP_API);
    }

    public FuzzRequest {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(expect, "expect");
    }

    public String targetText() {
        return new String(target, StandardCharsets.ISO_8859_1);
    }

    /** The request line and a description of the rest, shortened, for reports. */
    public String describe() {
        String target = targetText();
        if (target.length() > 120) {
            target = target.substring(0, 120) + "...(" + this.target.length + " bytes)";
        }
        StringBuilder text = new StringBuilder(method.length() > 40 ? method.substring(0, 40) + "..." : method)
                .append(' ').append(escape(target));
        headers.stream().filter(header -> !header.getKey().equalsIgnoreCase("Host")).limit(4).forEach(header ->
                text.append(" [").append(escape(header.getKey())).append(": ").append(escape(abbreviate(header.getValue())))
                        .append(']'));
        if (body.length > 0) {
            String shown = new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
            text.append(" body(").append(body.length).append(" bytes, ").append(framing).append(")=")
                    .append(escape(shown)).append(body.length > 120 ? "..." : "");
        }
        return text + " {" + category + ": " + label + "}";
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "...(" + value.length() + " chars)" : value;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
