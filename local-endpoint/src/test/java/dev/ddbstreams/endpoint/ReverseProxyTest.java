package dev.ddbstreams.endpoint;

import com.sun.net.httpserver.HttpServer;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The edge's forwarding is transparent: what the client sent reaches the backend (method, path, query, signature
 * headers, body) and what the backend answered reaches the client (status, headers, body). The backend here is a plain
 * loopback HTTP server that records what it received.
 */
class ReverseProxyTest {
    private static HttpServer backend;
    private static EdgeEndpoint edge;
    private static final AtomicReference<String> received = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " target="
                    + exchange.getRequestHeaders().getFirst("X-Amz-Target") + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization").substring(0, 16) + " body=" + body);
            byte[] answer = "{\"StreamNames\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "backend-request-id");
            exchange.sendResponseHeaders(201, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        backend.start();
        edge = EdgeEndpoint.builder().port(0)
                .forward(AwsService.KINESIS, URI.create("http://127.0.0.1:" + backend.getAddress().getPort())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        backend.stop(0);
    }

    @Test
    void forwardsRequestAndAnswerUnchanged() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/some/path?a=1&b=x%20y", Map.of(
                "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Kinesis_20131202.ListStreams",
                "Authorization", HttpFixture.authorization("kinesis")), "{\"Limit\":5}");
        assertEquals("POST /some/path?a=1&b=x%20y target=Kinesis_20131202.ListStreams auth=AWS4-HMAC-SHA256 body={\"Limit\":5}",
                received.get());
        assertEquals(201, response.statusCode());
        assertEquals("{\"StreamNames\":[]}", response.body());
        assertEquals("backend-request-id", response.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertEquals("application/x-amz-json-1.1", response.headers().firstValue("content-type").orElseThrow());
    }
}
