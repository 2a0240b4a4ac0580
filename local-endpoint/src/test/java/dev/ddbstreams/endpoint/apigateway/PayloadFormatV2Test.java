package dev.ddbstreams.endpoint.apigateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.endpoint.apigateway.PayloadFormatV2.ApiContext;
import dev.ddbstreams.endpoint.apigateway.RouteTable.RouteMatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request events against recorded-shape fixtures in {@code src/test/resources/http/}, and response mapping. */
class PayloadFormatV2Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiContext API = new ApiContext("000000000000", "local");
    private static final RouteTable ROUTES = new RouteTable(Map.of(
            "ANY /notes", "notes-api",
            "ANY /notes/{proxy+}", "notes-api",
            "ANY /users", "users-api",
            "DELETE /users/{id}", "users-api",
            "PUT /files/{name}", "files",
            "$default", "fallback"));

    @Test
    void event_forAGreedyRoute_carriesDecodedPathParametersQueryParametersAndJoinedHeaders() throws IOException {
        IncomingRequest request = request("GET", "/notes/2024/hello%20world", "limit=10&tag=a&tag=b&flag&q=x%2By%26z",
                List.of(Map.entry("Host", "127.0.0.1:8080"), Map.entry("User-Agent", "curl/8.5.0"),
                        Map.entry("Accept", "*/*"), Map.entry("X-Multi", "1"), Map.entry("x-multi", "2")),
                new byte[0]);

        assertEvent("/http/get-proxy-with-query.json", request);
    }

    @Test
    void event_movesCookiesOutOfTheHeaders_andKeepsAJsonBodyAsText() throws IOException {
        String body = "{ \"title\": \"Hello World\", \"content\": \"text\" }";
        IncomingRequest request = request("POST", "/notes", null,
                List.of(Map.entry("Host", "localhost:8080"), Map.entry("Content-Type", "application/json; charset=utf-8"),
                        Map.entry("Content-Length", "45"), Map.entry("User-Agent", "curl/8.5.0"),
                        Map.entry("Cookie", "session=abc; theme=dark"), Map.entry("Cookie", "lang=en")),
                body.getBytes(StandardCharsets.UTF_8));

        assertEvent("/http/post-json-with-cookies.json", request);
    }

    @Test
    void event_base64EncodesABinaryBody() throws IOException {
        IncomingRequest request = request("PUT", "/files/logo.png", "",
                List.of(Map.entry("Host", "127.0.0.1:8080"), Map.entry("Content-Type", "application/octet-stream"),
                        Map.entry("Content-Length", "7")),
                new byte[] {0, 1, 2, 3, (byte) 255, (byte) 254, (byte) 253});

        assertEvent("/http/put-binary-body.json", request);
    }

    /** API Gateway's text payload is UTF-8; anything else is binary and reaches the function base64-encoded. */
    @Test
    void event_base64EncodesAJsonBodyThatIsNotUtf8_insteadOfReplacingItsBytes() {
        byte[] latin1 = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', 'c', 'a', 'f', (byte) 0xE9, '"', '}'};
        IncomingRequest request = request("POST", "/notes", "",
                List.of(Map.entry("Host", "127.0.0.1:8080"), Map.entry("Content-Type", "application/json")), latin1);

        JsonNode event = PayloadFormatV2.event(request, ROUTES.match("POST", "/notes").orElseThrow(), API);

        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertArrayEquals(latin1, java.util.Base64.getDecoder().decode(event.get("body").asText()));
    }

    @Test
    void event_keepsAWellFormedUtf8JsonBodyAsText_includingCharactersBeyondTheBmp() {
        String body = "{\"title\":\"caf\u00e9 \ud83d\ude00\"}";
        IncomingRequest request = request("POST", "/notes", "",
                List.of(Map.entry("Host", "127.0.0.1:8080"), Map.entry("Content-Type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8));

        JsonNode event = PayloadFormatV2.event(request, ROUTES.match("POST", "/notes").orElseThrow(), API);

        assertFalse(event.get("isBase64Encoded").asBoolean());
        assertEquals(body, event.get("body").asText());
    }

    @Test
    void utf8_refusesOverlongFormsEncodedSurrogatesAndTruncatedSequences() {
        for (byte[] invalid : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE6, (byte) 0x97},
                new byte[] {(byte) 0xFF})) {
            assertEquals(null, PayloadFormatV2.utf8(invalid), java.util.Arrays.toString(invalid));
        }
        assertEquals("\u65e5", PayloadFormatV2.utf8(new byte[] {(byte) 0xE6, (byte) 0x97, (byte) 0xA5}));
    }

    @Test
    void event_base64EncodesAFormBody_asApiGatewayDoes() throws IOException {
        IncomingRequest request = request("POST", "/users", "",
                List.of(Map.entry("Host", "127.0.0.1:8080"), Map.entry("Content-Type", "application/x-www-form-urlencoded"),
                        Map.entry("Content-Length", "19")),
                "email=a%40b.example".getBytes(StandardCharsets.UTF_8));

        assertEvent("/http/post-form-body.json", request);
    }

    @Test
    void event_withoutBody_leavesBodyOut_andCarriesANamedPathParameter() throws IOException {
        IncomingRequest request = request("DELETE", "/users/42", "", List.of(Map.entry("Host", "127.0.0.1:8080")),
                new byte[0]);

        assertEvent("/http/delete-empty-body.json", request);
    }

    @Test
    void event_forTheDefaultRoute_hasNoPathParameters() throws IOException {
        IncomingRequest request = request("PATCH", "/anything/else", "", List.of(Map.entry("Host", "127.0.0.1:8080")),
                new byte[0]);

        assertEvent("/http/default-route.json", request);
    }

    @Test
    void isText_onlyForTextJsonXmlAndJavaScript() {
        assertTrue(PayloadFormatV2.isText("text/plain"));
        assertTrue(PayloadFormatV2.isText("Text/HTML; charset=ISO-8859-1"));
        assertTrue(PayloadFormatV2.isText("application/json"));
        assertTrue(PayloadFormatV2.isText("application/xml"));
        assertTrue(PayloadFormatV2.isText("application/javascript"));
        assertFalse(PayloadFormatV2.isText(null));
        assertFalse(PayloadFormatV2.isText("application/octet-stream"));
        assertFalse(PayloadFormatV2.isText("application/x-www-form-urlencoded"));
        assertFalse(PayloadFormatV2.isText("multipart/form-data; boundary=x"));
    }

    @Test
    void queryParameters_decodeAndJoinRepeatedNames_andSurviveMalformedEscapes() {
        assertEquals(Map.of("a", "1,2", "b", "x y", "c", "", "bad", "%zz"),
                PayloadFormatV2.queryParameters("a=1&b=x+y&a=2&c&&bad=%zz"));
        assertEquals(Map.of(), PayloadFormatV2.queryParameters(""));
    }

    @Test
    void response_withStatusCode_mapsStatusHeadersCookiesAndBody() {
        HttpReply reply = PayloadFormatV2.response("{\"statusCode\":201,\"headers\":{\"Content-Type\":\"text/plain\","
                + "\"X-Count\":3,\"X-Flag\":true},\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"body\":\"created\"}");

        assertEquals(201, reply.status());
        assertEquals(List.of(Map.entry("Content-Type", "text/plain"), Map.entry("X-Count", "3"),
                Map.entry("X-Flag", "true"), Map.entry("Set-Cookie", "a=1; Path=/"), Map.entry("Set-Cookie", "b=2")),
                reply.headers());
        assertEquals("created", new String(reply.body(), StandardCharsets.UTF_8));
    }

    @Test
    void response_decodesABase64Body_andDefaultsToJsonContentType() {
        HttpReply reply = PayloadFormatV2.response("{\"statusCode\":200,\"body\":\"AAECA//+/Q==\",\"isBase64Encoded\":true}");

        assertArrayEquals(new byte[] {0, 1, 2, 3, (byte) 255, (byte) 254, (byte) 253}, reply.body());
        assertEquals(List.of(Map.entry("Content-Type", "application/json")), reply.headers());
    }

    @Test
    void response_withoutStatusCode_isA200WithThePayloadAsJsonBody() {
        HttpReply object = PayloadFormatV2.response("{\"id\":\"n1\",\"title\":\"t\"}");
        HttpReply string = PayloadFormatV2.response("\"hello\"");

        assertEquals(200, object.status());
        assertEquals("{\"id\":\"n1\",\"title\":\"t\"}", new String(object.body(), StandardCharsets.UTF_8));
        assertEquals(List.of(Map.entry("Content-Type", "application/json")), object.headers());
        assertEquals("\"hello\"", new String(string.body(), StandardCharsets.UTF_8));
    }

    @Test
    void response_thatApiGatewayCannotUse_isA500() {
        assertEquals(500, PayloadFormatV2.response("not json").status());
        assertEquals(500, PayloadFormatV2.response("").status());
        assertEquals(500, PayloadFormatV2.response("{\"statusCode\":\"abc\"}").status());
        assertEquals(500, PayloadFormatV2.response("{\"statusCode\":700}").status());
        assertEquals(500, PayloadFormatV2.response("{\"statusCode\":200,\"body\":\"***\",\"isBase64Encoded\":true}").status());
        assertEquals("{\"message\":\"Internal Server Error\"}",
                new String(PayloadFormatV2.response("not json").body(), StandardCharsets.UTF_8));
    }

    private static void assertEvent(String fixture, IncomingRequest request) throws IOException {
        RouteMatch route = ROUTES.match(request.method(), request.rawPath()).orElseThrow();
        JsonNode expected;
        try (InputStream in = PayloadFormatV2Test.class.getResourceAsStream(fixture)) {
            expected = JSON.readTree(in);
        }

        JsonNode actual = PayloadFormatV2.event(request, route, API);

        assertEquals(expected.toPrettyString(), actual.toPrettyString());
    }

    private static IncomingRequest request(String method, String rawPath, String rawQuery,
            List<Map.Entry<String, String>> headers, byte[] body) {
        return new IncomingRequest(method, rawPath, rawQuery, headers, body, "HTTP/1.1", "127.0.0.1", 8080,
                "JKJaXmPLvHcESHA=", 1583348638390L, "Root=1-5e5fe59e-1234567890abcdef01234567");
    }
}
