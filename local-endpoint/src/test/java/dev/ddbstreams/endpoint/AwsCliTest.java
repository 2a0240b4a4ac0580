package dev.ddbstreams.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI against the edge, configured only with {@code AWS_ENDPOINT_URL} (and throw-away credentials), as the
 * README tells users. Skipped where no {@code aws} is on the PATH.
 *
 * @see <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-endpoints.html">AWS CLI endpoint configuration</a>
 */
class AwsCliTest {
    private static EdgeEndpoint edge;
    private static Path aws;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        aws = findOnPath("aws");
        Assumptions.assumeTrue(aws != null, "the aws CLI is not on the PATH; skipping the CLI replay");
        edge = EdgeEndpoint.builder().port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
    }

    private static Path findOnPath(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static JsonNode run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ENDPOINT_URL", edge.endpoint().toString());
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        environment.remove("AWS_PROFILE");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "aws " + String.join(" ", arguments) + " timed out");
        assertEquals(0, process.exitValue(), "aws " + String.join(" ", arguments) + " failed: " + err);
        return out.length == 0 ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(out);
    }

    @Test
    void cli_createRole_getCallerIdentity_describeLogGroups() throws Exception {
        JsonNode role = run("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document",
                EdgeFixture.trustPolicy("lambda.amazonaws.com"));
        assertEquals("arn:aws:iam::000000000000:role/cli-role", role.path("Role").path("Arn").asText());
        // botocore decodes IAM's URL-encoded documents back into JSON.
        assertEquals("sts:AssumeRole", role.path("Role").path("AssumeRolePolicyDocument").path("Statement").get(0).path("Action").asText());

        JsonNode identity = run("sts", "get-caller-identity");
        assertEquals("000000000000", identity.path("Account").asText());
        assertEquals("arn:aws:iam::000000000000:root", identity.path("Arn").asText());

        run("logs", "create-log-group", "--log-group-name", "/aws/lambda/cli");
        JsonNode groups = run("logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/");
        assertEquals("/aws/lambda/cli", groups.path("logGroups").get(0).path("logGroupName").asText());

        // botocore 1.43 speaks AWS JSON 1.0 to CloudWatch (X-Amz-Target GraniteServiceVersion20100801.*).
        run("cloudwatch", "put-metric-alarm", "--alarm-name", "cli-alarm", "--namespace", "AWS/Lambda", "--metric-name", "Errors",
                "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "1",
                "--comparison-operator", "GreaterThanOrEqualToThreshold");
        JsonNode alarms = run("cloudwatch", "describe-alarms", "--alarm-name-prefix", "cli-");
        assertEquals("cli-alarm", alarms.path("MetricAlarms").get(0).path("AlarmName").asText());
        assertEquals("INSUFFICIENT_DATA", alarms.path("MetricAlarms").get(0).path("StateValue").asText());
    }
}
