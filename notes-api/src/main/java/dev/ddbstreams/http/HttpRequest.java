package dev.ddbstreams.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request independent of Lambda types, as the routes see it.
 *
 * @param method the method exactly as received (methods are case-sensitive)
 * @param rawPath the path as the client sent it, still percent-encoded, including any stage prefix
 * @param path the path the router matches: {@code rawPath} without the stage prefix
 * @param headers header values by lower-case name
 * @param rawQueryString the query string without {@code ?}, still percent-encoded; empty for none
 * @param body the body as delivered, or {@code null}; base64 text when {@code bodyBase64Encoded}
 * @param bodyBase64Encoded whether API Gateway base64-encoded the body
 * @param requestId the API Gateway request id, for correlating logs; empty when unknown
 */
public record HttpRequest(String method, String rawPath, String path, Map<String, String> headers,
                          String rawQueryString, String body, boolean bodyBase64Encoded, String requestId) {

    public HttpRequest {
        method = method == null ? "" : method;
        path = path == null || path.isEmpty() ? "/" : path;
        rawPath = rawPath == null || rawPath.isEmpty() ? path : rawPath;
        headers = lowerCaseKeys(headers);
        rawQueryString = rawQueryString == null ? "" : rawQueryString;
        requestId = requestId == null ? "" : requestId;
    }

    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** The header's value; names are case-insensitive. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Builder toBuilder() {
        return new Builder(method, path).rawPath(rawPath).headers(headers).rawQueryString(rawQueryString)
                .body(body, bodyBase64Encoded).requestId(requestId);
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                lower.merge(name.toLowerCase(Locale.ROOT), value, (first, second) -> first + "," + second);
            }
        });
        return Map.copyOf(lower);
    }

    /** Builds requests for routes and tests. */
    public static final class Builder {
        private final String method;
        private final String path;
        private String rawPath;
        private Map<String, String> headers = Map.of();
        private String rawQueryString = "";
        private String body;
        private boolean bodyBase64Encoded;
        private String requestId = "";

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        public Builder header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            this.headers = copy;
            return this;
        }

        public Builder rawQueryString(String rawQueryString) {
            this.rawQueryString = rawQueryString;
            return this;
        }

        public Builder body(String body) {
            return body(body, false);
        }

        public Builder body(String body, boolean base64Encoded) {
            this.body = body;
            this.bodyBase64Encoded = base64Encoded;
            return this;
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public HttpRequest build() {
            return new HttpRequest(method, rawPath, path, headers, rawQueryString, body, bodyBase64Encoded, requestId);
        }
    }
}
