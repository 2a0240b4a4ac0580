package dev.ddbstreams.local.e2e;

import static dev.ddbstreams.local.e2e.EmptyRuntime.LAMBDA_TRUST_POLICY;
import static dev.ddbstreams.local.e2e.EmptyRuntime.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.lambda.fixtures.VersionHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Versions run their own configuration, against {@code make run ARGS=--empty}, every step through the AWS endpoint
 * with the SDK v2: a function whose answer is its {@code VERSION} variable is published as version 1 ({@code one}),
 * changed and published as 2 ({@code two}), changed again ({@code three} on {@code $LATEST}); Invoke with Qualifier
 * {@code 1}, {@code 2}, {@code $LATEST} and an alias to 1 each runs its own configuration in its own process, with
 * {@code X-Amz-Executed-Version} naming it, and version 1 logs to {@code /aws/lambda/<fn>} in a stream named
 * {@code YYYY/MM/DD/[1]<id>} whose START line says {@code Version: 1}. An SQS mapping created through the alias runs
 * version 1 too, and a restart keeps version 1 running its own configuration. Each invocation is told the ARN its caller
 * used ({@code context.getInvokedFunctionArn()}): unqualified by name, qualified with the version, {@code $LATEST} or
 * the alias (even though the alias runs version 1), and for the mapping its FunctionArn, the alias's ARN.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-context.html">Java context object (getInvokedFunctionArn)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next">Runtime API: next invocation (Lambda-Runtime-Invoked-Function-Arn)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html">Lambda function aliases</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Lambda logs (stream names)</a>
 */
class LambdaVersionsEndToEndIT {

    private static final String FUNCTION = "versioned";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static EmptyRuntime local;
    private static IamClient iam;
    private static LambdaClient lambda;
    private static CloudWatchLogsClient logs;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        local = EmptyRuntime.start();
        iam = local.aws.iam();
        lambda = local.aws.lambda();
        logs = local.aws.logs();
        sqs = local.aws.sqs();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void eachVersion_andAnAliasToIt_runsItsOwnConfiguration_andLogsUnderItsVersion() throws Exception {
        String roleArn = iam.createRole(b -> b.roleName("versioned-role")
                .assumeRolePolicyDocument(LAMBDA_TRUST_POLICY)).role().arn();
        // The mapping below reads a queue with the execution role, as AWS checks at creation (IAM is enforced).
        // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
        iam.attachRolePolicy(b -> b.roleName("versioned-role")
                .policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"));
        byte[] code = deploymentPackage();

        lambda.createFunction(b -> b.functionName(FUNCTION).runtime(Runtime.JAVA21).role(roleArn)
                .handler(VersionHandler.class.getName()).environment(e -> e.variables(Map.of("VERSION", "one")))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(FUNCTION));
        assertEquals("1", lambda.publishVersion(b -> b.functionName(FUNCTION)).version());
        updateVersionVariable("two");
        assertEquals("2", lambda.publishVersion(b -> b.functionName(FUNCTION)).version());
        updateVersionVariable("three");
        lambda.createAlias(b -> b.functionName(FUNCTION).name("live").functionVersion("1"));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(FUNCTION).qualifier("2"));

        JsonNode one = invoke("1", "1");
        JsonNode two = invoke("2", "2");
        JsonNode latest = invoke("$LATEST", "$LATEST");
        JsonNode live = invoke("live", "1");
        JsonNode byName = invoke(null, "$LATEST");
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION;
        assertEquals(arn + ":1", one.get("invokedArn").asText(), "invoked by version");
        assertEquals(arn + ":2", two.get("invokedArn").asText(), "invoked by version");
        assertEquals(arn + ":$LATEST", latest.get("invokedArn").asText(), "invoked with Qualifier $LATEST");
        assertEquals(arn + ":live", live.get("invokedArn").asText(), "invoked through the alias, which runs version 1");
        assertEquals(arn, byName.get("invokedArn").asText(), "invoked by name alone");

        assertEquals("one", one.get("version").asText());
        assertEquals("two", two.get("version").asText());
        assertEquals("three", latest.get("version").asText());
        assertEquals("one", live.get("version").asText(), "the alias runs version 1's configuration");
        assertEquals(one.get("pid").asLong(), live.get("pid").asLong(), "the alias runs version 1's environment");
        assertTrue(one.get("pid").asLong() != two.get("pid").asLong() && two.get("pid").asLong() != latest.get("pid").asLong(),
                "each version runs in its own execution environment");
        assertTrue(one.get("logStream").asText().matches("\\d{4}/\\d{2}/\\d{2}/\\[1][0-9a-f]{32}"), one.toString());
        assertTrue(latest.get("logStream").asText().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"), latest.toString());
        assertEquals("/aws/lambda/" + FUNCTION, one.get("logGroup").asText(), "one log group for every version");

        // An SQS mapping through the alias invokes version 1.
        String queueUrl = sqs.createQueue(b -> b.queueName("versioned-jobs")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String uuid = lambda.createEventSourceMapping(b -> b.functionName(arn + ":live").eventSourceArn(queueArn)
                .batchSize(1)).uuid();
        await(() -> "Enabled".equals(lambda.getEventSourceMapping(b -> b.uuid(uuid)).state()), "the mapping Enabled");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"orderId\":1}"));

        String group = "/aws/lambda/" + FUNCTION;
        String streamOfOne = one.get("logStream").asText();
        List<String> lines = new ArrayList<>();
        await(() -> {
            lines.clear();
            logs.getLogEvents(b -> b.logGroupName(group).logStreamName(streamOfOne).startFromHead(true)).events()
                    .stream().map(OutputLogEvent::message).forEach(lines::add);
            // Invoke by version, by alias, then the mapping's batch: three invocations of version 1's environment.
            return lines.stream().filter(line -> line.startsWith("REPORT RequestId: ")).count() >= 3;
        }, "three invocations of version 1 in " + streamOfOne);
        assertEquals(3, lines.stream().filter(line -> line.startsWith("START RequestId: ") && line.endsWith(" Version: 1"))
                .count(), lines.toString());
        assertEquals(3, lines.stream().filter(line -> line.startsWith("version one handled")).count(), lines.toString());
        assertEquals(2, lines.stream().filter(line -> line.startsWith("version one handled") && line.endsWith(" as " + arn + ":live"))
                .count(), "the alias's Invoke and the mapping's batch, invoked through the alias's ARN: " + lines);
        List<String> streams = logs.describeLogStreams(b -> b.logGroupName(group)).logStreams().stream()
                .map(LogStream::logStreamName).toList();
        assertTrue(streams.contains(streamOfOne) && streams.contains(latest.get("logStream").asText()), streams.toString());
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("version three")), "$LATEST logs elsewhere");
    }

    /**
     * A published version survives a restart as it was published: the endpoint hands it to the runtime again on start
     * (its code kept under the data directory), and Qualifier 1 still runs version 1's configuration.
     */
    @Test
    void afterARestart_aVersionStillRunsItsOwnConfiguration(@TempDir Path data) throws Exception {
        byte[] code = deploymentPackage();
        LocalRuntimeOptions options = LocalRuntimeOptions.forTests(RepositoryRoot.find()).withEmpty(true)
                .withDataDirectory(data).withKinesis(false);
        try (LocalRuntime first = LocalRuntime.start(options, System.out::println);
                IamClient firstIam = IamClient.builder().endpointOverride(first.awsEndpoint()).region(Region.AWS_GLOBAL)
                        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
                LambdaClient firstLambda = lambdaClient(first)) {
            String roleArn = firstIam.createRole(b -> b.roleName("kept-role")
                    .assumeRolePolicyDocument(LAMBDA_TRUST_POLICY)).role().arn();
            firstLambda.createFunction(b -> b.functionName("kept").runtime(Runtime.JAVA21).role(roleArn)
                    .handler(VersionHandler.class.getName()).environment(e -> e.variables(Map.of("VERSION", "one")))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
            firstLambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("kept"));
            assertEquals("1", firstLambda.publishVersion(b -> b.functionName("kept")).version());
            firstLambda.updateFunctionConfiguration(b -> b.functionName("kept")
                    .environment(e -> e.variables(Map.of("VERSION", "two"))));
            firstLambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("kept"));
        }
        try (LocalRuntime second = LocalRuntime.start(options, System.out::println);
                LambdaClient secondLambda = lambdaClient(second)) {
            InvokeResponse one = secondLambda.invoke(b -> b.functionName("kept").qualifier("1").payload(SdkBytes.fromUtf8String("{}")));
            InvokeResponse latest = secondLambda.invoke(b -> b.functionName("kept").payload(SdkBytes.fromUtf8String("{}")));
            assertEquals("1", one.executedVersion());
            assertEquals("one", JSON.readTree(one.payload().asUtf8String()).path("version").asText(), one.payload().asUtf8String());
            assertEquals("two", JSON.readTree(latest.payload().asUtf8String()).path("version").asText(), latest.payload().asUtf8String());
        }
    }

    private static LambdaClient lambdaClient(LocalRuntime on) {
        return LambdaClient.builder().endpointOverride(on.awsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void updateVersionVariable(String value) {
        lambda.updateFunctionConfiguration(b -> b.functionName(FUNCTION).environment(e -> e.variables(Map.of("VERSION", value))));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName(FUNCTION));
    }

    /** Invokes with {@code qualifier}; asserts {@code X-Amz-Executed-Version} and that the function answered. */
    private static JsonNode invoke(String qualifier, String executedVersion) throws IOException {
        InvokeResponse response = lambda.invoke(b -> b.functionName(FUNCTION).qualifier(qualifier)
                .payload(SdkBytes.fromUtf8String("{}")));
        String payload = response.payload().asUtf8String();
        assertEquals(null, response.functionError(), payload);
        assertEquals(executedVersion, response.executedVersion(), "ExecutedVersion of Qualifier " + qualifier);
        return JSON.readTree(payload);
    }

    /**
     * A .zip as Lambda's Java runtime takes it: the handler's class at the root and, in {@code lib/}, the SDK's
     * utils-lite jar the Runtime Interface Client looks for (the runtime's own tests put it on the class path).
     */
    private static byte[] deploymentPackage() throws IOException, URISyntaxException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String entry = VersionHandler.class.getName().replace('.', '/') + ".class";
            zip.putNextEntry(new ZipEntry(entry));
            try (var in = VersionHandler.class.getResourceAsStream("/" + entry)) {
                zip.write(in.readAllBytes());
            }
            zip.closeEntry();
            Path utilsLite = codeSource("software.amazon.awssdk.utilslite.SdkInternalThreadLocal");
            if (Files.isRegularFile(utilsLite)) {
                zip.putNextEntry(new ZipEntry("lib/" + utilsLite.getFileName()));
                zip.write(Files.readAllBytes(utilsLite));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Path codeSource(String className) throws URISyntaxException {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }
}
