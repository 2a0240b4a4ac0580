package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State written with a data directory survives a restart; a torn last journal line is ignored; deletes stay deleted. */
class PersistenceTest {

    @Test
    void rolesLogsAndAlarms_surviveRestart(@TempDir Path data) throws Exception {
        long now = System.currentTimeMillis();
        String roleId;
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).dataDirectory(data).start();
             IamClient iam = EdgeFixture.iam(edge); CloudWatchLogsClient logs = EdgeFixture.logs(edge);
             CloudWatchClient cloudWatch = EdgeFixture.cloudWatch(edge)) {
            roleId = iam.createRole(r -> r.roleName("kept").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com"))).role().roleId();
            iam.putRolePolicy(r -> r.roleName("kept").policyName("p").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}]}"));
            logs.createLogGroup(r -> r.logGroupName("/kept"));
            logs.putRetentionPolicy(r -> r.logGroupName("/kept").retentionInDays(7));
            logs.createLogStream(r -> r.logGroupName("/kept").logStreamName("s"));
            logs.putLogEvents(r -> r.logGroupName("/kept").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(now).message("first").build(),
                    InputLogEvent.builder().timestamp(now + 1).message("second").build()));
            logs.createLogGroup(r -> r.logGroupName("/dropped"));
            logs.createLogStream(r -> r.logGroupName("/dropped").logStreamName("s"));
            logs.putLogEvents(r -> r.logGroupName("/dropped").logStreamName("s").logEvents(InputLogEvent.builder().timestamp(now).message("gone").build()));
            logs.deleteLogGroup(r -> r.logGroupName("/dropped"));
            cloudWatch.putMetricAlarm(r -> r.alarmName("kept-alarm").namespace("AWS/Lambda").metricName("Errors")
                    .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        }
        // A crash mid-append leaves a torn last line: it was never acknowledged and is skipped.
        Files.writeString(data.resolve("log-events.jsonl"), "{\"g\":\"/kept\",\"s\":\"s\",\"t\":1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).dataDirectory(data).start();
             IamClient iam = EdgeFixture.iam(edge); CloudWatchLogsClient logs = EdgeFixture.logs(edge);
             CloudWatchClient cloudWatch = EdgeFixture.cloudWatch(edge); StsClient sts = EdgeFixture.sts(edge)) {
            assertEquals(roleId, iam.getRole(r -> r.roleName("kept")).role().roleId());
            assertEquals(List.of("p"), iam.listRolePolicies(r -> r.roleName("kept")).policyNames());
            assertEquals(7, logs.describeLogGroups(r -> r.logGroupNamePrefix("/kept")).logGroups().get(0).retentionInDays());
            assertEquals(List.of("first", "second"), logs.getLogEvents(r -> r.logGroupName("/kept").logStreamName("s").startFromHead(true))
                    .events().stream().map(OutputLogEvent::message).toList());
            assertTrue(logs.describeLogGroups(r -> r.logGroupNamePrefix("/dropped")).logGroups().isEmpty());
            logs.createLogGroup(r -> r.logGroupName("/dropped"));
            logs.createLogStream(r -> r.logGroupName("/dropped").logStreamName("s"));
            assertTrue(logs.getLogEvents(r -> r.logGroupName("/dropped").logStreamName("s")).events().isEmpty(),
                    "a recreated group does not get the deleted group's events back");
            assertEquals(1, cloudWatch.describeAlarms(r -> r.alarmNames("kept-alarm")).metricAlarms().size());
            assertEquals("000000000000", sts.getCallerIdentity().account());
        }
    }

    @Test
    void withoutDataDirectory_nothingIsKept() throws Exception {
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).start(); IamClient iam = EdgeFixture.iam(edge)) {
            iam.createRole(r -> r.roleName("ephemeral").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        }
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).start(); IamClient iam = EdgeFixture.iam(edge)) {
            assertThrows(software.amazon.awssdk.services.iam.model.NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("ephemeral")));
        }
    }

    /** HTTP APIs, with their stages, integrations, routes and deployments, are kept in {@code <data>/apigateway.json}. */
    @Test
    void httpApis_surviveRestart(@TempDir Path data) throws Exception {
        ExecuteApiTest.FakeLambda lambda = new ExecuteApiTest.FakeLambda();
        String apiId;
        String routeId;
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).dataDirectory(data).start();
             ApiGatewayV2Client apigw = EdgeFixture.apiGateway(edge)) {
            apiId = apigw.createApi(r -> r.name("notes").protocolType(ProtocolType.HTTP).tags(Map.of("k", "v"))).apiId();
            apigw.createStage(r -> r.apiId(apiId).stageName("$default").autoDeploy(true));
            String integrationId = apigw.createIntegration(r -> r.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                    .integrationUri(ApiGatewayTest.FUNCTION_ARN).payloadFormatVersion("2.0")).integrationId();
            routeId = apigw.createRoute(r -> r.apiId(apiId).routeKey("GET /notes").target("integrations/" + integrationId)).routeId();
            String dropped = apigw.createApi(r -> r.name("dropped").protocolType(ProtocolType.HTTP)).apiId();
            apigw.deleteApi(r -> r.apiId(dropped));
        }
        assertTrue(Files.exists(data.resolve("apigateway.json")));
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).dataDirectory(data).lambdaInvoker(lambda).start();
             ApiGatewayV2Client apigw = EdgeFixture.apiGateway(edge)) {
            assertEquals(List.of("notes"), apigw.getApis(r -> { }).items().stream().map(api -> api.name()).toList());
            assertEquals(Map.of("k", "v"), apigw.getApi(r -> r.apiId(apiId)).tags());
            assertEquals("GET /notes", apigw.getRoute(r -> r.apiId(apiId).routeId(routeId)).routeKey());
            lambda.answer("{\"statusCode\":200,\"body\":\"kept\"}");
            HttpResponse<String> served = HttpFixture.get(edge.endpoint(), "/_aws/execute-api/" + apiId + "/notes");
            assertEquals(200, served.statusCode());
            assertEquals("kept", served.body());
        }
    }
}
