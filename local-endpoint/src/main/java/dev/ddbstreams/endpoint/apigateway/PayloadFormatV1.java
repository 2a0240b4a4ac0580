package dev.ddbstreams.endpoint.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.apigateway.PayloadFormatV2.ApiContext;
import dev.ddbstreams.endpoint.apigateway.RouteTable.RouteMatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway HTTP API payload format 1.0 (the REST API's proxy event): headers and query parameters both as the
 * last value ({@code headers}) and as every value ({@code multiValueHeaders}), the route's path as
 * {@code resource}, and a response that must be an object with {@code statusCode}; anything else gives 500.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP API Lambda integrations: payload format versions</a>
 */
public final class PayloadFormatV1 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private PayloadFormatV1() {
    }

    /** The 1.0 event for a request matched to a route. */
    public static ObjectNode event(IncomingRequest request, RouteMatch route, ApiContext api) {
        String resource = route.routeKey().equals(RouteTable.DEFAULT_ROUTE) ? RouteTable.DEFAULT_ROUTE
                : route.routeKey().substring(route.routeKey().indexOf(' ') + 1);
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "1.0");
        event.put("resource", resource);
        event.put("path", request.rawPath());
        event.put("httpMethod", request.method());

        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue());
        }
        headers.putIfAbsent("X-Amzn-Trace-Id", List.of(request.traceId()));
        headers.putIfAbsent("X-Forwarded-For", List.of(request.sourceIp()));
        headers.putIfAbsent("X-Forwarded-Port", List.of(Integer.toString(request.localPort())));
        headers.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.forEach((name, values) -> {
            single.put(name, values.get(values.size() - 1));
            values.forEach(multi.putArray(name)::add);
        });

        Map<String, List<String>> query = new LinkedHashMap<>();
        if (!request.rawQueryString().isEmpty()) {
            for (String pair : request.rawQueryString().split("&")) {
                if (!pair.isEmpty()) {
                    int equals = pair.indexOf('=');
                    String name = PayloadFormatV2.decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
                    String value = equals < 0 ? "" : PayloadFormatV2.decodeQuery(pair.substring(equals + 1));
                    query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
                }
            }
        }
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode singleQuery = event.putObject("queryStringParameters");
            ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                singleQuery.put(name, values.get(values.size() - 1));
                values.forEach(multiQuery.putArray(name)::add);
            });
        }

        String host = request.header("host") == null ? "127.0.0.1:" + request.localPort() : request.header("host");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        context.put("domainName", host);
        context.put("domainPrefix", host.split("[.:]", 2)[0]);
        context.put("extendedRequestId", request.requestId());
        context.put("httpMethod", request.method());
        ObjectNode identity = context.putObject("identity");
        identity.putNull("accessKey");
        identity.putNull("accountId");
        identity.putNull("caller");
        identity.putNull("cognitoAuthenticationProvider");
        identity.putNull("cognitoAuthenticationType");
        identity.putNull("cognitoIdentityId");
        identity.putNull("cognitoIdentityPoolId");
        identity.putNull("principalOrgId");
        identity.put("sourceIp", request.sourceIp());
        identity.putNull("user");
        identity.put("userAgent", request.header("user-agent") == null ? "" : request.header("user-agent"));
        identity.putNull("userArn");
        context.put("path", request.rawPath());
        context.put("protocol", request.protocol());
        context.put("requestId", request.requestId());
        context.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(request.epochMillis())));
        context.put("requestTimeEpoch", request.epochMillis());
        context.putNull("resourceId");
        context.put("resourcePath", resource);
        context.put("stage", api.stage());

        if (route.pathParameters().isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            route.pathParameters().forEach(parameters::put);
        }
        event.putNull("stageVariables");
        boolean base64 = false;
        if (request.body().length == 0) {
            event.putNull("body");
        } else {
            String text = PayloadFormatV2.isText(request.header("content-type")) ? PayloadFormatV2.utf8(request.body()) : null;
            base64 = text == null;
            event.put("body", base64 ? Base64.getEncoder().encodeToString(request.body()) : text);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /**
     * The HTTP response for a 1.0 integration's payload: an object with a valid {@code statusCode}, optional
     * {@code headers}, {@code multiValueHeaders}, {@code body} and {@code isBase64Encoded}. Any other payload is one
     * API Gateway cannot use: 500.
     */
    public static HttpReply response(String payload) {
        JsonNode document;
        try {
            document = JSON.readTree(payload);
        } catch (IOException notJson) {
            return HttpReply.internalServerError();
        }
        if (document == null || !document.isObject() || !document.has("statusCode")) {
            return HttpReply.internalServerError();
        }
        JsonNode statusCode = document.get("statusCode");
        if (!statusCode.canConvertToInt() || statusCode.asInt() < 100 || statusCode.asInt() > 599) {
            return HttpReply.internalServerError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode multi = document.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            multi.fields().forEachRemaining(field -> field.getValue().forEach(value -> headers.add(Map.entry(field.getKey(), value.asText()))));
        }
        JsonNode single = document.get("headers");
        if (single != null && single.isObject()) {
            single.fields().forEachRemaining(field -> {
                boolean already = headers.stream().anyMatch(header -> header.getKey().equalsIgnoreCase(field.getKey()));
                if (!already && !field.getValue().isNull()) {
                    headers.add(Map.entry(field.getKey(), field.getValue().asText()));
                }
            });
        }
        if (headers.stream().noneMatch(header -> header.getKey().equalsIgnoreCase("content-type"))) {
            headers.add(Map.entry("Content-Type", "application/json"));
        }
        JsonNode bodyNode = document.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (document.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = Base64.getDecoder().decode(bodyNode.asText());
            } catch (IllegalArgumentException notBase64) {
                return HttpReply.internalServerError();
            }
        } else {
            body = (bodyNode.isValueNode() ? bodyNode.asText() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new HttpReply(statusCode.asInt(), headers, body);
    }
}
