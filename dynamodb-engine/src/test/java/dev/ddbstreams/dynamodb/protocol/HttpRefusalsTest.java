package dev.ddbstreams.dynamodb.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests the edge forwards as sent, found by the HTTP fuzzer ({@code make fuzz}) ending in Jetty's HTML error page:
 * an AWS JSON 1.0 client parses every error body as JSON.
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html">AWS JSON 1.0 protocol (POST to /, errors as JSON)</a>
 */
class HttpRefusalsTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    /** The path plays no part in the protocol: "//" and "/..%2F" reach the operation like "/". */
    @Test
    void anAmbiguousPath_isServedLikeSlash() throws Exception {
        for (String path : new String[] {"//", "/..%2F..%2Fetc%2Fpasswd"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(DYNAMODB.endpoint() + path)).header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261206/us-east-1/dynamodb/aws4_request")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
        }
    }

    /** What Jetty itself refuses (here a malformed escape) is a JSON 400, not an HTML page. */
    @Test
    void whatJettyRefuses_isAJsonError() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", DYNAMODB.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/x-amz-json-1.0"), answer);
            assertTrue(answer.contains("\"__type\":\"com.amazon.coral.service#SerializationException\""), answer);
        }
    }
}
