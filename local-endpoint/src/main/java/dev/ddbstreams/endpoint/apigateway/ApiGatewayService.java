package dev.ddbstreams.endpoint.apigateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Api;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Deployment;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Integration;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Route;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Stage;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.State;
import dev.ddbstreams.endpoint.persistence.SnapshotStore;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway v2 HTTP APIs: APIs, stages, AWS_PROXY (Lambda) integrations, routes, deployments and tags, with the
 * rules AWS applies to them, kept in a {@link SnapshotStore} ({@code <data>/apigateway.json}).
 *
 * <p>A stage serves a deployment, a snapshot of the routes and integrations taken when it was made; a stage with
 * {@code autoDeploy} gets a new deployment after every change to the API's routes or integrations (and when it is
 * created), as AWS's automatic deployments do.
 *
 * <p>Error codes and statuses are those of the API reference ({@code NotFoundException} 404,
 * {@code BadRequestException} 400, {@code ConflictException} 409). The not-found messages ("Invalid API identifier
 * specified ...") are those of moto's apigatewayv2 backend (moto/apigatewayv2/exceptions.py); other messages are ours
 * where no recorded AWS answer was found.
 *
 * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html">API Gateway v2: Apis</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html">HTTP API stages ($default, automatic deployment)</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">AWS Lambda proxy integrations for HTTP APIs</a>
 */
public final class ApiGatewayService {
    /** An HTTP API integration's timeout: 50 ms to 30 s, default 30 s. */
    public static final int MIN_TIMEOUT_MILLIS = 50;
    public static final int MAX_TIMEOUT_MILLIS = 30_000;
    public static final String DEFAULT_STAGE = "$default";

    private static final ObjectMapper COPIER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Set<String> METHODS = Set.of("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    /** Stage names: {@code $default}, or letters, digits, hyphens and underscores, at most 128 characters. */
    private static final Pattern STAGE_NAME = Pattern.compile("\\$default|[A-Za-z0-9_\\-]{1,128}");
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z\\-]*:lambda:[a-z0-9\\-]+:\\d{12}:function:[A-Za-z0-9_\\-]{1,64}(:[A-Za-z0-9$_\\-]{1,128})?");
    private static final Pattern LAMBDA_PATH_ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:apigateway:[a-z0-9\\-]+:lambda:path/2015-03-31/functions/(.+)/invocations");
    private static final Pattern TAGGABLE_ARN =
            Pattern.compile("arn:aws[a-z\\-]*:apigateway:[a-z0-9\\-]+::/apis/([a-z0-9]+)(/stages/([^/]+))?");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Supplier<URI> edgeEndpoint;
    private final SnapshotStore<State> store;
    private final State state;

    /**
     * @param edgeEndpoint the edge's address ({@code http://127.0.0.1:4566}), known once it listens: each API's
     *                     {@code ApiEndpoint} is {@code <edge>/_aws/execute-api/<apiId>}
     */
    public ApiGatewayService(String region, String accountId, Clock clock, Supplier<URI> edgeEndpoint, SnapshotStore<State> store) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.edgeEndpoint = edgeEndpoint;
        this.store = store;
        this.state = store.load().orElseGet(State::new);
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /**
     * What the API's {@code ApiEndpoint} says, and so Terraform's {@code aws_apigatewayv2_api.api_endpoint}: AWS gives
     * {@code https://<apiId>.execute-api.<region>.amazonaws.com}; the edge serves the API by path under its own
     * address, its {@code $default} stage at that URL and a named stage under {@code <url>/<stage>}, as AWS does.
     */
    public String apiEndpoint(String apiId) {
        String edge = edgeEndpoint.get().toString();
        return (edge.endsWith("/") ? edge.substring(0, edge.length() - 1) : edge) + "/_aws/execute-api/" + apiId;
    }

    /** {@code arn:aws:apigateway:<region>::/apis/<apiId>}, the ARN tags are addressed by. */
    public String apiArn(String apiId) {
        return "arn:aws:apigateway:" + region + "::/apis/" + apiId;
    }

    public String stageArn(String apiId, String stageName) {
        return apiArn(apiId) + "/stages/" + stageName;
    }

    // ---------------------------------------------------------------- APIs

    /**
     * CreateApi. With {@code target} (quick create) AWS also makes an AWS_PROXY integration (payload 2.0), a route
     * ({@code routeKey}, default {@code $default}) and an auto-deployed {@code $default} stage, all API Gateway managed.
     *
     * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#CreateApi">CreateApi</a>
     */
    public synchronized Api createApi(ObjectNode in) {
        String name = requiredText(in, "name");
        if (name.length() > 128) {
            throw badRequest("Name must be at most 128 characters long.");
        }
        String protocolType = requiredText(in, "protocolType");
        if (!protocolType.equals("HTTP") && !protocolType.equals("WEBSOCKET")) {
            throw badRequest("Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]");
        }
        if (protocolType.equals("WEBSOCKET")) {
            throw badRequest("This endpoint serves HTTP APIs only; WebSocket APIs are not emulated.");
        }
        Api api = new Api();
        api.apiId = newId(10, state.apis.keySet());
        api.name = name;
        api.protocolType = protocolType;
        api.description = optionalText(in, "description");
        api.version = optionalText(in, "version");
        api.disableExecuteApiEndpoint = in.path("disableExecuteApiEndpoint").asBoolean(false);
        if (in.hasNonNull("routeSelectionExpression")) {
            api.routeSelectionExpression = routeSelectionExpression(in.get("routeSelectionExpression").asText());
        }
        api.createdDate = now();
        api.tags.putAll(stringMap(in.get("tags"), "tags"));
        if (in.hasNonNull("target")) {
            quickCreate(api, in.get("target").asText(), Optional.ofNullable(optionalText(in, "routeKey")).orElse("$default"));
        } else if (in.hasNonNull("routeKey")) {
            throw badRequest("RouteKey can only be specified with Target (quick create).");
        }
        state.apis.put(api.apiId, api);
        save();
        return copy(api, Api.class);
    }

    private void quickCreate(Api api, String target, String routeKey) {
        Integration integration = new Integration();
        integration.integrationId = newId(7, api.integrations.keySet());
        integration.integrationType = "AWS_PROXY";
        integration.integrationUri = integrationUri(target);
        integration.payloadFormatVersion = "2.0";
        integration.apiGatewayManaged = true;
        Route route = new Route();
        route.routeId = newId(7, api.routes.keySet());
        route.routeKey = routeKey(routeKey);
        route.target = "integrations/" + integration.integrationId;
        route.apiGatewayManaged = true;
        api.integrations.put(integration.integrationId, integration);
        api.routes.put(route.routeId, route);
        Stage stage = newStage(DEFAULT_STAGE);
        stage.autoDeploy = true;
        stage.apiGatewayManaged = true;
        api.stages.put(stage.stageName, stage);
        autoDeploy(api);
    }

    public synchronized Api getApi(String apiId) {
        return copy(api(apiId), Api.class);
    }

    public synchronized List<Api> getApis() {
        return state.apis.values().stream().map(api -> copy(api, Api.class)).toList();
    }

    /** UpdateApi: only the members given change. */
    public synchronized Api updateApi(String apiId, ObjectNode in) {
        Api api = api(apiId);
        if (in.has("name")) {
            String name = requiredText(in, "name");
            if (name.length() > 128) {
                throw badRequest("Name must be at most 128 characters long.");
            }
            api.name = name;
        }
        if (in.has("description")) {
            api.description = optionalText(in, "description");
        }
        if (in.has("version")) {
            api.version = optionalText(in, "version");
        }
        if (in.hasNonNull("disableExecuteApiEndpoint")) {
            api.disableExecuteApiEndpoint = in.get("disableExecuteApiEndpoint").asBoolean();
        }
        if (in.hasNonNull("routeSelectionExpression")) {
            api.routeSelectionExpression = routeSelectionExpression(in.get("routeSelectionExpression").asText());
        }
        save();
        return copy(api, Api.class);
    }

    public synchronized void deleteApi(String apiId) {
        api(apiId);
        state.apis.remove(apiId);
        save();
    }

    // ---------------------------------------------------------------- stages

    /** @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html">Stages</a> */
    public synchronized Stage createStage(String apiId, ObjectNode in) {
        Api api = api(apiId);
        String name = requiredText(in, "stageName");
        if (!STAGE_NAME.matcher(name).matches()) {
            throw badRequest("Stage name only allows a-zA-Z0-9_- and must be at most 128 characters long, or $default.");
        }
        if (api.stages.containsKey(name)) {
            throw new AwsServiceException("ConflictException", 409, "Stage " + name + " already exists");
        }
        Stage stage = newStage(name);
        stage.description = optionalText(in, "description");
        stage.autoDeploy = in.path("autoDeploy").asBoolean(false);
        stage.stageVariables.putAll(stringMap(in.get("stageVariables"), "stageVariables"));
        stage.tags.putAll(stringMap(in.get("tags"), "tags"));
        stage.accessLogSettings = settingsObject(in, "accessLogSettings");
        stage.defaultRouteSettings = settingsObject(in, "defaultRouteSettings");
        if (in.hasNonNull("deploymentId")) {
            stage.deploymentId = deployment(api, in.get("deploymentId").asText()).deploymentId;
        }
        api.stages.put(name, stage);
        if (stage.autoDeploy) {
            autoDeploy(api);
        }
        save();
        return copy(stage, Stage.class);
    }

    public synchronized Stage getStage(String apiId, String stageName) {
        return copy(stage(api(apiId), stageName), Stage.class);
    }

    public synchronized List<Stage> getStages(String apiId) {
        return api(apiId).stages.values().stream().map(stage -> copy(stage, Stage.class)).toList();
    }

    public synchronized Stage updateStage(String apiId, String stageName, ObjectNode in) {
        Api api = api(apiId);
        Stage stage = stage(api, stageName);
        if (in.has("description")) {
            stage.description = optionalText(in, "description");
        }
        if (in.hasNonNull("deploymentId")) {
            stage.deploymentId = deployment(api, in.get("deploymentId").asText()).deploymentId;
        }
        if (in.hasNonNull("stageVariables")) {
            // A variable set to "" is removed (what Terraform sends to delete one).
            stringMap(in.get("stageVariables"), "stageVariables").forEach((key, value) -> {
                if (value.isEmpty()) {
                    stage.stageVariables.remove(key);
                } else {
                    stage.stageVariables.put(key, value);
                }
            });
        }
        if (in.has("accessLogSettings")) {
            stage.accessLogSettings = settingsObject(in, "accessLogSettings");
        }
        if (in.has("defaultRouteSettings")) {
            stage.defaultRouteSettings = settingsObject(in, "defaultRouteSettings");
        }
        stage.lastUpdatedDate = now();
        boolean turnedOn = in.hasNonNull("autoDeploy") && in.get("autoDeploy").asBoolean() && !stage.autoDeploy;
        if (in.hasNonNull("autoDeploy")) {
            stage.autoDeploy = in.get("autoDeploy").asBoolean();
        }
        if (turnedOn) {
            autoDeploy(api);
        }
        save();
        return copy(stage, Stage.class);
    }

    /**
     * A stage's {@code AccessLogSettings} or {@code DefaultRouteSettings}: kept as given and answered back, as Terraform
     * reads them after each change (access logs are not written and throttling is not applied here). Anything but an
     * object is refused.
     *
     * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html#apis-apiid-stages-model-accesslogsettings">AccessLogSettings</a>
     * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html#apis-apiid-stages-model-routesettings">RouteSettings</a>
     */
    private static ObjectNode settingsObject(ObjectNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw badRequest("Invalid " + field + ": expected an object.");
        }
        return object.deepCopy();
    }

    public synchronized void deleteStage(String apiId, String stageName) {
        Api api = api(apiId);
        stage(api, stageName);
        api.stages.remove(stageName);
        save();
    }

    private Stage newStage(String name) {
        Stage stage = new Stage();
        stage.stageName = name;
        stage.createdDate = now();
        stage.lastUpdatedDate = stage.createdDate;
        return stage;
    }

    // ---------------------------------------------------------------- integrations

    /**
     * CreateIntegration. Only Lambda proxy integrations ({@code AWS_PROXY}) are served: their
     * {@code integrationUri} is a function ARN or the {@code arn:aws:apigateway:<region>:lambda:path/2015-03-31/
     * functions/<arn>/invocations} form, {@code payloadFormatVersion} is 1.0 or 2.0 and is required for HTTP APIs,
     * {@code timeoutInMillis} is between 50 and 30,000.
     *
     * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html">Integrations</a>
     */
    public synchronized Integration createIntegration(String apiId, ObjectNode in) {
        Api api = api(apiId);
        Integration integration = new Integration();
        integration.integrationId = newId(7, api.integrations.keySet());
        integration.integrationType = requiredText(in, "integrationType");
        if (!integration.integrationType.equals("AWS_PROXY")) {
            if (!Set.of("AWS", "HTTP", "MOCK", "HTTP_PROXY").contains(integration.integrationType)) {
                throw badRequest("Invalid integration type specified. Must be one of [AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK]");
            }
            throw badRequest("Integration type " + integration.integrationType
                    + " is not served by this endpoint; only AWS_PROXY (Lambda) integrations are emulated.");
        }
        applyIntegration(integration, in, true);
        api.integrations.put(integration.integrationId, integration);
        autoDeploy(api);
        save();
        return integration.copy();
    }

    private void applyIntegration(Integration integration, ObjectNode in, boolean creating) {
        if (creating || in.has("integrationUri")) {
            integration.integrationUri = integrationUri(requiredText(in, "integrationUri"));
        }
        if (creating || in.has("payloadFormatVersion")) {
            String version = creating && !in.hasNonNull("payloadFormatVersion") ? null : optionalText(in, "payloadFormatVersion");
            if (version == null) {
                throw badRequest("PayloadFormatVersion is required for an AWS_PROXY integration of an HTTP API.");
            }
            if (!version.equals("1.0") && !version.equals("2.0")) {
                throw badRequest("Invalid payload format version specified. Must be one of [1.0, 2.0]");
            }
            integration.payloadFormatVersion = version;
        }
        if (in.hasNonNull("integrationMethod")) {
            integration.integrationMethod = in.get("integrationMethod").asText();
        }
        if (in.hasNonNull("timeoutInMillis")) {
            JsonNode timeout = in.get("timeoutInMillis");
            if (!timeout.canConvertToInt() || timeout.asInt() < MIN_TIMEOUT_MILLIS || timeout.asInt() > MAX_TIMEOUT_MILLIS) {
                throw badRequest("Timeout must be between 50 milliseconds and 30000 milliseconds.");
            }
            integration.timeoutInMillis = timeout.asInt();
        }
        if (in.has("description")) {
            integration.description = optionalText(in, "description");
        }
        if (in.hasNonNull("connectionType") && !in.get("connectionType").asText().equals("INTERNET")) {
            throw badRequest("Only connectionType INTERNET is valid for an AWS_PROXY integration.");
        }
    }

    public synchronized Integration getIntegration(String apiId, String integrationId) {
        return integration(api(apiId), integrationId).copy();
    }

    public synchronized List<Integration> getIntegrations(String apiId) {
        return api(apiId).integrations.values().stream().map(Integration::copy).toList();
    }

    public synchronized Integration updateIntegration(String apiId, String integrationId, ObjectNode in) {
        Api api = api(apiId);
        Integration integration = integration(api, integrationId);
        if (in.hasNonNull("integrationType") && !in.get("integrationType").asText().equals(integration.integrationType)) {
            throw badRequest("Integration type " + in.get("integrationType").asText()
                    + " is not served by this endpoint; only AWS_PROXY (Lambda) integrations are emulated.");
        }
        applyIntegration(integration, in, false);
        autoDeploy(api);
        save();
        return integration.copy();
    }

    public synchronized void deleteIntegration(String apiId, String integrationId) {
        Api api = api(apiId);
        integration(api, integrationId);
        api.integrations.remove(integrationId);
        autoDeploy(api);
        save();
    }

    /** Checks an integration URI and keeps it as given. */
    private static String integrationUri(String uri) {
        if (FUNCTION_ARN.matcher(uri).matches()) {
            return uri;
        }
        Matcher path = LAMBDA_PATH_ARN.matcher(uri);
        if (path.matches() && FUNCTION_ARN.matcher(path.group(1)).matches()) {
            return uri;
        }
        throw badRequest("Invalid integration URI specified: " + uri + ". For AWS_PROXY it must be a Lambda function ARN "
                + "or arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations.");
    }

    /** The function an integration URI names (its ARN, with any qualifier). */
    public static String functionOf(String integrationUri) {
        Matcher path = LAMBDA_PATH_ARN.matcher(integrationUri);
        return path.matches() ? path.group(1) : integrationUri;
    }

    // ---------------------------------------------------------------- routes

    /** @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">Routes for HTTP APIs</a> */
    public synchronized Route createRoute(String apiId, ObjectNode in) {
        Api api = api(apiId);
        Route route = new Route();
        route.routeId = newId(7, api.routes.keySet());
        route.routeKey = routeKey(requiredText(in, "routeKey"));
        requireUniqueKey(api, route.routeKey, null);
        route.target = target(api, in);
        applyRouteOptions(route, in);
        api.routes.put(route.routeId, route);
        autoDeploy(api);
        save();
        return route.copy();
    }

    public synchronized Route getRoute(String apiId, String routeId) {
        return route(api(apiId), routeId).copy();
    }

    public synchronized List<Route> getRoutes(String apiId) {
        return api(apiId).routes.values().stream().map(Route::copy).toList();
    }

    public synchronized Route updateRoute(String apiId, String routeId, ObjectNode in) {
        Api api = api(apiId);
        Route route = route(api, routeId);
        if (in.hasNonNull("routeKey")) {
            String key = routeKey(in.get("routeKey").asText());
            requireUniqueKey(api, key, routeId);
            route.routeKey = key;
        }
        if (in.has("target")) {
            route.target = target(api, in);
        }
        applyRouteOptions(route, in);
        autoDeploy(api);
        save();
        return route.copy();
    }

    public synchronized void deleteRoute(String apiId, String routeId) {
        Api api = api(apiId);
        route(api, routeId);
        api.routes.remove(routeId);
        autoDeploy(api);
        save();
    }

    private static void applyRouteOptions(Route route, ObjectNode in) {
        if (in.hasNonNull("authorizationType") && !in.get("authorizationType").asText().equals("NONE")) {
            throw badRequest("Authorization type " + in.get("authorizationType").asText()
                    + " is not served by this endpoint; only NONE is emulated.");
        }
        if (in.path("apiKeyRequired").asBoolean(false)) {
            throw badRequest("API keys are not supported for HTTP APIs.");
        }
        if (in.has("operationName")) {
            route.operationName = optionalText(in, "operationName");
        }
    }

    /** {@code $default}, or an HTTP method (or {@code ANY}), one space and a path starting with {@code /}. */
    private static String routeKey(String key) {
        if (key.equals("$default")) {
            return key;
        }
        int space = key.indexOf(' ');
        String method = space < 0 ? key : key.substring(0, space);
        if (space < 0 || !METHODS.contains(method) || !key.substring(space + 1).startsWith("/")
                || key.substring(space + 1).contains(" ")) {
            throw badRequest("Invalid route key \"" + key + "\": it must be $default or an HTTP method (or ANY), a space "
                    + "and a path starting with /, for example \"GET /notes/{id}\".");
        }
        try {
            RouteTable.validate(key);
        } catch (IllegalArgumentException malformed) {
            throw badRequest("Invalid route key \"" + key + "\": " + malformed.getMessage());
        }
        return key;
    }

    private static void requireUniqueKey(Api api, String key, String exceptRouteId) {
        for (Route other : api.routes.values()) {
            if (other.routeKey.equals(key) && !other.routeId.equals(exceptRouteId)) {
                throw new AwsServiceException("ConflictException", 409, "Route with key " + key + " already exists for this API");
            }
        }
    }

    /** A route's target: {@code integrations/<integrationId>} of this API, or none. */
    private static String target(Api api, ObjectNode in) {
        String target = optionalText(in, "target");
        if (target == null || target.isEmpty()) {
            return null;
        }
        if (!target.startsWith("integrations/") || !api.integrations.containsKey(target.substring("integrations/".length()))) {
            throw badRequest("Invalid target " + target + ": it must be integrations/<integrationId> of an integration of this API.");
        }
        return target;
    }

    // ---------------------------------------------------------------- deployments

    /**
     * CreateDeployment: snapshots the routes and integrations; with {@code stageName}, that stage serves it.
     *
     * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html">Deployments</a>
     */
    public synchronized Deployment createDeployment(String apiId, ObjectNode in) {
        Api api = api(apiId);
        Stage stage = in.hasNonNull("stageName") ? stage(api, in.get("stageName").asText()) : null;
        if (api.routes.isEmpty()) {
            throw badRequest("Unable to deploy API because no routes exist in this API");
        }
        Deployment deployment = deploy(api, false);
        deployment.description = optionalText(in, "description");
        if (stage != null) {
            stage.deploymentId = deployment.deploymentId;
            stage.lastUpdatedDate = now();
        }
        save();
        return summary(deployment);
    }

    public synchronized Deployment getDeployment(String apiId, String deploymentId) {
        return summary(deployment(api(apiId), deploymentId));
    }

    public synchronized List<Deployment> getDeployments(String apiId) {
        return api(apiId).deployments.values().stream().map(ApiGatewayService::summary).toList();
    }

    public synchronized void deleteDeployment(String apiId, String deploymentId) {
        Api api = api(apiId);
        deployment(api, deploymentId);
        for (Stage stage : api.stages.values()) {
            if (deploymentId.equals(stage.deploymentId)) {
                throw badRequest("Active stages pointing to this deployment must be moved or deleted");
            }
        }
        api.deployments.remove(deploymentId);
        save();
    }

    private Deployment deploy(Api api, boolean automatic) {
        Deployment deployment = new Deployment();
        deployment.deploymentId = newId(6, api.deployments.keySet());
        deployment.createdDate = now();
        deployment.autoDeployed = automatic;
        api.routes.forEach((id, route) -> deployment.routes.put(id, route.copy()));
        api.integrations.forEach((id, integration) -> deployment.integrations.put(id, integration.copy()));
        api.deployments.put(deployment.deploymentId, deployment);
        return deployment;
    }

    /** A new deployment for every auto-deploying stage (one, shared), when there is a route to deploy. */
    private void autoDeploy(Api api) {
        List<Stage> stages = api.stages.values().stream().filter(stage -> stage.autoDeploy).toList();
        if (stages.isEmpty()) {
            return;
        }
        if (api.routes.isEmpty()) {
            stages.forEach(stage -> stage.lastDeploymentStatusMessage =
                    "Deployment attempt failed: Unable to deploy API because no routes exist in this API");
            return;
        }
        Deployment deployment = deploy(api, true);
        String previous = null;
        for (Stage stage : stages) {
            previous = stage.deploymentId;
            stage.deploymentId = deployment.deploymentId;
            stage.lastUpdatedDate = deployment.createdDate;
            stage.lastDeploymentStatusMessage = "Successfully deployed stage with deployment ID '" + deployment.deploymentId + "'";
        }
        // Automatic deployments nothing points to any more are not kept (they would pile up with every change).
        if (previous != null) {
            String replaced = previous;
            Deployment old = api.deployments.get(replaced);
            boolean stillUsed = api.stages.values().stream().anyMatch(stage -> replaced.equals(stage.deploymentId));
            if (old != null && old.autoDeployed && !stillUsed) {
                api.deployments.remove(replaced);
            }
        }
    }

    private static Deployment summary(Deployment deployment) {
        Deployment summary = new Deployment();
        summary.deploymentId = deployment.deploymentId;
        summary.description = deployment.description;
        summary.createdDate = deployment.createdDate;
        summary.autoDeployed = deployment.autoDeployed;
        summary.deploymentStatus = deployment.deploymentStatus;
        return summary;
    }

    // ---------------------------------------------------------------- tags

    /** @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/tags-resource-arn.html">Tags</a> */
    public synchronized Map<String, String> getTags(String arn) {
        return new LinkedHashMap<>(tagsOf(arn));
    }

    public synchronized void tagResource(String arn, Map<String, String> tags) {
        Map<String, String> target = tagsOf(arn);
        if (target.size() + tags.keySet().stream().filter(key -> !target.containsKey(key)).count() > 50) {
            throw badRequest("A resource can have at most 50 tags.");
        }
        target.putAll(tags);
        save();
    }

    public synchronized void untagResource(String arn, List<String> keys) {
        tagsOf(arn).keySet().removeAll(keys);
        save();
    }

    private Map<String, String> tagsOf(String arn) {
        Matcher matcher = TAGGABLE_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw badRequest("Invalid resource ARN specified: " + arn);
        }
        Api api = api(matcher.group(1));
        return matcher.group(3) == null ? api.tags : stage(api, matcher.group(3)).tags;
    }

    // ---------------------------------------------------------------- serving

    /** What a stage serves: its deployment's routes and integrations. */
    public record Deployed(String apiId, String stageName, Map<String, Route> routes, Map<String, Integration> integrations) {
    }

    /**
     * Whether the API exists with its default ({@code execute-api}) endpoint turned off, which then answers 403.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html">Disabling the default endpoint for HTTP APIs</a>
     */
    public synchronized boolean defaultEndpointDisabled(String apiId) {
        Api api = state.apis.get(apiId);
        return api != null && api.disableExecuteApiEndpoint;
    }

    /**
     * The stage an execute-api request addresses: the stage named by the path's first segment if there is one,
     * else the {@code $default} stage (served at the root). Empty when the API or stage does not exist, the API's
     * default endpoint is disabled, or the stage has no deployment yet.
     *
     * @param firstSegment the request path's first segment, decoded
     * @return the deployment, and whether the first segment was the stage's name (and so is not part of the path)
     */
    public synchronized Optional<Map.Entry<Deployed, Boolean>> deployed(String apiId, String firstSegment) {
        Api api = state.apis.get(apiId);
        if (api == null || api.disableExecuteApiEndpoint) {
            return Optional.empty();
        }
        boolean named = firstSegment != null && api.stages.containsKey(firstSegment);
        Stage stage = named ? api.stages.get(firstSegment) : api.stages.get(DEFAULT_STAGE);
        if (stage == null || stage.deploymentId == null || !api.deployments.containsKey(stage.deploymentId)) {
            return Optional.empty();
        }
        Deployment deployment = api.deployments.get(stage.deploymentId);
        Map<String, Route> routes = new LinkedHashMap<>();
        deployment.routes.forEach((id, route) -> routes.put(id, route.copy()));
        Map<String, Integration> integrations = new LinkedHashMap<>();
        deployment.integrations.forEach((id, integration) -> integrations.put(id, integration.copy()));
        return Optional.of(Map.entry(new Deployed(apiId, stage.stageName, routes, integrations), named));
    }

    // ---------------------------------------------------------------- helpers

    private Api api(String apiId) {
        Api api = state.apis.get(apiId);
        if (api == null) {
            throw notFound("Invalid API identifier specified " + accountId + ":" + apiId);
        }
        return api;
    }

    private Stage stage(Api api, String stageName) {
        Stage stage = api.stages.get(stageName);
        if (stage == null) {
            throw notFound("Invalid stage identifier specified");
        }
        return stage;
    }

    private static Integration integration(Api api, String integrationId) {
        Integration integration = api.integrations.get(integrationId);
        if (integration == null) {
            throw notFound("Invalid Integration identifier specified " + integrationId);
        }
        return integration;
    }

    private static Route route(Api api, String routeId) {
        Route route = api.routes.get(routeId);
        if (route == null) {
            throw notFound("Invalid Route identifier specified " + routeId);
        }
        return route;
    }

    private static Deployment deployment(Api api, String deploymentId) {
        Deployment deployment = api.deployments.get(deploymentId);
        if (deployment == null) {
            throw notFound("Invalid Deployment identifier specified " + deploymentId);
        }
        return deployment;
    }

    private static String routeSelectionExpression(String expression) {
        if (!expression.equals("$request.method $request.path")) {
            throw badRequest("The route selection expression of an HTTP API must be $request.method $request.path");
        }
        return expression;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void save() {
        store.save(state);
    }

    private static String newId(int length, Set<String> taken) {
        while (true) {
            StringBuilder id = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
            }
            if (!taken.contains(id.toString())) {
                return id.toString();
            }
        }
    }

    private static <T> T copy(T value, Class<T> type) {
        return COPIER.convertValue(value, type);
    }

    private static String requiredText(ObjectNode in, String member) {
        JsonNode value = in.get(member);
        if (value == null || value.isNull() || !value.isTextual() || value.asText().isEmpty()) {
            throw badRequest(member + " is a required parameter and must be a non-empty string.");
        }
        return value.asText();
    }

    private static String optionalText(ObjectNode in, String member) {
        JsonNode value = in.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw badRequest(member + " must be a string.");
        }
        return value.asText();
    }

    static Map<String, String> stringMap(JsonNode node, String member) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw badRequest(member + " must be a map of strings.");
        }
        List<String> bad = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual()) {
                map.put(field.getKey(), field.getValue().asText());
            } else {
                bad.add(field.getKey());
            }
        });
        if (!bad.isEmpty()) {
            throw badRequest(member + " must be a map of strings; " + bad + " are not strings.");
        }
        return map;
    }

    static AwsServiceException badRequest(String message) {
        return new AwsServiceException("BadRequestException", 400, message);
    }

    static AwsServiceException notFound(String message) {
        return new AwsServiceException("NotFoundException", 404, message);
    }
}
