package dev.ddbstreams.endpoint.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * A filter pattern for unstructured log events: every plain term must occur, {@code "quoted phrases"} match as a
 * whole, {@code ?term} terms match if any of them occurs, {@code -term} excludes events that contain it. Matching is
 * case-sensitive. An empty pattern matches every event. JSON ({@code { $.x = 1 }}) and space-delimited
 * ({@code [a, b]}) patterns are not supported: they are refused with InvalidParameterException rather than matched
 * wrongly.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html">Filter pattern syntax</a>
 */
final class FilterPattern {
    private final List<String> required = new ArrayList<>();
    private final List<String> anyOf = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();

    private FilterPattern() {
    }

    static FilterPattern parse(String pattern) {
        FilterPattern parsed = new FilterPattern();
        if (pattern == null || pattern.isBlank()) {
            return parsed;
        }
        String trimmed = pattern.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("%")) {
            throw LogsErrors.invalidParameter("Invalid filter pattern: JSON, space-delimited and regular-expression "
                    + "filter patterns are not supported by the local endpoint; use terms and \"quoted phrases\".");
        }
        int i = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<String> target = parsed.required;
            if (c == '?') {
                target = parsed.anyOf;
                i++;
            } else if (c == '-') {
                target = parsed.excluded;
                i++;
            }
            if (i < trimmed.length() && trimmed.charAt(i) == '"') {
                int close = trimmed.indexOf('"', i + 1);
                if (close < 0) {
                    throw LogsErrors.invalidParameter("Invalid filter pattern: unterminated quoted phrase.");
                }
                target.add(trimmed.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = i;
                while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
                    end++;
                }
                if (end > i) {
                    target.add(trimmed.substring(i, end));
                }
                i = end;
            }
        }
        return parsed;
    }

    boolean matches(String message) {
        for (String term : required) {
            if (!message.contains(term)) {
                return false;
            }
        }
        for (String term : excluded) {
            if (message.contains(term)) {
                return false;
            }
        }
        return anyOf.isEmpty() || anyOf.stream().anyMatch(message::contains);
    }
}
