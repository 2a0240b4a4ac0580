package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the HTTP fuzzer ({@code make fuzz}) found on the edge, each a reproducer: a 5xx or an error body a client
 * cannot parse, for requests that are the client's mistake.
 */
class EdgeFuzzFindingsTest {
    private static EdgeEndpoint edge;

    @BeforeAll
    static void start() {
        edge = EdgeEndpoint.builder().port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
    }

    /** An error message quoting a NUL from the request stays well-formed XML (XML 1.0 cannot carry U+0000 at all). */
    @Test
    void queryError_quotingAControlCharacter_isWellFormedXml() throws Exception {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                "Authorization", HttpFixture.authorization("iam")), "Action=%00&Version=2010-05-08");
        assertEquals(400, response.statusCode(), response.body());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals("InvalidAction", xml.getElementsByTagName("Code").item(0).getTextContent());
    }

    /** A parameter name nested thousands of levels deep is refused, not followed until the stack overflows (a 500). */
    @Test
    void queryParameter_nestedThousandsOfLevels_isA400() {
        for (String service : new String[] {"iam", "sts", "monitoring"}) {
            String action = switch (service) {
                case "iam" -> "Action=ListRoles&Version=2010-05-08";
                case "sts" -> "Action=GetCallerIdentity&Version=2011-06-15";
                default -> "Action=DescribeAlarms&Version=2010-08-01";
            };
            HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                    "Authorization", HttpFixture.authorization(service)), action + "&Deep" + ".member.1".repeat(5_000) + "=x");
            assertEquals(400, response.statusCode(), service + ": " + response.body());
            assertTrue(response.body().contains("<Code>MalformedQueryString</Code>"), response.body());
        }
    }

    /** An HTTP version Jetty does not speak is the client's mistake: a JSON 400, not a 505. */
    @Test
    void unknownHttpVersion_isAJson400() throws Exception {
        String answer = raw("GET /v2/apis HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
    }

    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
