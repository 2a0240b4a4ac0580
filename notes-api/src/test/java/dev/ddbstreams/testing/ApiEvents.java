package dev.ddbstreams.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HTTP API payload 2.0 events for tests: a fixture under {@code src/test/resources/apigw/}, loaded the way
 * the Lambda Java runtime deserialises it, then changed the way a different client request would arrive.
 */
public final class ApiEvents {

    private ApiEvents() {
    }

    @SafeVarargs
    public static APIGatewayV2HTTPEvent event(String fixture, Consumer<APIGatewayV2HTTPEvent>... changes) {
        APIGatewayV2HTTPEvent event = LambdaEvents.load("/apigw/" + fixture, APIGatewayV2HTTPEvent.class);
        for (Consumer<APIGatewayV2HTTPEvent> change : changes) {
            change.accept(event);
        }
        return event;
    }

    /** A plain-text body (not base64-encoded), or none for {@code null}. */
    public static Consumer<APIGatewayV2HTTPEvent> body(String body) {
        return event -> {
            event.setBody(body);
            event.setIsBase64Encoded(false);
        };
    }

    /** A body API Gateway base64-encoded: {@code encoded} is sent as it is. */
    public static Consumer<APIGatewayV2HTTPEvent> base64Body(String encoded) {
        return event -> {
            event.setBody(encoded);
            event.setIsBase64Encoded(true);
        };
    }

    public static Consumer<APIGatewayV2HTTPEvent> base64Body(byte[] bytes) {
        return base64Body(Base64.getEncoder().encodeToString(bytes));
    }

    public static Consumer<APIGatewayV2HTTPEvent> base64Utf8Body(String text) {
        return base64Body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets a header; {@code null} removes it. */
    public static Consumer<APIGatewayV2HTTPEvent> header(String name, String value) {
        return event -> {
            Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            event.setHeaders(headers);
        };
    }

    /** The raw path as API Gateway reports it, in both places it appears. */
    public static Consumer<APIGatewayV2HTTPEvent> path(String rawPath) {
        return event -> {
            event.setRawPath(rawPath);
            event.getRequestContext().getHttp().setPath(rawPath);
            event.setPathParameters(null);
        };
    }

    public static Consumer<APIGatewayV2HTTPEvent> method(String method) {
        return event -> event.getRequestContext().getHttp().setMethod(method);
    }

    public static Consumer<APIGatewayV2HTTPEvent> query(String rawQueryString) {
        return event -> {
            event.setRawQueryString(rawQueryString);
            event.setQueryStringParameters(null);
        };
    }
}
