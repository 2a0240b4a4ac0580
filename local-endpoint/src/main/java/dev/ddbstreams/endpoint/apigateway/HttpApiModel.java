package dev.ddbstreams.endpoint.apigateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway v2 resources as the service keeps and snapshots them (Jackson binds the public fields). They are
 * mutated only by {@link ApiGatewayService}, under its lock; everything read from outside is a copy.
 *
 * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html">API Gateway v2 resources</a>
 */
public final class HttpApiModel {
    private HttpApiModel() {
    }

    /** An API with its stages, integrations, routes and deployments. */
    public static final class Api {
        public String apiId;
        public String name;
        public String protocolType;
        public String description;
        public String version;
        public String routeSelectionExpression = "$request.method $request.path";
        public String apiKeySelectionExpression = "$request.header.x-api-key";
        public boolean disableExecuteApiEndpoint;
        public String ipAddressType = "ipv4";
        public String createdDate;
        public Map<String, String> tags = new LinkedHashMap<>();
        public Map<String, Stage> stages = new LinkedHashMap<>();
        public Map<String, Integration> integrations = new LinkedHashMap<>();
        public Map<String, Route> routes = new LinkedHashMap<>();
        public Map<String, Deployment> deployments = new LinkedHashMap<>();
    }

    public static final class Stage {
        public String stageName;
        public String description;
        public boolean autoDeploy;
        public String deploymentId;
        public String createdDate;
        public String lastUpdatedDate;
        public String lastDeploymentStatusMessage;
        public boolean apiGatewayManaged;
        public Map<String, String> stageVariables = new LinkedHashMap<>();
        public Map<String, String> tags = new LinkedHashMap<>();
        /** {@code AccessLogSettings} ({@code destinationArn}, {@code format}) as given: stored, no access log is written. */
        public com.fasterxml.jackson.databind.node.ObjectNode accessLogSettings;
        /** {@code DefaultRouteSettings} (throttling limits, detailed metrics) as given: stored, not enforced. */
        public com.fasterxml.jackson.databind.node.ObjectNode defaultRouteSettings;
    }

    public static final class Integration {
        public String integrationId;
        public String integrationType;
        public String integrationUri;
        public String integrationMethod = "POST";
        public String payloadFormatVersion;
        public int timeoutInMillis = ApiGatewayService.MAX_TIMEOUT_MILLIS;
        public String connectionType = "INTERNET";
        public String description;
        public boolean apiGatewayManaged;

        Integration copy() {
            Integration copy = new Integration();
            copy.integrationId = integrationId;
            copy.integrationType = integrationType;
            copy.integrationUri = integrationUri;
            copy.integrationMethod = integrationMethod;
            copy.payloadFormatVersion = payloadFormatVersion;
            copy.timeoutInMillis = timeoutInMillis;
            copy.connectionType = connectionType;
            copy.description = description;
            copy.apiGatewayManaged = apiGatewayManaged;
            return copy;
        }
    }

    public static final class Route {
        public String routeId;
        public String routeKey;
        public String target;
        public String authorizationType = "NONE";
        public boolean apiKeyRequired;
        public String operationName;
        public boolean apiGatewayManaged;

        Route copy() {
            Route copy = new Route();
            copy.routeId = routeId;
            copy.routeKey = routeKey;
            copy.target = target;
            copy.authorizationType = authorizationType;
            copy.apiKeyRequired = apiKeyRequired;
            copy.operationName = operationName;
            copy.apiGatewayManaged = apiGatewayManaged;
            return copy;
        }
    }

    /**
     * A deployment: a snapshot of the API's routes and integrations as they were when it was made. A stage serves its
     * deployment, not the API's current configuration (which is why {@code autoDeploy} exists).
     */
    public static final class Deployment {
        public String deploymentId;
        public String description;
        public String createdDate;
        public boolean autoDeployed;
        public String deploymentStatus = "DEPLOYED";
        public Map<String, Route> routes = new LinkedHashMap<>();
        public Map<String, Integration> integrations = new LinkedHashMap<>();
    }

    /** What the service snapshots: every API. */
    public static final class State {
        public Map<String, Api> apis = new LinkedHashMap<>();
    }
}
