package dev.ddbstreams.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Assertions on handler responses. */
public final class ApiResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiResponses() {
    }

    public static JsonNode jsonBody(APIGatewayV2HTTPResponse response) {
        assertNotNull(response.getBody(), "response body");
        try {
            return MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException("Response body is not JSON: " + response.getBody(), e);
        }
    }

    /** Asserts the status and that the body is exactly {@code {"error": code, "message": "..."}} as JSON. */
    public static JsonNode assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertEquals(status, response.getStatusCode(), () -> "status of " + response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode body = jsonBody(response);
        assertEquals(code, body.path("error").asText(), () -> "error code in " + response.getBody());
        assertEquals(2, body.size(), () -> "error body members: " + response.getBody());
        assertEquals(false, body.path("message").asText().isBlank(), "message present");
        return body;
    }
}
