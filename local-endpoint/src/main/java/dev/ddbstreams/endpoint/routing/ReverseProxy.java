package dev.ddbstreams.endpoint.routing;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Forwards a request to a backend server on loopback and streams its answer back: method, path, query, headers and body
 * go out unchanged, status, headers and body come back unchanged. The request body is already read (AWS bounds request
 * sizes); the response body is streamed.
 * <p>
 * The {@code Host} header is the backend's own (the JDK client sets it): the backends behind the edge (our DynamoDB and
 * Kinesis engines, ElasticMQ) do not verify SigV4 signatures, so the signature computed over the edge's host is
 * carried through but never checked.
 */
final class ReverseProxy {
    /** Headers the JDK client sets itself, and hop-by-hop headers that must not be forwarded (RFC 9110, 7.6.1). */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * Sends the request to {@code backend} and copies the answer to {@code response}.
     *
     * @throws IOException when the backend cannot be reached or breaks the connection before answering
     */
    void forward(Request request, Map<String, List<String>> headers, byte[] body, URI backend, Response response)
            throws IOException, InterruptedException {
        String pathAndQuery = request.getHttpURI().getPathQuery();
        URI target = URI.create(backend.getScheme() + "://" + backend.getRawAuthority() + pathAndQuery);
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(target)
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofMinutes(5));
        for (HttpField field : request.getHeaders()) {
            if (!NOT_FORWARDED.contains(field.getLowerCaseName())) {
                outgoing.header(field.getName(), field.getValue());
            }
        }
        HttpResponse<InputStream> answer = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(":") && !NOT_FORWARDED.contains(lower) || lower.equals("content-length")) {
                values.forEach(value -> response.getHeaders().add(name, value));
            }
        });
        try (InputStream in = answer.body(); OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        }
    }
}
