package dev.ddbstreams.http;

import java.util.Objects;

/**
 * A client-facing error: a stable {@link ErrorCode} and a message written for a human. Messages never
 * carry stack traces, class names or AWS internals.
 */
public record ApiError(ErrorCode code, String message) {

    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message);
    }

    public HttpResponse toResponse() {
        return HttpResponse.error(this);
    }
}
