package dev.ddbstreams.endpoint.apigateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;

/**
 * An HTTP response API Gateway sends for an HTTP API: status, headers (a name may repeat, e.g. Set-Cookie), body.
 * Its own errors are a JSON object with a {@code message}: {@code {"message":"Not Found"}}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html">Troubleshooting HTTP API Lambda integrations</a>
 */
public record HttpReply(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade");

    /**
     * The headers that can be sent: those a function set that HTTP cannot carry (a line break or other control
     * character in a value, a name that is not a token) are left out rather than failing the whole response, and
     * framing headers are the server's to set.
     */
    public List<Map.Entry<String, String>> sendableHeaders() {
        return headers.stream().filter(header -> !HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))
                && isToken(header.getKey()) && isFieldValue(header.getValue())).toList();
    }

    /** RFC 9110 token: the characters a header name may have. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 field value: visible characters, spaces and tabs (no CR, LF or NUL); Latin-1 at most. */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, List.of(Map.entry("Content-Type", "application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** API Gateway's own answer: {@code {"message":"..."}}. */
    public static HttpReply message(int status, String message) {
        return json(status, JSON.createObjectNode().put("message", message).toString());
    }

    /** What API Gateway answers when the integration failed or answered something it cannot use. */
    public static HttpReply internalServerError() {
        return message(500, "Internal Server Error");
    }

    /** What API Gateway answers when the integration did not answer within its timeout. */
    public static HttpReply serviceUnavailable() {
        return message(503, "Service Unavailable");
    }

    /** No route matched (and there is no {@code $default} route), or the API or stage does not exist. */
    public static HttpReply notFound() {
        return message(404, "Not Found");
    }
}
