package dev.ddbstreams.endpoint.apigateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API's routes ({@code "GET /notes/{id}"}, {@code "ANY /notes/{proxy+}"}, {@code "$default"}) and
 * API Gateway's route selection: the most specific path wins (segment by segment from the left, a literal
 * beats a path variable, which beats a greedy {@code {proxy+}}), then a route for the request's method beats
 * {@code ANY}; {@code $default} catches what nothing else matches.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">Routes for HTTP APIs</a>
 */
public final class RouteTable {

    public static final String DEFAULT_ROUTE = "$default";

    private final List<Route> routes;
    private final Route defaultRoute;

    /**
     * The outcome of route selection: the route key, its target (a function name on the local HTTP API, an
     * integration id on execute-api) and the path parameters (decoded).
     */
    public record RouteMatch(String routeKey, String target, Map<String, String> pathParameters) {
    }

    private enum Kind { LITERAL, VARIABLE, GREEDY }

    private record Segment(Kind kind, String text) {
    }

    private record Route(String key, String method, List<Segment> segments, String target) {
    }

    /**
     * @param routes route key to target
     * @throws IllegalArgumentException for a malformed route key, listing it
     */
    public RouteTable(Map<String, String> routes) {
        List<Route> parsed = new ArrayList<>();
        Route fallback = null;
        for (Map.Entry<String, String> entry : routes.entrySet()) {
            if (entry.getKey().equals(DEFAULT_ROUTE)) {
                fallback = new Route(DEFAULT_ROUTE, "ANY", List.of(), entry.getValue());
            } else {
                parsed.add(parse(entry.getKey(), entry.getValue()));
            }
        }
        this.routes = List.copyOf(parsed);
        this.defaultRoute = fallback;
    }

    private static Route parse(String key, String target) {
        String[] parts = key.trim().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("Route key \"" + key + "\" is not \"METHOD /path\" or \"$default\"");
        }
        String method = parts[0].toUpperCase(Locale.ROOT);
        List<Segment> segments = new ArrayList<>();
        List<String> texts = splitPath(parts[1]);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text.startsWith("{") && text.endsWith("+}")) {
                if (i != texts.size() - 1) {
                    throw new IllegalArgumentException("Route key \"" + key + "\": a greedy path variable must come last");
                }
                segments.add(new Segment(Kind.GREEDY, text.substring(1, text.length() - 2)));
            } else if (text.startsWith("{") && text.endsWith("}")) {
                segments.add(new Segment(Kind.VARIABLE, text.substring(1, text.length() - 1)));
            } else {
                segments.add(new Segment(Kind.LITERAL, text));
            }
        }
        return new Route(key.trim(), method, List.copyOf(segments), target);
    }

    /** Selects the route for a request, if any. */
    public Optional<RouteMatch> match(String method, String rawPath) {
        List<String> path = splitPath(rawPath).stream().map(RouteTable::decode).toList();
        String upperMethod = method.toUpperCase(Locale.ROOT);
        Route best = null;
        Map<String, String> bestParameters = null;
        for (Route route : routes) {
            if (!route.method().equals("ANY") && !route.method().equals(upperMethod)) {
                continue;
            }
            Map<String, String> parameters = bind(route, path);
            if (parameters != null && (best == null || MORE_SPECIFIC.compare(route, best) < 0)) {
                best = route;
                bestParameters = parameters;
            }
        }
        if (best != null) {
            return Optional.of(new RouteMatch(best.key(), best.target(), bestParameters));
        }
        return Optional.ofNullable(defaultRoute).map(route -> new RouteMatch(DEFAULT_ROUTE, route.target(), Map.of()));
    }

    /** Negative when {@code a} is more specific than {@code b}. */
    private static final Comparator<Route> MORE_SPECIFIC = (a, b) -> {
        int common = Math.min(a.segments().size(), b.segments().size());
        for (int i = 0; i < common; i++) {
            int byKind = a.segments().get(i).kind().compareTo(b.segments().get(i).kind());
            if (byKind != 0) {
                return byKind;
            }
        }
        int byLength = Integer.compare(b.segments().size(), a.segments().size());
        if (byLength != 0) {
            return byLength;
        }
        return Boolean.compare(a.method().equals("ANY"), b.method().equals("ANY"));
    };

    /** The path parameters when the route matches the path, else {@code null}. */
    private static Map<String, String> bind(Route route, List<String> path) {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<Segment> segments = route.segments();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.kind() == Kind.GREEDY) {
                if (i >= path.size()) {
                    return null; // {proxy+} needs at least one segment
                }
                String rest = String.join("/", path.subList(i, path.size()));
                if (rest.isEmpty()) {
                    return null;
                }
                parameters.put(segment.text(), rest);
                return parameters;
            }
            if (i >= path.size()) {
                return null;
            }
            String actual = path.get(i);
            if (segment.kind() == Kind.LITERAL && !segment.text().equals(actual)) {
                return null;
            }
            if (segment.kind() == Kind.VARIABLE) {
                if (actual.isEmpty()) {
                    return null;
                }
                parameters.put(segment.text(), actual);
            }
        }
        return segments.size() == path.size() ? parameters : null;
    }

    /**
     * Checks a route key as CreateRoute does: {@code $default}, or an HTTP method (or {@code ANY}) and a path
     * starting with {@code /} whose greedy variable, if any, is last.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validate(String routeKey) {
        if (!routeKey.equals(DEFAULT_ROUTE)) {
            parse(routeKey, "");
        }
    }

    /** {@code "/a/b/"} gives {@code [a, b, ""]}; {@code "/"} gives {@code []}. */
    private static List<String> splitPath(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(trimmed.split("/", -1));
    }

    /** Percent-decoding of a path segment ({@code +} stays a plus); malformed escapes are kept as sent. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
