package dev.ddbstreams.endpoint.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the edge received it, body read: what an in-process service handler needs.
 * Header names are kept lower-case so that look-ups are case-insensitive, as HTTP requires.
 *
 * @param method    HTTP method
 * @param path      the raw (still percent-encoded) path
 * @param query     the raw query string, or empty
 * @param headers   header values by lower-case name
 * @param body      the request body
 * @param accessKeyId the access key id of the SigV4 credential scope, if the request was signed
 */
public record AwsRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                         Optional<String> accessKeyId) {

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
