package dev.ddbstreams.http;

import static dev.ddbstreams.testing.ApiEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload format 2.0 adapter, from fixtures deserialised as the Lambda Java runtime does it. */
class ApiGatewayV2Test {

    @Test
    void toHttpRequest_takesMethodPathHeadersBodyAndRequestId_fromTheEvent() {
        HttpRequest request = ApiGatewayV2.toHttpRequest(event("notes-create.json"));

        assertEquals("POST", request.method());
        assertEquals("/notes", request.path());
        assertEquals("application/json", request.header("Content-Type").orElseThrow());
        assertTrue(request.body().startsWith("{ \"title\": \"Count me\""));
        assertFalse(request.bodyBase64Encoded());
        assertEquals("YzPq1gHoFiAEMbQ=", request.requestId());
    }

    @Test
    void toHttpRequest_keepsTheBase64FlagOfTheEvent() {
        HttpRequest request = ApiGatewayV2.toHttpRequest(event("notes-create-base64.json"));

        assertTrue(request.bodyBase64Encoded());
        assertEquals("eyAidGl0bGUiOiAiSGVsbG8gV29ybGQiLCAiY29udGVudCI6ICJzb21lIHRleHQiIH0=", request.body());
    }

    @Test
    void toHttpRequest_removesANamedStageFromThePath_butKeepsItInTheRawPath() {
        HttpRequest request = ApiGatewayV2.toHttpRequest(event("notes-get-named-stage.json"));

        assertEquals("/notes/0b9f3c2e-6a51-4e0f-9d47-2f8a1c5b7e31", request.path());
        assertEquals("/dev/notes/0b9f3c2e-6a51-4e0f-9d47-2f8a1c5b7e31", request.rawPath());
    }

    @Test
    void withoutStage_onlyRemovesAWholeLeadingSegment() {
        assertEquals("/notes", ApiGatewayV2.withoutStage("/dev/notes", "dev"));
        assertEquals("/", ApiGatewayV2.withoutStage("/dev", "dev"));
        assertEquals("/devices", ApiGatewayV2.withoutStage("/devices", "dev"));
        assertEquals("/dev/notes", ApiGatewayV2.withoutStage("/dev/notes", "$default"));
    }

    @Test
    void toHttpRequest_toleratesADefaultRouteWithoutPathParameters() {
        APIGatewayV2HTTPEvent event = event("notes-get-default-route.json");

        HttpRequest request = ApiGatewayV2.toHttpRequest(event);

        assertEquals("$default", event.getRouteKey());
        assertNull(event.getPathParameters());
        assertEquals("GET", request.method());
        assertEquals("/notes/0b9f3c2e-6a51-4e0f-9d47-2f8a1c5b7e31", request.path());
    }

    @Test
    void toHttpRequest_fallsBackToRouteKeyAndHttpPath_whenMethodAndRawPathAreMissing() {
        APIGatewayV2HTTPEvent event = event("notes-get.json");
        event.getRequestContext().getHttp().setMethod(null);
        event.setRouteKey("GET /notes/{proxy+}");
        event.setRawPath(null);

        HttpRequest request = ApiGatewayV2.toHttpRequest(event);

        assertEquals("GET", request.method());
        assertEquals("/notes/0b9f3c2e-6a51-4e0f-9d47-2f8a1c5b7e31", request.path());
    }

    @Test
    void toHttpRequest_toleratesAnEmptyEvent() {
        HttpRequest request = ApiGatewayV2.toHttpRequest(LambdaEvents.fromJson("{}", APIGatewayV2HTTPEvent.class));

        assertEquals("", request.method());
        assertEquals("/", request.path());
        assertEquals(Map.of(), request.headers());
        assertNull(request.body());
    }

    @Test
    void toHttpRequest_encodesQueryStringParameters_whenRawQueryStringIsAbsent() {
        APIGatewayV2HTTPEvent event = event("notes-list.json");
        event.setRawQueryString(null);
        event.setQueryStringParameters(Map.of("nextToken", "a b&c"));

        assertEquals("nextToken=a+b%26c", ApiGatewayV2.toHttpRequest(event).rawQueryString());
    }

    @Test
    void headers_areCaseInsensitive_andRepeatedNamesAreJoined() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Thing", "a");
        headers.put("x-thing", "b");

        HttpRequest request = HttpRequest.builder("GET", "/").headers(headers).build();

        assertEquals("a,b", request.header("X-THING").orElseThrow());
    }

    @Test
    void toApiGatewayResponse_carriesStatusHeadersAndBody_andSerialisesAsPayload2() {
        HttpResponse response = HttpResponse.json(201, Map.of("id", "x")).withHeader("Location", "/notes/x");

        APIGatewayV2HTTPResponse event = ApiGatewayV2.toApiGatewayResponse(response);
        String json = LambdaEvents.toJson(event);

        assertEquals(201, event.getStatusCode());
        assertEquals("{\"id\":\"x\"}", event.getBody());
        assertEquals(Map.of("Content-Type", "application/json", "Location", "/notes/x"), event.getHeaders());
        assertTrue(json.contains("\"statusCode\":201"), json);
        assertTrue(json.contains("\"isBase64Encoded\":false"), json);
    }
}
