package dev.ddbstreams.endpoint.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.apigateway.RouteTable.RouteMatch;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
import java.util.Set;

/**
 * API Gateway HTTP API payload format 2.0: the Lambda event for a request, and the HTTP response for what
 * the function returned.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP API Lambda integrations, payload format 2.0</a>
 */
public final class PayloadFormatV2 {

    /** Bodies of these media types reach the function as text; anything else (or no type) base64-encoded. */
    private static final Set<String> TEXT_MEDIA_TYPES = Set.of("application/json", "application/xml",
            "application/javascript");
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadFormatV2() {
    }

    /**
     * Where the API lives, for {@code requestContext}: the account, the API id and the stage serving the request.
     * On a named stage API Gateway puts the stage in front of the path ({@code rawPath} {@code /dev/notes}), on
     * {@code $default} it does not.
     */
    public record ApiContext(String accountId, String apiId, String stage) {

        public ApiContext(String accountId, String apiId) {
            this(accountId, apiId, "$default");
        }
    }

    /**
     * The event for a request matched to a route, field for field as API Gateway sends it: header names
     * lower-cased, repeated headers and query parameters comma-joined, cookies moved out of the headers,
     * empty collections and an empty body left out.
     */
    public static ObjectNode event(IncomingRequest request, RouteMatch route, ApiContext api) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQueryString());

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
            } else {
                headers.merge(name, header.getValue(), (first, next) -> first + "," + next);
            }
        }
        // What API Gateway adds in front of the integration.
        headers.putIfAbsent("x-amzn-trace-id", request.traceId());
        headers.putIfAbsent("x-forwarded-for", request.sourceIp());
        headers.putIfAbsent("x-forwarded-port", Integer.toString(request.localPort()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        if (!cookies.isEmpty()) {
            ArrayNode cookieArray = event.putArray("cookies");
            cookies.forEach(cookieArray::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);

        Map<String, String> query = queryParameters(request.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }

        String host = headers.getOrDefault("host", "127.0.0.1:" + request.localPort());
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        context.put("domainName", host);
        context.put("domainPrefix", domainPrefix(host));
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", request.requestId());
        context.put("routeKey", route.routeKey());
        context.put("stage", api.stage());
        context.put("time", REQUEST_TIME.format(Instant.ofEpochMilli(request.epochMillis())));
        context.put("timeEpoch", request.epochMillis());

        boolean base64 = false;
        if (request.body().length > 0) {
            String text = isText(request.header("content-type")) ? utf8(request.body()) : null;
            base64 = text == null;
            event.put("body", base64 ? Base64.getEncoder().encodeToString(request.body()) : text);
        }
        if (!route.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            route.pathParameters().forEach(parameters::put);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /**
     * The body as text when it is well-formed UTF-8, else {@code null}. API Gateway defines a text payload as a
     * UTF-8 string and everything else as binary; a binary payload reaches the function base64-encoded with
     * {@code isBase64Encoded: true}, so bytes that are not UTF-8 are handed over exactly as sent, whatever the
     * Content-Type claims, and never decoded with U+FFFD in place of what was sent. The function decides what
     * to do with them (the notes and users APIs refuse them with 400 {@code InvalidUtf8}).
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html">API Gateway: "A text payload is a UTF-8-encoded JSON string. A binary payload is anything other than a text payload."</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-request-payload">Payload format 2.0 request: isBase64Encoded is TRUE if the body is a binary payload</a>
     */
    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /**
     * {@code text/*}, JSON, XML and JavaScript are text; everything else, and no content type, is binary
     * (form bodies included: checked against real AWS in ministackorg/ministack#766).
     */
    public static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/") || TEXT_MEDIA_TYPES.contains(mediaType);
    }

    /** Decoded names and values in order of appearance; a repeated name gets its values comma-joined. */
    public static Map<String, String> queryParameters(String rawQueryString) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decodeQuery(pair.substring(equals + 1));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }

    static String decodeQuery(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // a stray '%' is passed on as sent rather than failing the request
        }
    }

    private static String domainPrefix(String host) {
        String hostname = host.startsWith("[") ? host : host.split(":", 2)[0];
        int dot = hostname.indexOf('.');
        return dot < 0 ? hostname : hostname.substring(0, dot);
    }

    /**
     * The HTTP response for a successful invocation's payload. A JSON object with {@code statusCode} is a
     * response description (headers, cookies, body, isBase64Encoded); any other valid JSON is the body of a
     * 200 {@code application/json} response. A payload API Gateway could not use gives 500.
     */
    public static HttpReply response(String payload) {
        JsonNode document;
        try {
            document = JSON.readTree(payload);
        } catch (IOException notJson) {
            return HttpReply.internalServerError();
        }
        if (document == null || document.isMissingNode()) {
            return HttpReply.internalServerError(); // an empty response
        }
        if (!document.isObject() || !document.has("statusCode")) {
            return HttpReply.json(200, payload);
        }
        JsonNode statusCode = document.get("statusCode");
        if (!statusCode.canConvertToInt() || statusCode.asInt() < 100 || statusCode.asInt() > 599) {
            return HttpReply.internalServerError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode headerNode = document.get("headers");
        if (headerNode != null && headerNode.isObject()) {
            headerNode.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    headers.add(Map.entry(field.getKey(), text(field.getValue())));
                }
            });
        }
        JsonNode cookies = document.get("cookies");
        if (cookies != null && cookies.isArray()) {
            cookies.forEach(cookie -> headers.add(Map.entry("Set-Cookie", text(cookie))));
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
                body = Base64.getDecoder().decode(text(bodyNode));
            } catch (IllegalArgumentException notBase64) {
                return HttpReply.internalServerError();
            }
        } else {
            body = text(bodyNode).getBytes(StandardCharsets.UTF_8);
        }
        return new HttpReply(statusCode.asInt(), headers, body);
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
