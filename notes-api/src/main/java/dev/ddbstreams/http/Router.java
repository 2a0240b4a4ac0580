package dev.ddbstreams.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes a request by method and path, the way the function sees it behind a catch-all route such as
 * {@code ANY /notes/{proxy+}} or {@code $default}: from the method and raw path alone, never from the
 * {@code routeKey} or {@code pathParameters} API Gateway may or may not send.
 *
 * <ul>
 *   <li>No template matches the path: 404 {@code RouteNotFound}.</li>
 *   <li>A template matches but not the method: 405 {@code MethodNotAllowed} with an {@code Allow} header.</li>
 *   <li>{@code HEAD} is answered by the {@code GET} route without a body (RFC 9110 section 9.3.2).</li>
 *   <li>{@code OPTIONS} is answered with 204 and {@code Allow}. CORS preflights are API Gateway's job
 *       (its CORS configuration answers them before they reach the function).</li>
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">HTTP API routes</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#name-405-method-not-allowed">RFC 9110: 405 and Allow</a>
 */
public final class Router {

    private static final String GET = "GET";
    private static final String HEAD = "HEAD";
    private static final String OPTIONS = "OPTIONS";

    private final List<Route> routes;

    private Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public HttpResponse dispatch(HttpRequest request) {
        List<String> segments = PathTemplate.split(request.path());
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.template().match(segments);
            if (parameters.isPresent()) {
                return dispatch(route, request, parameters.get());
            }
        }
        return ApiError.of(ErrorCode.ROUTE_NOT_FOUND, "No resource at this path. Resources are /notes, "
                + "/notes/{id}, /users and /users/{id} (see the API's README).").toResponse();
    }

    private static HttpResponse dispatch(Route route, HttpRequest request, Map<String, String> parameters) {
        String method = request.method();
        RouteHandler handler = route.handlers().get(method);
        if (handler != null) {
            return handler.handle(request, parameters);
        }
        if (HEAD.equals(method) && route.handlers().containsKey(GET)) {
            return route.handlers().get(GET).handle(request, parameters).withoutBody();
        }
        String allow = route.allow();
        if (OPTIONS.equals(method)) {
            return HttpResponse.noContent().withHeader("Allow", allow);
        }
        return ApiError.of(ErrorCode.METHOD_NOT_ALLOWED, "Method " + printable(method) + " is not allowed on "
                        + route.template().template() + "; allowed: " + allow + ".")
                .toResponse()
                .withHeader("Allow", allow);
    }

    /** Methods come from the client: keep the message short and printable whatever they sent. */
    private static String printable(String method) {
        if (method.isEmpty()) {
            return "(none)";
        }
        String shortened = method.length() > 20 ? method.substring(0, 20) + "..." : method;
        return shortened.codePoints().allMatch(c -> c > 0x20 && c < 0x7f) ? shortened : "(unprintable)";
    }

    /** @param handlers by method, in registration order (the order {@code Allow} lists them in) */
    record Route(PathTemplate template, Map<String, RouteHandler> handlers) {

        String allow() {
            Set<String> methods = new LinkedHashSet<>();
            for (String method : handlers.keySet()) {
                methods.add(method);
                if (method.equals(GET)) {
                    methods.add(HEAD);
                }
            }
            methods.add(OPTIONS);
            return String.join(", ", methods);
        }
    }

    /** Collects routes in order; the first template matching a path owns it. */
    public static final class Builder {
        private final Map<String, Map<String, RouteHandler>> byTemplate = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder route(String method, String template, RouteHandler handler) {
            Map<String, RouteHandler> handlers = byTemplate.computeIfAbsent(template, t -> new LinkedHashMap<>());
            if (handlers.putIfAbsent(method, handler) != null) {
                throw new IllegalArgumentException("Duplicate route " + method + " " + template);
            }
            return this;
        }

        public Builder get(String template, RouteHandler handler) {
            return route(GET, template, handler);
        }

        public Builder post(String template, RouteHandler handler) {
            return route("POST", template, handler);
        }

        public Builder put(String template, RouteHandler handler) {
            return route("PUT", template, handler);
        }

        public Builder delete(String template, RouteHandler handler) {
            return route("DELETE", template, handler);
        }

        public Router build() {
            List<Route> routes = new ArrayList<>();
            byTemplate.forEach((template, handlers) ->
                    routes.add(new Route(PathTemplate.parse(template),
                            Collections.unmodifiableMap(new LinkedHashMap<>(handlers)))));
            return new Router(routes);
        }
    }
}
