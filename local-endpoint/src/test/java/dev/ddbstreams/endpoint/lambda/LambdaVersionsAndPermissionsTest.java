package dev.ddbstreams.endpoint.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Versions, aliases and resource-based policies through the SDK v2 client, and the {@link LambdaInvoker} permission
 * check API Gateway relies on. Texts as recorded against AWS (LocalStack's test_lambda_api.snapshot.json).
 */
class LambdaVersionsAndPermissionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LambdaFixture fixture;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        fixture = new LambdaFixture();
        lambda = fixture.lambda;
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    /**
     * API_PublishVersion: numbering from 1, unchanged $LATEST returns the latest version, CodeSha256 checked;
     * API_ListVersionsByFunction: $LATEST first, then versions in order; API_CreateFunction Publish=true.
     */
    @Test
    void publishVersion_numbersAndDeduplicates() {
        lambda.createFunction(r -> r.functionName("ver").runtime("java21").handler("h::h").role(fixture.roleArn).publish(true)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("v1")))));
        fixture.waitActive("ver");
        assertEquals("1", lambda.getFunctionConfiguration(r -> r.functionName("ver").qualifier("1")).version());
        PublishVersionResponse same = lambda.publishVersion(r -> r.functionName("ver"));
        assertEquals("1", same.version(), "nothing changed since version 1");
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:ver:1", same.functionArn());

        InvalidParameterValueException wrongSha = assertThrows(InvalidParameterValueException.class,
                () -> lambda.publishVersion(r -> r.functionName("ver").codeSha256("abc")));
        assertTrue(wrongSha.getMessage().startsWith("CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST"));

        lambda.updateFunctionCode(r -> r.functionName("ver").zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("v2"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("ver"));
        assertEquals("2", lambda.publishVersion(r -> r.functionName("ver").description("second")).version());
        List<String> versions = lambda.listVersionsByFunction(r -> r.functionName("ver")).versions().stream()
                .map(FunctionConfiguration::version).toList();
        assertEquals(List.of("$LATEST", "1", "2"), versions);
        assertEquals("second", lambda.getFunctionConfiguration(r -> r.functionName("ver:2")).description());
    }

    /** API_CreateAlias / GetAlias / UpdateAlias / ListAliases / DeleteAlias; Qualifier by alias; version deletion. */
    @Test
    void aliases_pointAtVersions() {
        lambda.createFunction(r -> r.functionName("ali").runtime("java21").handler("h::h").role(fixture.roleArn).publish(true)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("a1")))));
        fixture.waitActive("ali");
        lambda.updateFunctionCode(r -> r.functionName("ali").zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("a2"))).publish(true));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("ali"));

        var created = lambda.createAlias(r -> r.functionName("ali").name("live").functionVersion("1").description("prod"));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:ali:live", created.aliasArn());
        ResourceConflictException twice = assertThrows(ResourceConflictException.class,
                () -> lambda.createAlias(r -> r.functionName("ali").name("live").functionVersion("1")));
        assertTrue(twice.getMessage().startsWith("Alias already exists: arn:aws:lambda:us-east-1:000000000000:function:ali:live"));
        ResourceNotFoundException noVersion = assertThrows(ResourceNotFoundException.class,
                () -> lambda.createAlias(r -> r.functionName("ali").name("other").functionVersion("9")));
        assertTrue(noVersion.getMessage().startsWith("Function not found: arn:aws:lambda:us-east-1:000000000000:function:ali:9"));
        assertThrows(software.amazon.awssdk.services.lambda.model.LambdaException.class,
                () -> lambda.createAlias(r -> r.functionName("ali").name("123").functionVersion("1")), "an all-digit alias name");

        var byAlias = lambda.getFunction(r -> r.functionName("ali").qualifier("live")).configuration();
        assertEquals("1", byAlias.version());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:ali:live", byAlias.functionArn());

        var moved = lambda.updateAlias(r -> r.functionName("ali").name("live").functionVersion("2")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("1", 0.1))));
        assertEquals("2", moved.functionVersion());
        assertEquals(Map.of("1", 0.1), lambda.getAlias(r -> r.functionName("ali").name("live")).routingConfig().additionalVersionWeights());
        assertEquals(List.of("live"), lambda.listAliases(r -> r.functionName("ali")).aliases().stream().map(AliasConfiguration::name).toList());

        assertThrows(ResourceConflictException.class, () -> lambda.deleteFunction(r -> r.functionName("ali").qualifier("2")),
                "an alias references version 2");
        InvalidParameterValueException latest = assertThrows(InvalidParameterValueException.class,
                () -> lambda.deleteFunction(r -> r.functionName("ali").qualifier("$LATEST")));
        assertTrue(latest.getMessage().contains("$LATEST version cannot be deleted"));
        lambda.deleteAlias(r -> r.functionName("ali").name("live"));
        ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class, () -> lambda.getAlias(r -> r.functionName("ali").name("live")));
        assertTrue(gone.getMessage().startsWith("Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:ali:live"));
        lambda.deleteFunction(r -> r.functionName("ali").qualifier("2"));
        assertEquals(List.of("$LATEST", "1"), lambda.listVersionsByFunction(r -> r.functionName("ali")).versions().stream()
                .map(FunctionConfiguration::version).toList());
        InvalidParameterValueException mismatch = assertThrows(InvalidParameterValueException.class,
                () -> lambda.getFunction(r -> r.functionName("ali:1").qualifier("2")));
        assertTrue(mismatch.getMessage().startsWith("The derived qualifier from the function name does not match the specified qualifier."));
    }

    /**
     * API_AddPermission (Statement JSON text), API_GetPolicy (Version/Id/Statement, RevisionId), API_RemovePermission,
     * and their errors.
     */
    @Test
    void permissions_buildTheResourcePolicy() throws Exception {
        fixture.createJavaFunction("pol", "p");
        var added = lambda.addPermission(r -> r.functionName("pol").statementId("apigw").action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com").sourceArn("arn:aws:execute-api:us-east-1:000000000000:abc123/*/*/notes"));
        JsonNode statement = JSON.readTree(added.statement());
        assertEquals("apigw", statement.get("Sid").asText());
        assertEquals("Allow", statement.get("Effect").asText());
        assertEquals("apigateway.amazonaws.com", statement.get("Principal").get("Service").asText());
        assertEquals("lambda:InvokeFunction", statement.get("Action").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:pol", statement.get("Resource").asText());
        assertEquals("arn:aws:execute-api:us-east-1:000000000000:abc123/*/*/notes",
                statement.get("Condition").get("ArnLike").get("AWS:SourceArn").asText());

        lambda.addPermission(r -> r.functionName("pol").statementId("acct").action("lambda:InvokeFunction").principal("123456789012"));
        var policy = lambda.getPolicy(r -> r.functionName("pol"));
        JsonNode document = JSON.readTree(policy.policy());
        assertEquals("2012-10-17", document.get("Version").asText());
        assertEquals("default", document.get("Id").asText());
        assertEquals(2, document.get("Statement").size());
        assertEquals("arn:aws:iam::123456789012:root", document.get("Statement").get(1).get("Principal").get("AWS").asText());
        assertTrue(policy.revisionId() != null);

        ResourceConflictException duplicate = assertThrows(ResourceConflictException.class, () -> lambda.addPermission(r -> r
                .functionName("pol").statementId("apigw").action("lambda:InvokeFunction").principal("s3.amazonaws.com")));
        assertTrue(duplicate.getMessage().startsWith("The statement id (apigw) provided already exists."));
        ResourceNotFoundException noSid = assertThrows(ResourceNotFoundException.class,
                () -> lambda.removePermission(r -> r.functionName("pol").statementId("absent")));
        assertTrue(noSid.getMessage().startsWith("Statement absent is not found in resource policy."));
        assertThrows(software.amazon.awssdk.services.lambda.model.PreconditionFailedException.class,
                () -> lambda.removePermission(r -> r.functionName("pol").statementId("acct").revisionId("stale")));

        lambda.removePermission(r -> r.functionName("pol").statementId("acct"));
        lambda.removePermission(r -> r.functionName("pol").statementId("apigw"));
        ResourceNotFoundException none = assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(r -> r.functionName("pol")));
        assertTrue(none.getMessage().startsWith("The resource you requested does not exist."));
        InvalidParameterValueException onLatest = assertThrows(InvalidParameterValueException.class, () -> lambda.addPermission(r -> r
                .functionName("pol").qualifier("$LATEST").statementId("x").action("lambda:InvokeFunction").principal("s3.amazonaws.com")));
        assertTrue(onLatest.getMessage().startsWith("We currently do not support adding policies for $LATEST."));
    }

    /**
     * LambdaInvoker (API Gateway's AWS_PROXY call): allowed only when the policy grants the service principal for the
     * source ARN, ArnLike wildcards included; a qualified target needs a statement on that qualifier.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-integration.html">HTTP API Lambda integrations (permissions)</a>
     */
    @Test
    void invokeFor_checksTheResourcePolicy() throws Exception {
        fixture.createJavaFunction("gw", "g");
        fixture.waitActive("gw");
        LambdaInvoker invoker = fixture.edge.lambda();
        String source = "arn:aws:execute-api:us-east-1:000000000000:api1/$default/GET/notes";
        byte[] event = "{\"rawPath\":\"/notes\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(LambdaInvoker.PermissionDeniedException.class,
                () -> invoker.invokeFor("gw", event, "apigateway.amazonaws.com", source), "no policy yet");

        lambda.addPermission(r -> r.functionName("gw").statementId("apigw").action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com").sourceArn("arn:aws:execute-api:us-east-1:000000000000:api1/*"));
        fixture.functions.answer = payload -> InvokeResult.success("{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
        InvokeResult result = invoker.invokeFor("arn:aws:lambda:us-east-1:000000000000:function:gw", event,
                "apigateway.amazonaws.com", source);
        assertEquals("{\"statusCode\":200}", new String(result.payload(), StandardCharsets.UTF_8));
        assertTrue(fixture.functions.invocations.stream().anyMatch(line -> line.startsWith("gw apigateway:" + source)));
        // The function sees the integration's function ARN as its invoked ARN.
        // https://docs.aws.amazon.com/lambda/latest/dg/java-context.html (getInvokedFunctionArn)
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:gw",
                fixture.functions.invokedArns.get(fixture.functions.invokedArns.size() - 1));

        assertThrows(LambdaInvoker.PermissionDeniedException.class,
                () -> invoker.invokeFor("gw", event, "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:api2/$default/GET/notes"));
        assertThrows(LambdaInvoker.PermissionDeniedException.class,
                () -> invoker.invokeFor("gw", event, "events.amazonaws.com", source));
        assertThrows(LambdaInvoker.PermissionDeniedException.class,
                () -> invoker.invokeFor("absent", event, "apigateway.amazonaws.com", source));
        lambda.publishVersion(r -> r.functionName("gw"));
        lambda.createAlias(r -> r.functionName("gw").name("live").functionVersion("1"));
        assertThrows(LambdaInvoker.PermissionDeniedException.class,
                () -> invoker.invokeFor("gw:live", event, "apigateway.amazonaws.com", source), "the alias has no policy of its own");
    }
}
