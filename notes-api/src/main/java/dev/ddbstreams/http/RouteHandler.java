package dev.ddbstreams.http;

import java.util.Map;

/** Answers one method on one path template. */
@FunctionalInterface
public interface RouteHandler {

    /**
     * @param request the request
     * @param pathParameters the values of the template's {@code {name}} segments, exactly as they appear in the
     *     raw path (still percent-encoded: validating them is the route's job)
     */
    HttpResponse handle(HttpRequest request, Map<String, String> pathParameters);
}
