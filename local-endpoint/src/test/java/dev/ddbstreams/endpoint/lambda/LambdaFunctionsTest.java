package dev.ddbstreams.endpoint.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.TracingMode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functions through the SDK v2 Lambda client over HTTP: create/get/list/update/delete, states, and the validation AWS
 * does. Each test names the API reference page (docs.aws.amazon.com/lambda/latest/api/API_*.html) it checks; exact
 * texts come from AWS responses recorded in LocalStack's AWS-validated snapshots (test_lambda_api.snapshot.json).
 */
class LambdaFunctionsTest {
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

    /** API_CreateFunction: 201, State Pending + StateReasonCode Creating, then Active once the host has the function. */
    @Test
    void createFunction_isPendingThenActive_withAwsDefaults() throws Exception {
        byte[] jar = LambdaFixture.jar("create");
        CreateFunctionResponse created = lambda.createFunction(r -> r.functionName("create-fn").runtime(Runtime.JAVA17)
                .handler("example.Handler::handleRequest").role(fixture.roleArn).memorySize(512).timeout(30)
                .environment(e -> e.variables(Map.of("TABLE", "notes"))).tracingConfig(t -> t.mode(TracingMode.ACTIVE))
                .loggingConfig(l -> l.logFormat(LogFormat.JSON)).tags(Map.of("team", "streams"))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
        assertEquals(State.PENDING, created.state());
        assertEquals("The function is being created.", created.stateReason());
        assertEquals("Creating", created.stateReasonCodeAsString());
        assertNull(created.lastUpdateStatus());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:create-fn", created.functionArn());
        assertEquals("$LATEST", created.version());
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(jar)), created.codeSha256());
        assertEquals(jar.length, created.codeSize());

        fixture.waitActive("create-fn");
        GetFunctionResponse got = lambda.getFunction(r -> r.functionName("create-fn"));
        FunctionConfiguration config = got.configuration();
        assertEquals(State.ACTIVE, config.state());
        assertEquals(LastUpdateStatus.SUCCESSFUL, config.lastUpdateStatus());
        assertNotEquals(created.revisionId(), config.revisionId(), "the transition to Active is a new revision");
        assertEquals(512, config.memorySize());
        assertEquals(30, config.timeout());
        assertEquals(Map.of("TABLE", "notes"), config.environment().variables());
        assertEquals(TracingMode.ACTIVE, config.tracingConfig().mode());
        assertEquals("JSON", config.loggingConfig().logFormatAsString());
        assertEquals("INFO", config.loggingConfig().applicationLogLevelAsString());
        assertEquals("INFO", config.loggingConfig().systemLogLevelAsString());
        assertEquals("/aws/lambda/create-fn", config.loggingConfig().logGroup());
        assertEquals(List.of("x86_64"), config.architecturesAsStrings());
        assertEquals(512, config.ephemeralStorage().size());
        assertEquals("Zip", config.packageTypeAsString());
        assertEquals("None", config.snapStart().applyOnAsString());
        assertTrue(config.runtimeVersionConfig().runtimeVersionArn().startsWith("arn:aws:lambda:us-east-1::runtime:"));
        assertEquals(Map.of("team", "streams"), got.tags());
        assertEquals("S3", got.code().repositoryType());

        // Code.Location serves the package as uploaded.
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(got.code().location())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(jar, download.body());

        FunctionDefinition deployed = fixture.functions.deployed.get("create-fn");
        assertEquals("java17", deployed.runtime());
        assertEquals(Map.of("TABLE", "notes"), deployed.environment());
        assertEquals("Active", deployed.tracingMode());
        assertArrayEquals(jar, java.nio.file.Files.readAllBytes(deployed.code()));
    }

    /** API_CreateFunction errors: name pattern and length, runtime enum, handler, memory, timeout, zip, role. */
    @Test
    void createFunction_refusesWhatAwsRefuses() {
        LambdaException badName = assertThrows(LambdaException.class, () -> fixture.createJavaFunction("bad name!", "x"));
        assertEquals("ValidationException", badName.awsErrorDetails().errorCode());
        assertTrue(badName.getMessage().contains("at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern"));

        LambdaException tooLong = assertThrows(LambdaException.class, () -> fixture.createJavaFunction("a".repeat(65), "x"));
        assertTrue(tooLong.getMessage().startsWith("1 validation error detected: Value '" + "a".repeat(65)
                + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"), tooLong.getMessage());

        InvalidParameterValueException runtime = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("rt").runtime("java99").handler("h").role(fixture.roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(runtime.getMessage().startsWith("Value java99 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x"), runtime.getMessage());

        InvalidParameterValueException deprecated = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("rt").runtime("java8").handler("h").role(fixture.roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(deprecated.getMessage().startsWith("The runtime parameter of java8 is no longer supported"));

        InvalidParameterValueException noHandler = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("nohandler").runtime(Runtime.JAVA21).role(fixture.roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(noHandler.getMessage().startsWith("Runtime and Handler are mandatory parameters"));

        LambdaException lowMemory = assertThrows(LambdaException.class, () -> lambda.createFunction(r -> r
                .functionName("mem").runtime(Runtime.JAVA21).handler("h").role(fixture.roleArn).memorySize(64)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertEquals("ValidationException", lowMemory.awsErrorDetails().errorCode());
        assertTrue(lowMemory.getMessage().contains("at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"));
        LambdaException highMemory = assertThrows(LambdaException.class, () -> lambda.createFunction(r -> r
                .functionName("mem").runtime(Runtime.JAVA21).handler("h").role(fixture.roleArn).memorySize(10241)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(highMemory.getMessage().contains("Member must have value less than or equal to 10240"));

        LambdaException timeout = assertThrows(LambdaException.class, () -> lambda.createFunction(r -> r
                .functionName("to").runtime(Runtime.JAVA21).handler("h").role(fixture.roleArn).timeout(901)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(timeout.getMessage().startsWith("1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"));

        InvalidParameterValueException notZip = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("zip").runtime(Runtime.JAVA21).handler("h").role(fixture.roleArn)
                .code(c -> c.zipFile(SdkBytes.fromUtf8String("not a zip")))));
        assertTrue(notZip.getMessage().startsWith("Could not unzip uploaded file. Please check your file, then try to upload again."));

        LambdaException rolePattern = assertThrows(LambdaException.class, () -> lambda.createFunction(r -> r
                .functionName("role").runtime(Runtime.JAVA21).handler("h").role("r1")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(rolePattern.getMessage().startsWith("1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint"));

        InvalidParameterValueException noRole = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("role").runtime(Runtime.JAVA21).handler("h").role("arn:aws:iam::000000000000:role/absent")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(noRole.getMessage().startsWith("The role defined for the function cannot be assumed by Lambda."));

        String ec2Role = fixture.edge.iam().createRole("ec2-only", "/", LambdaFixture.TRUST_LAMBDA.replace("lambda.amazonaws.com",
                "ec2.amazonaws.com"), null, null, null, Map.of()).arn();
        InvalidParameterValueException untrusted = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("role").runtime(Runtime.JAVA21).handler("h").role(ec2Role)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(untrusted.getMessage().startsWith("The role defined for the function cannot be assumed by Lambda."));

        InvalidParameterValueException env = assertThrows(InvalidParameterValueException.class, () -> lambda.createFunction(r -> r
                .functionName("env").runtime(Runtime.JAVA21).handler("h").role(fixture.roleArn)
                .environment(e -> e.variables(Map.of("BIG", "x".repeat(5000))))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("x"))))));
        assertTrue(env.getMessage().contains("exceeded the 4KB limit"));
        assertTrue(lambda.listFunctions().functions().stream().noneMatch(f -> List.of("rt", "mem", "to", "zip", "role", "env", "nohandler")
                .contains(f.functionName())), "nothing refused was stored");
    }

    /**
     * The 50 MB direct-upload quota (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): a larger zip is
     * RequestEntityTooLargeException (413) "Zipped size must be smaller than 52428800 bytes", as AWS answers.
     */
    @Test
    void oversizedZip_isRequestEntityTooLarge_whileALargeOneIsTaken() throws Exception {
        byte[] large = randomZip(30);
        assertEquals(large.length, lambda.createFunction(r -> r.functionName("large").runtime(Runtime.JAVA21).handler("h")
                .role(fixture.roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(large)))).codeSize());
        byte[] oversized = randomZip(51);
        assertTrue(oversized.length > 52_428_800);
        LambdaException tooLarge = assertThrows(LambdaException.class, () -> lambda.createFunction(r -> r.functionName("huge")
                .runtime(Runtime.JAVA21).handler("h").role(fixture.roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(oversized)))));
        assertEquals(413, tooLarge.statusCode());
        assertEquals("RequestEntityTooLargeException", tooLarge.awsErrorDetails().errorCode());
        assertTrue(tooLarge.getMessage().startsWith("Zipped size must be smaller than 52428800 bytes"));
    }

    /** A zip of {@code megabytes} MB of incompressible data. */
    private static byte[] randomZip(int megabytes) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream((megabytes + 1) * 1024 * 1024);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            zip.putNextEntry(new java.util.zip.ZipEntry("big.bin"));
            byte[] chunk = new byte[1024 * 1024];
            new java.util.Random(megabytes).nextBytes(chunk);
            for (int i = 0; i < megabytes; i++) {
                zip.write(chunk);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** API_CreateFunction ResourceConflictException; API_GetFunction ResourceNotFoundException text. */
    @Test
    void existingAndMissingFunctions_areNamedAsAwsNamesThem() {
        fixture.createJavaFunction("twice", "a");
        ResourceConflictException again = assertThrows(ResourceConflictException.class, () -> fixture.createJavaFunction("twice", "b"));
        assertTrue(again.getMessage().startsWith("Function already exist: twice"));
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(r -> r.functionName("nope")));
        assertTrue(missing.getMessage().startsWith("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"));
        ResourceNotFoundException missingVersion = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunctionConfiguration(r -> r.functionName("twice").qualifier("10")));
        assertTrue(missingVersion.getMessage().startsWith("Function not found: arn:aws:lambda:us-east-1:000000000000:function:twice:10"));
    }

    /** Lambda's REST-JSON error shape: status, x-amzn-ErrorType, and Type + Message/message in the body. */
    @Test
    void errors_haveLambdasWireShape() throws Exception {
        LambdaFixture.Raw notFound = LambdaFixture.http(fixture.edge, "GET", "/2015-03-31/functions/absent-fn", null);
        assertEquals(404, notFound.status());
        assertEquals("ResourceNotFoundException", notFound.header("x-amzn-ErrorType"));
        JsonNode body = new ObjectMapper().readTree(notFound.body());
        assertEquals("User", body.get("Type").asText());
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:absent-fn", body.get("Message").asText());

        LambdaFixture.Raw malformed = LambdaFixture.http(fixture.edge, "POST", "/2015-03-31/functions", "{not json");
        assertEquals(400, malformed.status());
        assertEquals("InvalidRequestContentException", malformed.header("x-amzn-ErrorType"));
        assertTrue(new ObjectMapper().readTree(malformed.body()).has("message"));

        LambdaFixture.Raw unknown = LambdaFixture.http(fixture.edge, "PUT", "/2015-03-31/functions/x/whatever", "{}");
        assertEquals(404, unknown.status());
    }

    /**
     * API_UpdateFunctionConfiguration / API_UpdateFunctionCode: LastUpdateStatus InProgress, then Successful; a new
     * RevisionId each time; a stale RevisionId is refused (PreconditionFailedException).
     */
    @Test
    void updates_goInProgressThenSuccessful_andCheckRevisionId() {
        fixture.createJavaFunction("upd", "v1");
        fixture.waitActive("upd");
        String before = lambda.getFunctionConfiguration(r -> r.functionName("upd")).revisionId();
        var updated = lambda.updateFunctionConfiguration(r -> r.functionName("upd").memorySize(1024).description("bigger")
                .revisionId(before));
        assertEquals(LastUpdateStatus.IN_PROGRESS, updated.lastUpdateStatus());
        assertEquals("Creating", updated.lastUpdateStatusReasonCodeAsString());
        assertEquals(1024, updated.memorySize());
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("upd"));
        var after = lambda.getFunctionConfiguration(r -> r.functionName("upd"));
        assertEquals(LastUpdateStatus.SUCCESSFUL, after.lastUpdateStatus());
        assertNotEquals(before, after.revisionId());
        assertEquals(1024, fixture.functions.deployed.get("upd").memoryMb());

        assertThrows(PreconditionFailedException.class, () -> lambda.updateFunctionConfiguration(r -> r.functionName("upd")
                .timeout(10).revisionId(before)));

        byte[] v2 = LambdaFixture.jar("v2");
        var code = lambda.updateFunctionCode(r -> r.functionName("upd").zipFile(SdkBytes.fromByteArray(v2)));
        assertEquals(LastUpdateStatus.IN_PROGRESS, code.lastUpdateStatus());
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("upd"));
        assertEquals(code.codeSha256(), lambda.getFunction(r -> r.functionName("upd")).configuration().codeSha256());
        assertEquals(code.codeSha256(), fixture.functions.deployed.get("upd").codeSha256());
    }

    /** API_ListFunctions paging (Marker / NextMarker); API_DeleteFunction 204 and the host told. */
    @Test
    void listPagesAndDeleteRemoves() throws Exception {
        for (int i = 0; i < 3; i++) {
            fixture.createJavaFunction("list-" + i, "l" + i);
        }
        ListFunctionsResponse first = lambda.listFunctions(r -> r.maxItems(2));
        assertEquals(2, first.functions().size());
        assertNull(first.functions().get(0).state(), "ListFunctions returns no state fields (API_ListFunctions)");
        assertNull(first.functions().get(0).runtimeVersionConfig());
        assertTrue(first.nextMarker() != null);
        long listed = lambda.listFunctionsPaginator(r -> r.maxItems(2)).functions().stream()
                .filter(f -> f.functionName().startsWith("list-")).count();
        assertEquals(3, listed);

        fixture.waitActive("list-0");
        lambda.deleteFunction(r -> r.functionName("list-0"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(r -> r.functionName("list-0")));
        LambdaFixture.await(() -> fixture.functions.calls.contains("remove list-0"), "the host to remove list-0");
        assertThrows(ResourceNotFoundException.class, () -> lambda.deleteFunction(r -> r.functionName("list-0")));
    }

    /** API_TagResource / API_ListTags / API_UntagResource on a function; versions cannot be tagged. */
    @Test
    void tags_onFunctions() {
        String arn = fixture.createJavaFunction("tagged", "t").functionArn();
        lambda.tagResource(r -> r.resource(arn).tags(Map.of("a", "1", "b", "2")));
        assertEquals(Map.of("a", "1", "b", "2"), lambda.listTags(r -> r.resource(arn)).tags());
        lambda.untagResource(r -> r.resource(arn).tagKeys("a"));
        assertEquals(Map.of("b", "2"), lambda.listTags(r -> r.resource(arn)).tags());
        InvalidParameterValueException qualified = assertThrows(InvalidParameterValueException.class,
                () -> lambda.tagResource(r -> r.resource(arn + ":1").tags(Map.of("c", "3"))));
        assertTrue(qualified.getMessage().startsWith("Tags on function aliases and versions are not supported."));
        assertFalse(lambda.listTags(r -> r.resource(arn)).tags().containsKey("c"));
    }

    /** API_GetFunctionCodeSigningConfig: no configuration, an empty answer; a missing function 404. */
    @Test
    void codeSigningConfig_isEmpty() {
        fixture.createJavaFunction("csc", "c");
        var csc = lambda.getFunctionCodeSigningConfig(r -> r.functionName("csc"));
        assertNull(csc.codeSigningConfigArn());
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunctionCodeSigningConfig(r -> r.functionName("csc-absent")));
    }
}
