package dev.ddbstreams.endpoint.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.protocol.AwsRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Talks to ElasticMQ on loopback: {@link #call} speaks AWS JSON 1.0 for the operations the front rewrites, and
 * {@link #forward} passes any other request through as it came (either protocol) and returns ElasticMQ's whole answer,
 * which the front may still correct. ElasticMQ does not verify SigV4 signatures, so the carried signature never matters.
 */
final class ElasticMqClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set by the client itself, or hop-by-hop (RFC 9110, 7.6.1): never forwarded. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    /** A whole answer of ElasticMQ. */
    record Answer(int status, String contentType, byte[] body) {
    }

    private final URI backend;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    ElasticMqClient(URI backend) {
        this.backend = backend;
    }

    /** A queue URL ElasticMQ resolves: it reads only the queue name, the last path segment. */
    String queueUrl(String queueName) {
        return backend.getScheme() + "://" + backend.getRawAuthority() + "/000000000000/" + queueName;
    }

    /**
     * Calls {@code AmazonSQS.<operation>} with a JSON input and returns the JSON output.
     *
     * @throws SqsException ElasticMQ's error, named as AWS names it
     */
    ObjectNode call(String operation, ObjectNode input) {
        Answer answer;
        try {
            HttpRequest request = HttpRequest.newBuilder(backend.resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "AmazonSQS." + operation)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(input))).build();
            answer = send(request);
        } catch (IOException unreachable) {
            throw unreachable(unreachable);
        }
        JsonNode body = parse(answer.body());
        if (answer.status() >= 400) {
            throw backendError(answer.status(), body, new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return body instanceof ObjectNode object ? object : JSON.createObjectNode();
    }

    /** Passes {@code request} through unchanged (path, query, headers, body) and returns ElasticMQ's answer. */
    Answer forward(AwsRequest request) {
        String pathAndQuery = request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(URI.create(backend.getScheme() + "://" + backend.getRawAuthority() + pathAndQuery))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .timeout(Duration.ofMinutes(2));
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey())) {
                header.getValue().forEach(value -> outgoing.header(header.getKey(), value));
            }
        }
        try {
            return send(outgoing.build());
        } catch (IOException unreachable) {
            throw unreachable(unreachable);
        }
    }

    private Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
    }

    private SqsException unreachable(IOException cause) {
        return new SqsException("ServiceUnavailable", 503, "The SQS backend (ElasticMQ) at " + backend + " is not reachable: " + cause.getMessage());
    }

    /**
     * ElasticMQ's JSON error ({@code __type}, {@code Message}) as AWS's. A plain-text 4xx (ElasticMQ's router refusing,
     * say, a malformed queue URL) is the caller's input: InvalidParameterValue; a plain-text 5xx is InternalError.
     */
    static SqsException backendError(int status, JsonNode body, String text) {
        if (body != null && body.path("__type").isTextual()) {
            JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
            return SqsException.fromBackend(body.get("__type").asText(), status, message == null ? null : message.asText());
        }
        return plainError(status, text);
    }

    static SqsException plainError(int status, String text) {
        if (status < 500) {
            return new SqsException("InvalidParameterValueException", 400, "One or more parameters are invalid: " + text.strip());
        }
        return new SqsException("InternalError", 500, "ElasticMQ failed to process the request: " + text.strip());
    }

    static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
