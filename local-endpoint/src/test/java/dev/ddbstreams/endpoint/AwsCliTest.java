package dev.ddbstreams.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The AWS CLI against the edge, configured with {@code AWS_ENDPOINT_URL} (and throw-away credentials), as the README
 * tells users; a CLI older than that variable (v2 before 2.13, e.g. Debian 12's 2.9.19) gets {@code --endpoint-url}
 * instead ({@link AwsCli}). Prefers a v2 (the one users install today), else any {@code aws}; skipped where there is
 * none.
 *
 * @see <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-endpoints.html">AWS CLI endpoint configuration</a>
 */
class AwsCliTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static EdgeEndpoint edge;
    private static AwsCli.Session aws;

    @TempDir
    static Path home;

    private static Optional<AwsCli> cli;

    @BeforeAll
    static void start() {
        cli = AwsCli.findPreferringV2();
        if (cli.isEmpty()) {
            return; // the test says why it skips (an assumption here would hide the test from the reports)
        }
        edge = EdgeEndpoint.builder().port(0).start();
        aws = cli.get().session(edge.endpoint(), home);
        System.out.println("AwsCliTest: " + cli.get());
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
    }

    private static JsonNode run(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(arguments));
        command.addAll(List.of("--output", "json"));
        AwsCli.Result result = aws.run(TIMEOUT, command);
        assertEquals(0, result.exitCode(), "aws " + String.join(" ", arguments) + " failed: " + result.stderr());
        return result.stdout().isBlank() ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(result.stdout());
    }

    @Test
    void cli_createRole_getCallerIdentity_describeLogGroups() throws Exception {
        Assumptions.assumeTrue(cli.isPresent(), "no aws CLI on the PATH or at /usr/bin/aws; skipping the CLI replay");
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

        // botocore 1.43 speaks AWS JSON 1.0 to CloudWatch (X-Amz-Target GraniteServiceVersion20100801.*); CLI v2 2.9.19
        // the query protocol (Action=PutMetricAlarm, form-encoded).
        run("cloudwatch", "put-metric-alarm", "--alarm-name", "cli-alarm", "--namespace", "AWS/Lambda", "--metric-name", "Errors",
                "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "1",
                "--comparison-operator", "GreaterThanOrEqualToThreshold");
        JsonNode alarms = run("cloudwatch", "describe-alarms", "--alarm-name-prefix", "cli-");
        assertEquals("cli-alarm", alarms.path("MetricAlarms").get(0).path("AlarmName").asText());
        assertEquals("INSUFFICIENT_DATA", alarms.path("MetricAlarms").get(0).path("StateValue").asText());
    }
}
