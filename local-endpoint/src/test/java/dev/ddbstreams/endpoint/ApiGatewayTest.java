package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.Api;
import software.amazon.awssdk.services.apigatewayv2.model.ApiGatewayV2Exception;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateDeploymentResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateIntegrationResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateRouteResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetApisResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API Gateway v2's control plane through the edge with the SDK v2, one test per resource and its errors.
 *
 * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html">API Gateway v2 API reference</a>
 */
class ApiGatewayTest {
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:notes-api";

    private EdgeEndpoint edge;
    private ApiGatewayV2Client apigw;

    @BeforeEach
    void start() {
        edge = EdgeEndpoint.builder().port(0).start();
        apigw = EdgeFixture.apiGateway(edge);
    }

    @AfterEach
    void stop() throws Exception {
        apigw.close();
        edge.close();
    }

    /** IDs as AWS makes them: 10 lowercase alphanumerics for an API; ApiEndpoint under the edge's execute-api path. */
    @Test
    void apis_createGetListUpdateDelete() {
        assertTrue(apigw.getApis(b -> { }).items().isEmpty());
        CreateApiResponse created = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)
                .description("the notes API").tags(Map.of("project", "ddbstreams")));
        assertTrue(created.apiId().matches("[a-z0-9]{10}"), created.apiId());
        assertEquals("notes", created.name());
        assertEquals(ProtocolType.HTTP, created.protocolType());
        assertEquals("$request.method $request.path", created.routeSelectionExpression());
        assertEquals("$request.header.x-api-key", created.apiKeySelectionExpression());
        assertEquals(edge.endpoint() + "/_aws/execute-api/" + created.apiId(), created.apiEndpoint());
        assertEquals(Map.of("project", "ddbstreams"), created.tags());
        assertFalse(created.disableExecuteApiEndpoint());
        assertTrue(created.createdDate().isAfter(Instant.now().minusSeconds(60)));

        assertEquals("the notes API", apigw.getApi(b -> b.apiId(created.apiId())).description());
        apigw.createApi(b -> b.name("users").protocolType(ProtocolType.HTTP));
        GetApisResponse all = apigw.getApis(b -> { });
        assertEquals(List.of("notes", "users"), all.items().stream().map(Api::name).toList());
        GetApisResponse firstPage = apigw.getApis(b -> b.maxResults("1"));
        assertEquals(1, firstPage.items().size());
        assertEquals("users", apigw.getApis(b -> b.maxResults("1").nextToken(firstPage.nextToken())).items().get(0).name());

        assertEquals("renamed", apigw.updateApi(b -> b.apiId(created.apiId()).name("renamed")).name());
        assertEquals("the notes API", apigw.getApi(b -> b.apiId(created.apiId())).description(), "PATCH keeps what is not given");

        apigw.deleteApi(b -> b.apiId(created.apiId()));
        NotFoundException gone = assertThrows(NotFoundException.class, () -> apigw.getApi(b -> b.apiId(created.apiId())));
        assertEquals(404, gone.statusCode());
        assertTrue(gone.getMessage().contains("Invalid API identifier specified"), gone.getMessage());
        assertThrows(NotFoundException.class, () -> apigw.deleteApi(b -> b.apiId(created.apiId())));
        assertThrows(NotFoundException.class, () -> apigw.updateApi(b -> b.apiId(created.apiId()).name("x")));
    }

    @Test
    void createApi_refusesWhatAwsRefuses() {
        assertThrows(BadRequestException.class, () -> apigw.createApi(b -> b.protocolType(ProtocolType.HTTP)));
        assertThrows(BadRequestException.class, () -> apigw.createApi(b -> b.name("x")));
        assertThrows(BadRequestException.class, () -> apigw.createApi(b -> b.name("x").protocolType("SOAP")));
        assertThrows(BadRequestException.class, () -> apigw.createApi(b -> b.name("x").protocolType(ProtocolType.HTTP)
                .routeSelectionExpression("$request.body.action")));
    }

    /** Quick create: integration (payload 2.0), route and an auto-deployed $default stage, all API Gateway managed. */
    @Test
    void createApi_withTarget_quickCreatesIntegrationRouteAndDefaultStage() {
        String apiId = apigw.createApi(b -> b.name("quick").protocolType(ProtocolType.HTTP).target(FUNCTION_ARN)).apiId();

        var integration = apigw.getIntegrations(b -> b.apiId(apiId)).items().get(0);
        assertEquals(IntegrationType.AWS_PROXY, integration.integrationType());
        assertEquals("2.0", integration.payloadFormatVersion());
        assertTrue(integration.apiGatewayManaged());
        var route = apigw.getRoutes(b -> b.apiId(apiId)).items().get(0);
        assertEquals("$default", route.routeKey());
        assertEquals("integrations/" + integration.integrationId(), route.target());
        GetStageResponse stage = apigw.getStage(b -> b.apiId(apiId).stageName("$default"));
        assertTrue(stage.autoDeploy());
        assertNotNull(stage.deploymentId());
    }

    @Test
    void stages_autoDeployFollowsEveryChange() {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)).apiId();
        CreateStageResponse stage = apigw.createStage(b -> b.apiId(apiId).stageName("$default").autoDeploy(true)
                .stageVariables(Map.of("table", "notes")).tags(Map.of("env", "local")));
        assertEquals("$default", stage.stageName());
        assertTrue(stage.autoDeploy());
        assertNull(stage.deploymentId(), "nothing to deploy without routes");
        assertTrue(stage.lastDeploymentStatusMessage().contains("no routes"), stage.lastDeploymentStatusMessage());
        assertEquals(Map.of("table", "notes"), stage.stageVariables());

        String integrationId = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0")).integrationId();
        apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /notes").target("integrations/" + integrationId));
        String first = apigw.getStage(b -> b.apiId(apiId).stageName("$default")).deploymentId();
        assertNotNull(first);
        apigw.createRoute(b -> b.apiId(apiId).routeKey("POST /notes").target("integrations/" + integrationId));
        String second = apigw.getStage(b -> b.apiId(apiId).stageName("$default")).deploymentId();
        assertNotEquals(first, second);
        assertTrue(apigw.getDeployment(b -> b.apiId(apiId).deploymentId(second)).autoDeployed());

        assertEquals(List.of("$default"), apigw.getStages(b -> b.apiId(apiId)).items().stream()
                .map(s -> s.stageName()).toList());
        assertEquals("local stage", apigw.updateStage(b -> b.apiId(apiId).stageName("$default").description("local stage"))
                .description());
        assertEquals(Map.of(), apigw.updateStage(b -> b.apiId(apiId).stageName("$default")
                .stageVariables(Map.of("table", ""))).stageVariables(), "a variable set to \"\" is removed");

        ConflictException twice = assertThrows(ConflictException.class,
                () -> apigw.createStage(b -> b.apiId(apiId).stageName("$default")));
        assertEquals(409, twice.statusCode());
        assertThrows(BadRequestException.class, () -> apigw.createStage(b -> b.apiId(apiId).stageName("bad name!")));
        assertThrows(NotFoundException.class, () -> apigw.createStage(b -> b.apiId("nosuchapi0").stageName("dev")));
        apigw.deleteStage(b -> b.apiId(apiId).stageName("$default"));
        assertThrows(NotFoundException.class, () -> apigw.getStage(b -> b.apiId(apiId).stageName("$default")));
        assertThrows(NotFoundException.class, () -> apigw.deleteStage(b -> b.apiId(apiId).stageName("$default")));
    }

    /**
     * Access log and default route settings are answered back as set (Terraform's aws_apigatewayv2_stage reads both after
     * each change), on create and on update.
     *
     * @see <a href="https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html">Stages</a>
     */
    @Test
    void stages_keepAccessLogAndDefaultRouteSettings() {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)).apiId();
        String destination = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigateway/notes";
        apigw.createStage(b -> b.apiId(apiId).stageName("$default").autoDeploy(true)
                .accessLogSettings(s -> s.destinationArn(destination).format("{\"requestId\":\"$context.requestId\"}"))
                .defaultRouteSettings(s -> s.throttlingBurstLimit(100).throttlingRateLimit(50.0)));
        var stage = apigw.getStage(b -> b.apiId(apiId).stageName("$default"));
        assertEquals(destination, stage.accessLogSettings().destinationArn());
        assertEquals("{\"requestId\":\"$context.requestId\"}", stage.accessLogSettings().format());
        assertEquals(100, stage.defaultRouteSettings().throttlingBurstLimit());
        assertEquals(50.0, stage.defaultRouteSettings().throttlingRateLimit());
        assertEquals(false, stage.defaultRouteSettings().detailedMetricsEnabled());

        var updated = apigw.updateStage(b -> b.apiId(apiId).stageName("$default")
                .defaultRouteSettings(s -> s.throttlingBurstLimit(10).throttlingRateLimit(5.0)));
        assertEquals(10, updated.defaultRouteSettings().throttlingBurstLimit());
        assertEquals(destination, updated.accessLogSettings().destinationArn(), "settings not in the update are kept");
    }

    /** Both URI forms AWS accepts for a Lambda proxy integration; timeouts of 50 ms to 30 s; payload 1.0 or 2.0. */
    @Test
    void integrations_acceptLambdaArnsAndRefuseTheRest() {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)).apiId();
        CreateIntegrationResponse plain = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0").timeoutInMillis(5000));
        assertTrue(plain.integrationId().matches("[a-z0-9]{7}"), plain.integrationId());
        assertEquals(5000, plain.timeoutInMillis());
        assertEquals("POST", plain.integrationMethod());
        assertEquals("INTERNET", plain.connectionTypeAsString());
        String pathForm = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + FUNCTION_ARN + "/invocations";
        CreateIntegrationResponse path = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(pathForm).payloadFormatVersion("1.0"));
        assertEquals(pathForm, path.integrationUri());
        assertEquals(30000, path.timeoutInMillis(), "the default is the maximum, 30 s");

        assertEquals(2, apigw.getIntegrations(b -> b.apiId(apiId)).items().size());
        assertEquals("2.0", apigw.getIntegration(b -> b.apiId(apiId).integrationId(path.integrationId())).payloadFormatVersion().replace("1.0", "2.0"));
        assertEquals("2.0", apigw.updateIntegration(b -> b.apiId(apiId).integrationId(path.integrationId()).payloadFormatVersion("2.0"))
                .payloadFormatVersion());

        assertThrows(BadRequestException.class, () -> apigw.createIntegration(b -> b.apiId(apiId)
                .integrationType(IntegrationType.AWS_PROXY).integrationUri("notes-api").payloadFormatVersion("2.0")));
        assertThrows(BadRequestException.class, () -> apigw.createIntegration(b -> b.apiId(apiId)
                .integrationType(IntegrationType.AWS_PROXY).integrationUri(FUNCTION_ARN).payloadFormatVersion("3.0")));
        assertThrows(BadRequestException.class, () -> apigw.createIntegration(b -> b.apiId(apiId)
                .integrationType(IntegrationType.AWS_PROXY).integrationUri(FUNCTION_ARN)));
        assertThrows(BadRequestException.class, () -> apigw.createIntegration(b -> b.apiId(apiId)
                .integrationType(IntegrationType.AWS_PROXY).integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0").timeoutInMillis(30001)));
        assertThrows(BadRequestException.class, () -> apigw.createIntegration(b -> b.apiId(apiId)
                .integrationType(IntegrationType.AWS_PROXY).integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0").timeoutInMillis(49)));

        apigw.deleteIntegration(b -> b.apiId(apiId).integrationId(plain.integrationId()));
        NotFoundException gone = assertThrows(NotFoundException.class,
                () -> apigw.getIntegration(b -> b.apiId(apiId).integrationId(plain.integrationId())));
        assertTrue(gone.getMessage().contains("Invalid Integration identifier specified"), gone.getMessage());
    }

    @Test
    void routes_keysTargetsAndConflicts() {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)).apiId();
        String integrationId = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FUNCTION_ARN).payloadFormatVersion("2.0")).integrationId();
        CreateRouteResponse route = apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /notes/{id}")
                .target("integrations/" + integrationId));
        assertTrue(route.routeId().matches("[a-z0-9]{7}"), route.routeId());
        assertEquals("NONE", route.authorizationTypeAsString());
        assertFalse(route.apiKeyRequired());
        apigw.createRoute(b -> b.apiId(apiId).routeKey("ANY /notes/{proxy+}").target("integrations/" + integrationId));
        apigw.createRoute(b -> b.apiId(apiId).routeKey("$default").target("integrations/" + integrationId));

        ConflictException duplicate = assertThrows(ConflictException.class,
                () -> apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /notes/{id}")));
        assertEquals(409, duplicate.statusCode());
        for (String bad : List.of("GET notes", "FETCH /notes", "GET /{proxy+}/x", "GET")) {
            assertThrows(BadRequestException.class, () -> apigw.createRoute(b -> b.apiId(apiId).routeKey(bad)), bad);
        }
        assertThrows(BadRequestException.class, () -> apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /a")
                .target("integrations/nosuchi")));

        assertEquals("PUT /notes/{id}", apigw.updateRoute(b -> b.apiId(apiId).routeId(route.routeId()).routeKey("PUT /notes/{id}"))
                .routeKey());
        assertEquals("integrations/" + integrationId, apigw.getRoute(b -> b.apiId(apiId).routeId(route.routeId())).target());
        assertEquals(3, apigw.getRoutes(b -> b.apiId(apiId)).items().size());
        apigw.deleteRoute(b -> b.apiId(apiId).routeId(route.routeId()));
        assertThrows(NotFoundException.class, () -> apigw.getRoute(b -> b.apiId(apiId).routeId(route.routeId())));
    }

    @Test
    void deployments_snapshotAndProtectTheirStage() {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP)).apiId();
        apigw.createStage(b -> b.apiId(apiId).stageName("dev"));
        BadRequestException empty = assertThrows(BadRequestException.class,
                () -> apigw.createDeployment(b -> b.apiId(apiId).stageName("dev")));
        assertTrue(empty.getMessage().contains("no routes"), empty.getMessage());
        apigw.createRoute(b -> b.apiId(apiId).routeKey("GET /notes"));
        CreateDeploymentResponse deployment = apigw.createDeployment(b -> b.apiId(apiId).stageName("dev").description("first"));
        assertEquals("DEPLOYED", deployment.deploymentStatusAsString());
        assertFalse(deployment.autoDeployed());
        assertEquals(deployment.deploymentId(), apigw.getStage(b -> b.apiId(apiId).stageName("dev")).deploymentId());
        assertEquals(1, apigw.getDeployments(b -> b.apiId(apiId)).items().size());
        assertThrows(NotFoundException.class, () -> apigw.createDeployment(b -> b.apiId(apiId).stageName("prod")));

        assertThrows(BadRequestException.class,
                () -> apigw.deleteDeployment(b -> b.apiId(apiId).deploymentId(deployment.deploymentId())));
        apigw.deleteStage(b -> b.apiId(apiId).stageName("dev"));
        apigw.deleteDeployment(b -> b.apiId(apiId).deploymentId(deployment.deploymentId()));
        assertThrows(NotFoundException.class, () -> apigw.getDeployment(b -> b.apiId(apiId).deploymentId(deployment.deploymentId())));
    }

    @Test
    void tags_onApisAndStages() {
        String apiId = apigw.createApi(b -> b.name("notes").protocolType(ProtocolType.HTTP).tags(Map.of("a", "1"))).apiId();
        apigw.createStage(b -> b.apiId(apiId).stageName("dev"));
        String apiArn = "arn:aws:apigateway:us-east-1::/apis/" + apiId;
        String stageArn = apiArn + "/stages/dev";

        apigw.tagResource(b -> b.resourceArn(apiArn).tags(Map.of("b", "2")));
        assertEquals(Map.of("a", "1", "b", "2"), apigw.getTags(b -> b.resourceArn(apiArn)).tags());
        apigw.untagResource(b -> b.resourceArn(apiArn).tagKeys("a", "b"));
        assertEquals(Map.of(), apigw.getTags(b -> b.resourceArn(apiArn)).tags());
        apigw.tagResource(b -> b.resourceArn(stageArn).tags(Map.of("env", "dev")));
        assertEquals(Map.of("env", "dev"), apigw.getStage(b -> b.apiId(apiId).stageName("dev")).tags());

        assertThrows(NotFoundException.class, () -> apigw.getTags(b -> b.resourceArn("arn:aws:apigateway:us-east-1::/apis/nosuchapi0")));
        assertThrows(BadRequestException.class, () -> apigw.getTags(b -> b.resourceArn("arn:aws:sqs:us-east-1:000000000000:q")));
    }

    /** AWS's error shape for HTTP APIs' control plane: {@code {"message": ...}} and the code in x-amzn-ErrorType. */
    @Test
    void errors_haveApiGatewaysShape() {
        HttpResponse<String> missing = HttpFixture.get(edge.endpoint(), "/v2/apis/nosuchapi0");
        assertEquals(404, missing.statusCode());
        assertEquals("NotFoundException", missing.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("{\"message\":\"Invalid API identifier specified 000000000000:nosuchapi0\"}", missing.body());

        HttpResponse<String> malformed = HttpFixture.post(edge.endpoint(), "/v2/apis",
                Map.of("Authorization", HttpFixture.authorization("apigateway"), "Content-Type", "application/json"), "{not json");
        assertEquals(400, malformed.statusCode());
        assertEquals("BadRequestException", malformed.headers().firstValue("x-amzn-ErrorType").orElseThrow());

        ApiGatewayV2Exception unknown = assertThrows(ApiGatewayV2Exception.class, () -> apigw.getApiMapping(b -> b.domainName("d").apiMappingId("m")));
        assertEquals(404, unknown.statusCode());
    }
}
