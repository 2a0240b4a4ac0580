package dev.ddbstreams.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Adapts HTTP API payload format 2.0 to {@link HttpRequest} and {@link HttpResponse} back.
 *
 * <p>Only what every HTTP API event carries is relied on: the method from {@code requestContext.http} and
 * the {@code rawPath}. {@code routeKey} and {@code pathParameters} depend on how the route was declared
 * ({@code $default} has neither a useful route key nor path parameters) and are used only as fallbacks.
 * A named stage appears as a prefix of {@code rawPath} ({@code /dev/notes}); it is removed for routing.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP API Lambda integrations, payload format 2.0</a>
 */
public final class ApiGatewayV2 {

    private static final String DEFAULT_STAGE = "$default";

    private ApiGatewayV2() {
    }

    public static HttpRequest toHttpRequest(APIGatewayV2HTTPEvent event) {
        if (event == null) {
            return HttpRequest.builder("", "/").build();
        }
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = context == null ? null : context.getHttp();

        String method = http != null && http.getMethod() != null ? http.getMethod() : methodFromRouteKey(event.getRouteKey());
        String rawPath = event.getRawPath() != null ? event.getRawPath() : http == null ? null : http.getPath();
        if (rawPath == null || rawPath.isEmpty()) {
            rawPath = "/";
        }
        String stage = context == null ? null : context.getStage();
        return HttpRequest.builder(method, withoutStage(rawPath, stage))
                .rawPath(rawPath)
                .headers(event.getHeaders())
                .rawQueryString(event.getRawQueryString() != null ? event.getRawQueryString()
                        : encode(event.getQueryStringParameters()))
                .body(event.getBody(), event.getIsBase64Encoded())
                .requestId(context == null ? null : context.getRequestId())
                .build();
    }

    public static APIGatewayV2HTTPResponse toApiGatewayResponse(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(new LinkedHashMap<>(response.headers()))
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    /** {@code "GET /notes/{proxy+}"} gives {@code GET}; {@code $default} gives nothing. */
    private static String methodFromRouteKey(String routeKey) {
        if (routeKey == null) {
            return "";
        }
        int space = routeKey.indexOf(' ');
        String method = space < 0 ? "" : routeKey.substring(0, space);
        return method.equals("ANY") ? "" : method;
    }

    static String withoutStage(String rawPath, String stage) {
        if (stage == null || stage.isEmpty() || stage.equals(DEFAULT_STAGE)) {
            return rawPath;
        }
        String prefix = "/" + stage;
        if (rawPath.equals(prefix)) {
            return "/";
        }
        return rawPath.startsWith(prefix + "/") ? rawPath.substring(prefix.length()) : rawPath;
    }

    private static String encode(Map<String, String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return "";
        }
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, value) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)));
        return query.toString();
    }
}
