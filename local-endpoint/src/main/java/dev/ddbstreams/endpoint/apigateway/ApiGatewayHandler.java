package dev.ddbstreams.endpoint.apigateway;

import static dev.ddbstreams.endpoint.protocol.RestJsonProtocol.empty;
import static dev.ddbstreams.endpoint.protocol.RestJsonProtocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Api;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Deployment;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Integration;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Route;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Stage;
import dev.ddbstreams.endpoint.protocol.RestJsonProtocol;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * API Gateway v2's REST-JSON control plane ({@code /v2/apis...}, {@code /v2/tags/{arn}}): lower-camel-case JSON
 * members, timestamps as ISO 8601 text, collections as {@code {"items": [...], "nextToken": ...}}, and errors as
 * {@code {"message": "..."}} with the error code in {@code x-amzn-ErrorType}, which is how the SDKs tell them apart.
 *
 * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html">API Gateway v2 API reference</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization">restJson1 error serialization</a>
 */
public final class ApiGatewayHandler implements ServiceHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = RestJsonProtocol.CONTENT_TYPE;

    private final ApiGatewayService service;

    public ApiGatewayHandler(ApiGatewayService service) {
        this.service = service;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        try {
            return dispatch(request, requestId);
        } catch (AwsServiceException error) {
            return error(error, requestId);
        }
    }

    private AwsResponse dispatch(AwsRequest request, String requestId) {
        List<String> path = segments(request.path());
        String method = request.method();
        if (path.size() < 2 || !path.get(0).equals("v2")) {
            throw unknown(request);
        }
        if (path.get(1).equals("tags") && path.size() == 3) {
            String arn = path.get(2);
            return switch (method) {
                case "GET" -> json(200, JSON.createObjectNode().set("tags", JSON.valueToTree(service.getTags(arn))), requestId);
                case "POST" -> {
                    service.tagResource(arn, ApiGatewayService.stringMap(body(request).get("tags"), "tags"));
                    yield empty(201, requestId);
                }
                case "DELETE" -> {
                    service.untagResource(arn, queryValues(request.query(), "tagKeys"));
                    yield empty(204, requestId);
                }
                default -> throw unknown(request);
            };
        }
        if (!path.get(1).equals("apis") || path.size() > 5) {
            throw unknown(request);
        }
        if (path.size() == 2) {
            return switch (method) {
                case "GET" -> json(200, page(service.getApis(), this::api, request), requestId);
                case "POST" -> json(201, api(service.createApi(body(request))), requestId);
                default -> throw unknown(request);
            };
        }
        String apiId = path.get(2);
        if (path.size() == 3) {
            return switch (method) {
                case "GET" -> json(200, api(service.getApi(apiId)), requestId);
                case "PATCH" -> json(200, api(service.updateApi(apiId, body(request))), requestId);
                case "DELETE" -> {
                    service.deleteApi(apiId);
                    yield empty(204, requestId);
                }
                default -> throw unknown(request);
            };
        }
        String collection = path.get(3);
        String id = path.size() == 5 ? path.get(4) : null;
        return switch (collection) {
            case "stages" -> resource(request, requestId, id,
                    () -> page(service.getStages(apiId), stage -> stage(apiId, stage), request),
                    () -> stage(apiId, service.createStage(apiId, body(request))),
                    () -> stage(apiId, service.getStage(apiId, id)),
                    () -> stage(apiId, service.updateStage(apiId, id, body(request))),
                    () -> service.deleteStage(apiId, id));
            case "integrations" -> resource(request, requestId, id,
                    () -> page(service.getIntegrations(apiId), ApiGatewayHandler::integration, request),
                    () -> integration(service.createIntegration(apiId, body(request))),
                    () -> integration(service.getIntegration(apiId, id)),
                    () -> integration(service.updateIntegration(apiId, id, body(request))),
                    () -> service.deleteIntegration(apiId, id));
            case "routes" -> resource(request, requestId, id,
                    () -> page(service.getRoutes(apiId), ApiGatewayHandler::route, request),
                    () -> route(service.createRoute(apiId, body(request))),
                    () -> route(service.getRoute(apiId, id)),
                    () -> route(service.updateRoute(apiId, id, body(request))),
                    () -> service.deleteRoute(apiId, id));
            case "deployments" -> resource(request, requestId, id,
                    () -> page(service.getDeployments(apiId), ApiGatewayHandler::deployment, request),
                    () -> deployment(service.createDeployment(apiId, body(request))),
                    () -> deployment(service.getDeployment(apiId, id)),
                    () -> {
                        throw unknown(request);
                    },
                    () -> service.deleteDeployment(apiId, id));
            default -> throw unknown(request);
        };
    }

    /** The five operations of a sub-resource collection: list and create on it, get, update and delete on one item. */
    private static AwsResponse resource(AwsRequest request, String requestId, String id, java.util.function.Supplier<JsonNode> list,
                                        java.util.function.Supplier<JsonNode> create, java.util.function.Supplier<JsonNode> get,
                                        java.util.function.Supplier<JsonNode> update, Runnable delete) {
        String method = request.method();
        if (id == null) {
            return switch (method) {
                case "GET" -> json(200, list.get(), requestId);
                case "POST" -> json(201, create.get(), requestId);
                default -> throw unknown(request);
            };
        }
        return switch (method) {
            case "GET" -> json(200, get.get(), requestId);
            case "PATCH" -> json(200, update.get(), requestId);
            case "DELETE" -> {
                delete.run();
                yield empty(204, requestId);
            }
            default -> throw unknown(request);
        };
    }

    // ---------------------------------------------------------------- output shapes

    private ObjectNode api(Api api) {
        ObjectNode out = JSON.createObjectNode();
        out.put("apiEndpoint", service.apiEndpoint(api.apiId));
        out.put("apiId", api.apiId);
        out.put("apiKeySelectionExpression", api.apiKeySelectionExpression);
        out.put("createdDate", api.createdDate);
        putIfPresent(out, "description", api.description);
        out.put("disableExecuteApiEndpoint", api.disableExecuteApiEndpoint);
        out.put("ipAddressType", api.ipAddressType);
        out.put("name", api.name);
        out.put("protocolType", api.protocolType);
        out.put("routeSelectionExpression", api.routeSelectionExpression);
        out.set("tags", JSON.valueToTree(api.tags));
        putIfPresent(out, "version", api.version);
        return out;
    }

    private static ObjectNode stage(String apiId, Stage stage) {
        ObjectNode out = JSON.createObjectNode();
        out.put("apiGatewayManaged", stage.apiGatewayManaged);
        out.put("autoDeploy", stage.autoDeploy);
        out.put("createdDate", stage.createdDate);
        if (stage.accessLogSettings != null) {
            out.set("accessLogSettings", stage.accessLogSettings);
        }
        ObjectNode routeDefaults = stage.defaultRouteSettings == null ? JSON.createObjectNode() : stage.defaultRouteSettings.deepCopy();
        if (!routeDefaults.has("detailedMetricsEnabled")) {
            routeDefaults.put("detailedMetricsEnabled", false);
        }
        out.set("defaultRouteSettings", routeDefaults);
        putIfPresent(out, "deploymentId", stage.deploymentId);
        putIfPresent(out, "description", stage.description);
        putIfPresent(out, "lastDeploymentStatusMessage", stage.lastDeploymentStatusMessage);
        out.put("lastUpdatedDate", stage.lastUpdatedDate);
        out.putObject("routeSettings");
        out.put("stageName", stage.stageName);
        out.set("stageVariables", JSON.valueToTree(stage.stageVariables));
        out.set("tags", JSON.valueToTree(stage.tags));
        return out;
    }

    private static ObjectNode integration(Integration integration) {
        ObjectNode out = JSON.createObjectNode();
        out.put("apiGatewayManaged", integration.apiGatewayManaged);
        out.put("connectionType", integration.connectionType);
        putIfPresent(out, "description", integration.description);
        out.put("integrationId", integration.integrationId);
        out.put("integrationMethod", integration.integrationMethod);
        out.put("integrationType", integration.integrationType);
        out.put("integrationUri", integration.integrationUri);
        out.put("payloadFormatVersion", integration.payloadFormatVersion);
        out.put("timeoutInMillis", integration.timeoutInMillis);
        return out;
    }

    private static ObjectNode route(Route route) {
        ObjectNode out = JSON.createObjectNode();
        out.put("apiGatewayManaged", route.apiGatewayManaged);
        out.put("apiKeyRequired", route.apiKeyRequired);
        out.put("authorizationType", route.authorizationType);
        putIfPresent(out, "operationName", route.operationName);
        out.put("routeId", route.routeId);
        out.put("routeKey", route.routeKey);
        putIfPresent(out, "target", route.target);
        return out;
    }

    private static ObjectNode deployment(Deployment deployment) {
        ObjectNode out = JSON.createObjectNode();
        out.put("autoDeployed", deployment.autoDeployed);
        out.put("createdDate", deployment.createdDate);
        out.put("deploymentId", deployment.deploymentId);
        out.put("deploymentStatus", deployment.deploymentStatus);
        putIfPresent(out, "description", deployment.description);
        return out;
    }

    /** A page of {@code items}: {@code maxResults} (a string in the query) per page, {@code nextToken} an offset. */
    private static <T> ObjectNode page(List<T> all, Function<T, ObjectNode> render, AwsRequest request) {
        int from = 0;
        int size = Math.max(1, all.size());
        List<String> token = queryValues(request.query(), "nextToken");
        List<String> max = queryValues(request.query(), "maxResults");
        try {
            if (!token.isEmpty()) {
                from = Integer.parseInt(token.get(0));
            }
            if (!max.isEmpty()) {
                size = Integer.parseInt(max.get(0));
            }
        } catch (NumberFormatException malformed) {
            throw ApiGatewayService.badRequest("Invalid nextToken or maxResults.");
        }
        if (from < 0 || from > all.size() || size < 1 || size > 500) {
            throw ApiGatewayService.badRequest("Invalid nextToken or maxResults (1 to 500).");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("items");
        int to = Math.min(all.size(), from + size);
        all.subList(from, to).forEach(item -> items.add(render.apply(item)));
        if (to < all.size()) {
            out.put("nextToken", Integer.toString(to));
        }
        return out;
    }

    private static void putIfPresent(ObjectNode out, String member, String value) {
        if (value != null) {
            out.put(member, value);
        }
    }

    // ---------------------------------------------------------------- wire helpers

    private static ObjectNode body(AwsRequest request) {
        if (request.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException malformed) {
            // Answered below, as for any body that is not a JSON object.
        }
        throw ApiGatewayService.badRequest("The request body is not a JSON object.");
    }

    /** Path segments, percent-decoded ({@code %24default} is {@code $default}, an ARN's {@code %2F} is {@code /}). */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        return segments;
    }

    private static List<String> queryValues(String query, String name) {
        List<String> values = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        Arrays.stream(query.split("&")).forEach(pair -> {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (key.equals(name)) {
                values.add(equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        });
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw ApiGatewayService.badRequest("Malformed percent-encoding in \"" + text + "\".");
        }
    }

    private static AwsServiceException unknown(AwsRequest request) {
        return new AwsServiceException("NotFoundException", 404,
                "No API Gateway v2 operation matches " + request.method() + " " + request.path());
    }



    /** API Gateway's error: {@code {"message": ...}}, the code in {@code x-amzn-ErrorType}. */
    static AwsResponse error(AwsServiceException error, String requestId) {
        ObjectNode body = JSON.createObjectNode().put("message", error.getMessage());
        return new AwsResponse(error.status(), CONTENT_TYPE,
                Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", error.code()), body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
