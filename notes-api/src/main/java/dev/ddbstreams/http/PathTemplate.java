package dev.ddbstreams.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path such as {@code /notes/{id}}: literal segments match exactly (paths are case-sensitive, as API
 * Gateway routes are), a {@code {name}} segment matches exactly one non-empty segment.
 */
record PathTemplate(String template, List<String> segments) {

    static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("Path template must start with '/': " + template);
        }
        return new PathTemplate(template, List.copyOf(split(template)));
    }

    Optional<Map<String, String>> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = pathSegments.get(i);
            if (isParameter(expected)) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(parameters));
    }

    /**
     * Splits a raw path into segments. One trailing slash is tolerated ({@code /notes/} is {@code /notes});
     * any other empty segment is kept, so {@code /notes//x} matches nothing.
     */
    static List<String> split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        List<String> parts = new ArrayList<>();
        if (trimmed.isEmpty()) {
            return parts;
        }
        int start = 0;
        for (int slash = trimmed.indexOf('/'); slash >= 0; slash = trimmed.indexOf('/', start)) {
            parts.add(trimmed.substring(start, slash));
            start = slash + 1;
        }
        parts.add(trimmed.substring(start));
        return parts;
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }
}
