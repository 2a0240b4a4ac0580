package dev.ddbstreams.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response independent of Lambda types. Headers use their canonical capitalisation.
 *
 * @param status the HTTP status code
 * @param headers response headers, unmodifiable
 * @param body the body, or {@code null} for none (204, HEAD)
 */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public static final String CONTENT_TYPE = "Content-Type";
    public static final String APPLICATION_JSON = "application/json";

    public HttpResponse {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** A JSON response whose body is {@code value} serialised. */
    public static HttpResponse json(int status, Object value) {
        return new HttpResponse(status, Map.of(CONTENT_TYPE, APPLICATION_JSON), Json.write(value));
    }

    public static HttpResponse ok(Object value) {
        return json(200, value);
    }

    public static HttpResponse noContent() {
        return new HttpResponse(204, Map.of(), null);
    }

    /** {@code {"error":"<code>","message":"<text>"}} with the code's status. */
    public static HttpResponse error(ApiError error) {
        return json(error.code().status(), new ErrorBody(error.code().code(), error.message()));
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body);
    }

    /** The same status and headers without a body, as a HEAD request must be answered. */
    public HttpResponse withoutBody() {
        return new HttpResponse(status, headers, null);
    }

    /** The JSON error body; field order is part of what clients see. */
    record ErrorBody(String error, String message) {
    }
}
