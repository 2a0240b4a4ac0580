package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void applyPlanDestroy_iamLogsAndAlarm() throws Exception {
        Path terraform = onPath("terraform");
        Assumptions.assumeTrue(terraform != null, "terraform is not on the PATH");
        Assumptions.assumeTrue(Files.isDirectory(MIRROR.resolve("registry.terraform.io/hashicorp/aws/5.100.0")),
                "the AWS provider 5.100.0 is not in the filesystem mirror " + MIRROR);
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).start();
             IamClient iam = EdgeFixture.iam(edge); CloudWatchLogsClient logs = EdgeFixture.logs(edge)) {
            Files.writeString(work.resolve("terraform.rc"), "provider_installation {\n  filesystem_mirror {\n    path = \""
                    + MIRROR + "\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n}\n");
            try (var config = TerraformApplyTest.class.getResourceAsStream("/terraform/main.tf")) {
                String template = new String(config.readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(work.resolve("main.tf"), template.replace("@EDGE_ENDPOINT@", edge.endpoint().toString()));
            }
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
        Path terraform = onPath("terraform");
        Assumptions.assumeTrue(terraform != null, "terraform is not on the PATH");
        Assumptions.assumeTrue(Files.isDirectory(MIRROR.resolve("registry.terraform.io/hashicorp/aws/5.100.0")),
                "the AWS provider 5.100.0 is not in the filesystem mirror " + MIRROR);
        ExecuteApiTest.FakeLambda lambda = new ExecuteApiTest.FakeLambda();
        try (EdgeEndpoint edge = EdgeEndpoint.builder().port(0).lambdaInvoker(lambda).start();
             ApiGatewayV2Client apigw = EdgeFixture.apiGateway(edge)) {
            Files.writeString(work.resolve("terraform.rc"), "provider_installation {\n  filesystem_mirror {\n    path = \""
                    + MIRROR + "\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n}\n");
            try (var config = TerraformApplyTest.class.getResourceAsStream("/terraform/apigateway.tf")) {
                String template = new String(config.readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(work.resolve("main.tf"), template.replace("@EDGE_ENDPOINT@", edge.endpoint().toString()));
            }
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
