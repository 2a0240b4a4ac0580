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
 * @param connection  where the request came from (what execute-api puts in its Lambda events)
 */
public record AwsRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                         Optional<String> accessKeyId, Connection connection) {

    /** A request whose connection is not known (built by hand, in tests). */
    public AwsRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                      Optional<String> accessKeyId) {
        this(method, path, query, headers, body, accessKeyId, Connection.UNKNOWN);
    }

    /**
     * The HTTP connection a request arrived on.
     *
     * @param protocol      e.g. {@code HTTP/1.1}
     * @param remoteAddress the client's IP address
     * @param localPort     the port it arrived on
     */
    public record Connection(String protocol, String remoteAddress, int localPort) {
        public static final Connection UNKNOWN = new Connection("HTTP/1.1", "127.0.0.1", 0);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
