package dev.ddbstreams.local.http;

import dev.ddbstreams.local.lambda.Invocation;
import java.time.Duration;

/**
 * One served request, for the request log.
 *
 * @param routeKey   the matched route ({@code "ANY /notes/{proxy+}"}), or {@code null} (no route, local route)
 * @param function   the invoked function, or {@code null} when none was invoked
 * @param status     the HTTP status sent
 * @param invocation the invocation's result, or {@code null} when none was invoked
 */
public record HttpRequestLog(String requestId, String method, String path, String routeKey, String function,
        int status, Duration duration, Invocation invocation) {

    /** {@code POST /notes -> notes-api 201 (12 ms)}, plus the outcome when the function failed. */
    public String toLogLine() {
        StringBuilder line = new StringBuilder().append(method).append(' ').append(path);
        if (function != null) {
            line.append(" -> ").append(function);
        }
        line.append(' ').append(status).append(" (").append(duration.toMillis()).append(" ms");
        if (invocation != null && invocation.coldStart()) {
            line.append(", cold start");
        }
        line.append(')');
        if (invocation != null && !invocation.succeeded()) {
            line.append(' ').append(invocation.outcome()).append(": ").append(invocation.errorType());
        }
        return line.toString();
    }
}
