package dev.ddbstreams.endpoint;

import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Terraform's AWS provider (5.100.0, from the filesystem mirror these machines ship) against the edge: the IAM, Logs
 * and alarm resources the project's Terraform declares are applied, read back with no drift (a second plan is empty),
 * and destroyed with nothing left. Skipped where {@code terraform} or the provider mirror is absent.
 *
 * @see <a href="https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_role">aws_iam_role</a>
 */
// The applies run at once: each has its own edge, port and work directory, and most of each one's time is the
// provider waiting between polls (6 x 5 s per queue, say), so running them one after another only adds up waits.
@Execution(ExecutionMode.CONCURRENT)
class TerraformApplyTest {
    private static final Path MIRROR = Path.of(System.getenv().getOrDefault("TF_PROVIDER_MIRROR", "/opt/tf-plugins"));

    @TempDir
    Path work;

    private static Path onPath(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private int terraform(Path terraform, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(terraform.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("terraform-" + arguments[0] + ".log").toFile());
        builder.environment().put("TF_CLI_CONFIG_FILE", work.resolve("terraform.rc").toString());
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "terraform " + arguments[0] + " timed out");
        return process.exitValue();
    }

    private String log(String step) throws IOException {
        return Files.readString(work.resolve("terraform-" + step + ".log"));
    }

    private static Path terraformOrSkip() {
        Path terraform = onPath("terraform");
        Assumptions.assumeTrue(terraform != null, "terraform is not on the PATH");
        Assumptions.assumeTrue(Files.isDirectory(MIRROR.resolve("registry.terraform.io/hashicorp/aws/5.100.0")),
                "the AWS provider 5.100.0 is not in the filesystem mirror " + MIRROR);
        return terraform;
    }

    /** Writes the provider mirror's CLI configuration and {@code resource}, pointed at {@code edge}, as main.tf. */
    private void configure(String resource, EdgeEndpoint edge) throws IOException {
        Files.writeString(work.resolve("terraform.rc"), "provider_installation {\n  filesystem_mirror {\n    path = \""
                + MIRROR + "\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n}\n");
        try (var config = TerraformApplyTest.class.getResourceAsStream(resource)) {
            String template = new String(config.readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("main.tf"), template.replace("@EDGE_ENDPOINT@", edge.endpoint().toString()));
        }
    }

    @Test
    void applyPlanDestroy_iamLogsAndAlarm() throws Exception {
        Path terraform = terraformOrSkip();
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).start();
             IamClient iam = EdgeFixture.iam(edge); CloudWatchLogsClient logs = EdgeFixture.logs(edge)) {
            configure("/terraform/main.tf", edge);
            assertEquals(0, terraform(terraform, "init", "-input=false", "-no-color"), () -> safeLog("init"));
            assertEquals(0, terraform(terraform, "apply", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("apply"));
            assertTrue(log("apply").contains("account = \"000000000000\""), () -> safeLog("apply"));
            assertEquals(List.of("inline"), iam.listRolePolicies(r -> r.roleName("tf-fn-role")).policyNames());
            assertEquals(2, iam.listAttachedRolePolicies(r -> r.roleName("tf-fn-role")).attachedPolicies().size());
            assertEquals(14, logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/tf-fn")).logGroups().get(0).retentionInDays());

            // -detailed-exitcode: 0 = no changes, 2 = drift (what the provider reads back differs from what it wrote).
            assertEquals(0, terraform(terraform, "plan", "-detailed-exitcode", "-input=false", "-no-color"), () -> safeLog("plan"));
            assertEquals(0, terraform(terraform, "destroy", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("destroy"));
            assertTrue(iam.listRoles().roles().isEmpty());
            assertTrue(iam.listPolicies(r -> r.scope("Local")).policies().isEmpty());
            assertTrue(logs.describeLogGroups().logGroups().isEmpty());
        }
    }

    /**
     * aws_sqs_queue as the project's terraform/modules/queue declares it (SSE-SQS, retention, a DLQ by redrive_policy,
     * tags) plus redrive_allow_policy and a KMS queue, through the SQS front to ElasticMQ. The provider waits until
     * GetQueueAttributes shows every attribute it set, and a second plan is empty only if every attribute it reads back
     * (ARNs, URLs, retention, SSE, policies) is what AWS would answer. Then an update in place, re-planned clean too.
     *
     * @see <a href="https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/sqs_queue">aws_sqs_queue</a>
     */
    @Test
    void applyPlanDestroy_sqsQueues() throws Exception {
        Path terraform = terraformOrSkip();
        try (ElasticMq elasticMq = ElasticMq.start(0);
             EdgeEndpoint edge = EdgeEndpoint.builder().port(0).forward(AwsService.SQS, elasticMq.endpoint()).start();
             SqsClient sqs = EdgeFixture.client(SqsClient.builder().httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()),
                     edge.endpoint())) {
            configure("/terraform-sqs/main.tf", edge);
            assertEquals(0, terraform(terraform, "init", "-input=false", "-no-color"), () -> safeLog("init"));
            assertEquals(0, terraform(terraform, "apply", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("apply"));
            assertTrue(log("apply").contains("queue_arn = \"arn:aws:sqs:us-east-1:000000000000:tf-queue\""), () -> safeLog("apply"));
            assertTrue(log("apply").contains("queue_url = \"" + edge.endpoint() + "/000000000000/tf-queue\""), () -> safeLog("apply"));
            String url = sqs.getQueueUrl(r -> r.queueName("tf-queue")).queueUrl();
            Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            assertEquals("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:tf-dlq\",\"maxReceiveCount\":3}", attributes.get("RedrivePolicy"));
            assertEquals("true", attributes.get("SqsManagedSseEnabled"));
            assertEquals(Map.of("scenario", "1"), sqs.listQueueTags(r -> r.queueUrl(url)).tags());

            // -detailed-exitcode: 0 = no changes, 2 = drift (what the provider reads back differs from what it wrote).
            assertEquals(0, terraform(terraform, "plan", "-detailed-exitcode", "-input=false", "-no-color"), () -> safeLog("plan"));

            // An update in place (SetQueueAttributes of an ElasticMQ-kept and a front-kept attribute), then no drift again.
            assertEquals(0, terraform(terraform, "apply", "-auto-approve", "-input=false", "-no-color",
                    "-var=visibility_timeout_seconds=90", "-var=message_retention_seconds=86400"), () -> safeLog("apply"));
            Map<String, String> updated = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            assertEquals("90", updated.get("VisibilityTimeout"));
            assertEquals("86400", updated.get("MessageRetentionPeriod"));
            assertEquals(0, terraform(terraform, "plan", "-detailed-exitcode", "-input=false", "-no-color",
                    "-var=visibility_timeout_seconds=90", "-var=message_retention_seconds=86400"), () -> safeLog("plan"));

            assertEquals(0, terraform(terraform, "destroy", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("destroy"));
            assertTrue(sqs.listQueues().queueUrls().isEmpty(), () -> sqs.listQueues().queueUrls().toString());
        }
    }

    /**
     * The Lambda resources the project declares: a function from a jar (publish, tracing, logging, environment, tags),
     * an alias on its published version, a permission for API Gateway and a stream mapping; then an update that
     * publishes version 2 and moves the alias. Each following plan must be empty: whatever {@code aws_lambda_function}
     * and the others read back matches what they wrote.
     *
     * @see <a href="https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/lambda_function">aws_lambda_function</a>
     */
    @Test
    void applyPlanDestroy_lambdaFunctionAliasPermissionMapping() throws Exception {
        Path terraform = terraformOrSkip();
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).start();
             LambdaClient lambda = LambdaClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(EdgeFixture.TEST_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build()) {
            configure("/terraform/lambda.tf", edge);
            Files.write(work.resolve("fn.jar"), smallJar());
            assertEquals(0, terraform(terraform, "init", "-input=false", "-no-color"), () -> safeLog("init"));
            assertEquals(0, terraform(terraform, "apply", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("apply"));
            assertTrue(log("apply").contains("version = \"1\""), () -> safeLog("apply"));
            var function = lambda.getFunction(r -> r.functionName("tf-notes"));
            assertEquals("Active", function.configuration().stateAsString());
            assertEquals("1", lambda.getAlias(r -> r.functionName("tf-notes").name("live")).functionVersion());
            assertTrue(lambda.getPolicy(r -> r.functionName("tf-notes")).policy().contains("apigateway.amazonaws.com"));
            assertEquals(1, lambda.listEventSourceMappings(r -> r.functionName("tf-notes")).eventSourceMappings().size());

            assertEquals(0, terraform(terraform, "plan", "-detailed-exitcode", "-input=false", "-no-color"), () -> safeLog("plan"));

            // An update: UpdateFunctionConfiguration, the provider's LastUpdateStatus wait, PublishVersion (2), the alias moved.
            Files.writeString(work.resolve("main.tf"), Files.readString(work.resolve("main.tf")).replace("memory_size      = 512", "memory_size      = 1024"));
            assertEquals(0, terraform(terraform, "apply", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("apply"));
            assertTrue(log("apply").contains("version = \"2\""), () -> safeLog("apply"));
            assertEquals(1024, lambda.getFunctionConfiguration(r -> r.functionName("tf-notes").qualifier("live")).memorySize());
            assertEquals(0, terraform(terraform, "plan", "-detailed-exitcode", "-input=false", "-no-color"), () -> safeLog("plan"));

            assertEquals(0, terraform(terraform, "destroy", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("destroy"));
            assertTrue(lambda.listFunctions().functions().isEmpty());
            assertTrue(lambda.listEventSourceMappings().eventSourceMappings().isEmpty());
        }
    }

    /** A jar as a Java function ships: a manifest and a class entry (its bytes are not run here). */
    private static byte[] smallJar() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("example/Handler.class"));
            jar.write(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * An HTTP API as the project declares it (API, auto-deployed $default stage, Lambda proxy integration, route):
     * applied, read back with no drift, served at {@code api_endpoint}, destroyed. {@code invoke_url} is computed
     * by the provider from the region alone ({@code https://<id>.execute-api.<region>.amazonaws.com/}, see
     * APIGatewayV2InvokeURL in internal/conns/awsclient.go), so it never points at the edge; {@code api_endpoint}
     * comes from GetApi and does.
     *
     * @see <a href="https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/apigatewayv2_stage">aws_apigatewayv2_stage</a>
     */
    @Test
    void applyPlanDestroy_httpApi() throws Exception {
        Path terraform = terraformOrSkip();
        ExecuteApiTest.FakeLambda lambda = new ExecuteApiTest.FakeLambda();
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).lambdaInvoker(lambda).start();
             ApiGatewayV2Client apigw = EdgeFixture.apiGateway(edge)) {
            configure("/terraform/apigateway.tf", edge);
            assertEquals(0, terraform(terraform, "init", "-input=false", "-no-color"), () -> safeLog("init"));
            assertEquals(0, terraform(terraform, "apply", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("apply"));
            String apiId = apigw.getApis(r -> { }).items().get(0).apiId();
            String apiEndpoint = edge.endpoint() + "/_aws/execute-api/" + apiId;
            assertTrue(log("apply").contains("api_endpoint = \"" + apiEndpoint + "\""), () -> safeLog("apply"));
            assertTrue(log("apply").contains("invoke_url = \"https://" + apiId + ".execute-api.us-east-1.amazonaws.com/\""),
                    () -> safeLog("apply"));
            lambda.answer("{\"statusCode\":200,\"body\":\"from terraform\"}");
            var served = HttpFixture.get(java.net.URI.create(apiEndpoint + "/"), "notes/n1");
            assertEquals(200, served.statusCode(), served.body());
            assertEquals("from terraform", served.body());

            assertEquals(0, terraform(terraform, "plan", "-detailed-exitcode", "-input=false", "-no-color"), () -> safeLog("plan"));
            assertEquals(0, terraform(terraform, "destroy", "-auto-approve", "-input=false", "-no-color"), () -> safeLog("destroy"));
            assertTrue(apigw.getApis(r -> { }).items().isEmpty());
        }
    }

    private String safeLog(String step) {
        try {
            return log(step);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
