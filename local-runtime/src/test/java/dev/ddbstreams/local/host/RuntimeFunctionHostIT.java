package dev.ddbstreams.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.endpoint.lambda.FunctionDefinition;
import dev.ddbstreams.endpoint.lambda.InvokeResult;
import dev.ddbstreams.local.lambda.FunctionRuntime;
import dev.ddbstreams.local.lambda.fixtures.EnvironmentHandler;
import dev.ddbstreams.local.lambda.fixtures.ThrowingHandler;
import dev.ddbstreams.local.lambda.fixtures.VersionHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions as the Lambda control plane hands them over ({@link FunctionDefinition}: a deployment package on disk),
 * run in real function JVMs: a fat jar and a .zip with {@code lib/*.jar}, the environment, errors, new code, deletion.
 */
class RuntimeFunctionHostIT {
    /** The unqualified ARN of a function, less its name: what each invocation here is invoked through. */
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI EDGE = URI.create("http://127.0.0.1:45666");
    private static final URI DYNAMODB = URI.create("http://127.0.0.1:45000");

    @TempDir
    Path temp;

    private FunctionRuntime runtime;
    private RuntimeFunctionHost host;

    @BeforeEach
    void start() throws Exception {
        runtime = FunctionRuntime.builder()
                .runtimeLibraries(Path.of(System.getProperty("lambda.runtime.dir", "target/lambda-runtime")))
                .extraClassPath(codeSource("software.amazon.awssdk.utilslite.SdkInternalThreadLocal"))
                .outputListener((function, line) -> System.out.println("[" + function + "] " + line))
                .build();
        host = new RuntimeFunctionHost(runtime, runtime, temp.resolve("packages"),
                new FunctionEnvironment(EDGE, DYNAMODB, (function, endpoint) -> function.equals("proxied")
                        ? URI.create("http://127.0.0.1:45999") : endpoint),
                function -> 1);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aZipWithLibraries_runsFromItsExtractedLibJars_andNewCodeReplacesIt() throws Exception {
        Path v1 = zip("v1.zip", Map.of("lib/handler.jar", jar(VersionHandler.class)));
        host.deploy(definition("versioned", VersionHandler.class.getName(), v1, "sha-1", Map.of("VERSION", "v1")));

        InvokeResult first = host.invoke("versioned", ARN + "versioned", "{}".getBytes(StandardCharsets.UTF_8), "lambda:Invoke");

        assertTrue(first.succeeded(), new String(first.payload(), StandardCharsets.UTF_8));
        assertEquals("v1", JSON.readTree(first.payload()).get("version").asText());
        assertEquals("/aws/lambda/versioned", JSON.readTree(first.payload()).get("logGroup").asText());

        Path v2 = zip("v2.zip", Map.of(VersionHandler.class.getName().replace('.', '/') + ".class",
                classBytes(VersionHandler.class)));
        host.deploy(definition("versioned", VersionHandler.class.getName(), v2, "sha-2", Map.of("VERSION", "v2")));
        InvokeResult second = host.invoke("versioned", ARN + "versioned", "{}".getBytes(StandardCharsets.UTF_8), "lambda:Invoke");

        assertEquals("v2", JSON.readTree(second.payload()).get("version").asText(),
                "a package with its classes at the root runs too, and new code replaces the old");
        assertTrue(JSON.readTree(second.payload()).get("pid").asLong() != JSON.readTree(first.payload()).get("pid").asLong());
    }

    @Test
    void aFunction_getsTheEdgeAsItsEndpoint_dummyCredentials_andItsOwnVariables() throws Exception {
        Path jar = jar(EnvironmentHandler.class);
        host.deploy(definition("env", EnvironmentHandler.class.getName(), jar, "sha", Map.of("NOTES_TABLE", "notes")));
        host.deploy(definition("proxied", EnvironmentHandler.class.getName(), jar, "sha", Map.of()));

        JsonNode env = JSON.readTree(host.invoke("env", ARN + "env", "{}".getBytes(StandardCharsets.UTF_8), "test").payload())
                .get("environment");
        JsonNode proxied = JSON.readTree(host.invoke("proxied", ARN + "proxied", "{}".getBytes(StandardCharsets.UTF_8), "test").payload())
                .get("environment");

        assertEquals(EDGE.toString(), env.get("AWS_ENDPOINT_URL").asText());
        assertEquals(FunctionEnvironment.ACCESS_KEY_ID, env.get("AWS_ACCESS_KEY_ID").asText());
        assertEquals(FunctionEnvironment.SECRET_ACCESS_KEY, env.get("AWS_SECRET_ACCESS_KEY").asText());
        assertEquals("notes", env.get("NOTES_TABLE").asText());
        assertEquals("env", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("512", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        assertNull(env.get("AWS_ENDPOINT_URL_DYNAMODB"), "no override unless a harness asks for one");
        assertEquals("http://127.0.0.1:45999", proxied.get("AWS_ENDPOINT_URL_DYNAMODB").asText(),
                "the soak's DynamoDB fault proxy hook still applies");
    }

    @Test
    void aHandlersException_isAnUnhandledFunctionError_andADeletedFunctionIsNotFound() throws Exception {
        host.deploy(definition("throws", ThrowingHandler.class.getName(), jar(ThrowingHandler.class), "sha", Map.of()));

        InvokeResult failed = host.invoke("throws", ARN + "throws", "{\"orderId\":7}".getBytes(StandardCharsets.UTF_8), "test");

        assertEquals("Unhandled", failed.functionError());
        JsonNode error = JSON.readTree(failed.payload());
        assertEquals("order 7 rejected", error.get("errorMessage").asText());
        assertEquals(ThrowingHandler.class.getName() + "$OrderRejectedException", error.get("errorType").asText());

        host.remove("throws");

        InvokeResult gone = host.invoke("throws", ARN + "throws", "{}".getBytes(StandardCharsets.UTF_8), "test");
        assertEquals("ResourceNotFoundException", JSON.readTree(gone.payload()).get("errorType").asText());
        assertTrue(runtime.functionNames().isEmpty());
    }

    /**
     * A published version is a deployment of its own beside $LATEST: its own processes, code and variables, told its
     * version; removing it leaves $LATEST running.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
     */
    @Test
    void aPublishedVersion_runsBesideLatest_withItsOwnCodeAndVariables() throws Exception {
        Path jar = jar(EnvironmentHandler.class);
        FunctionDefinition latest = definition("multi", EnvironmentHandler.class.getName(), jar, "sha-2", Map.of("COLOUR", "blue"));
        FunctionDefinition v1 = withVersion(definition("multi", EnvironmentHandler.class.getName(), jar, "sha-1",
                Map.of("COLOUR", "red")), "1");
        host.deploy(latest);
        host.deploy(v1);
        assertEquals("multi:1", v1.deployment());

        JsonNode fromVersion = JSON.readTree(host.invoke("multi:1", ARN + "multi:1", "{}".getBytes(StandardCharsets.UTF_8), "test").payload())
                .get("environment");
        JsonNode fromLatest = JSON.readTree(host.invoke("multi", ARN + "multi", "{}".getBytes(StandardCharsets.UTF_8), "test").payload())
                .get("environment");

        assertEquals("red", fromVersion.get("COLOUR").asText());
        assertEquals("1", fromVersion.get("AWS_LAMBDA_FUNCTION_VERSION").asText());
        assertEquals("multi", fromVersion.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertTrue(fromVersion.get("AWS_LAMBDA_LOG_STREAM_NAME").asText().matches("\\d{4}/\\d{2}/\\d{2}/\\[1][0-9a-f]{32}"),
                fromVersion.get("AWS_LAMBDA_LOG_STREAM_NAME").asText());
        assertEquals("blue", fromLatest.get("COLOUR").asText());
        assertEquals("$LATEST", fromLatest.get("AWS_LAMBDA_FUNCTION_VERSION").asText());
        assertEquals(java.util.Set.of("multi", "multi:1"), runtime.functionNames());

        host.remove("multi:1");

        assertEquals(java.util.Set.of("multi"), runtime.functionNames());
        assertEquals("ResourceNotFoundException", JSON.readTree(host.invoke("multi:1", ARN + "multi:1", "{}".getBytes(StandardCharsets.UTF_8),
                "test").payload()).get("errorType").asText());
        assertEquals("blue", JSON.readTree(host.invoke("multi", ARN + "multi", "{}".getBytes(StandardCharsets.UTF_8), "test").payload())
                .get("environment").get("COLOUR").asText());
    }

    private static FunctionDefinition withVersion(FunctionDefinition d, String version) {
        return new FunctionDefinition(d.name(), d.arn(), d.runtime(), d.handler(), d.code(), d.codeSha256(), d.memoryMb(),
                d.timeoutSeconds(), d.environment(), d.roleArn(), d.logGroup(), d.tracingMode(), version);
    }

    private static FunctionDefinition definition(String name, String handler, Path code, String sha,
            Map<String, String> variables) {
        return new FunctionDefinition(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name, "java21",
                handler, code, sha, 512, 10, variables, "arn:aws:iam::000000000000:role/" + name + "-role",
                "/aws/lambda/" + name, "PassThrough");
    }

    /** A jar with {@code handler} and its nested classes. */
    private Path jar(Class<?> handler) throws IOException, URISyntaxException {
        Path jar = temp.resolve(handler.getSimpleName() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Path classes = Path.of(handler.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packagePath = handler.getPackageName().replace('.', '/');
            try (var files = Files.list(classes.resolve(packagePath))) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(handler.getSimpleName()))
                        .toList()) {
                    out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (var in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private Path zip(String name, Map<String, Object> entries) throws IOException {
        Path zip = temp.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue() instanceof Path path ? Files.readAllBytes(path) : (byte[]) entry.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }

    private static Path codeSource(String className) throws URISyntaxException {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }

}
