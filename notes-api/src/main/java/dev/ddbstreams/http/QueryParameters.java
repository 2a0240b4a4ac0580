package dev.ddbstreams.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a request, parsed from {@code rawQueryString} rather than from API Gateway's
 * {@code queryStringParameters}, which joins repeated names with commas and so cannot tell {@code a=1,2}
 * from {@code a=1&a=2}. A route declares the names it reads; any other name, a repeated name or a broken
 * percent-encoding is a 400 {@code InvalidQueryParameter}, so a misspelt {@code limt=5} is reported instead
 * of silently ignored.
 */
public final class QueryParameters {

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Validated<QueryParameters> parse(String rawQueryString, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return Validated.valid(new QueryParameters(values));
        }
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEncoding) {
                return Validated.invalid(ErrorCode.INVALID_QUERY_PARAMETER,
                        "The query string has an invalid percent-encoding.");
            }
            if (!allowed.contains(name)) {
                String accepted = allowed.isEmpty() ? "this route takes no query parameters"
                        : "accepted: " + String.join(", ", new TreeSet<>(allowed));
                return Validated.invalid(ErrorCode.INVALID_QUERY_PARAMETER,
                        "Unknown query parameter " + JsonFields.echo(name) + "; " + accepted + ".");
            }
            if (values.putIfAbsent(name, value) != null) {
                return Validated.invalid(ErrorCode.INVALID_QUERY_PARAMETER,
                        "Query parameter \"" + name + "\" is given more than once.");
            }
        }
        return Validated.valid(new QueryParameters(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
