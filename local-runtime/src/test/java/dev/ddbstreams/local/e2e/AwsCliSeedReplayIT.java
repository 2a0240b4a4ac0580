package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.endpoint.AwsCli;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001 ("Integrate with DynamoDB") replayed with the AWS CLI v2 against {@code make run ARGS=--empty}: the seed's
 * own commands, in its order, with its names and its profile ({@code --profile lambda-cli-user}, in a temporary config
 * file). Adapted only where the seed cannot run as written here: the endpoint (AWS_ENDPOINT_URL, or
 * {@code --endpoint-url} for a CLI older than that variable), throw-away credentials, the function (event-logger's
 * jar with the handler {@code orders-keys-logger} has in terraform/wiring.json, runtime java21, instead of the seed's
 * Node.js zip), the role (made here, as the seed's reader made it beforehand, with the read permissions AWS checks when
 * the mapping is created), and two waits the seed leaves to the reader's pace (the function Active, the mapping
 * Enabled: {@code LATEST} only sees records written after that). Then the keys in {@code /aws/lambda/<function>}
 * through describe-log-streams and get-log-events, as the seed reads them, and through {@code aws logs tail}, once and
 * with {@code --follow} (started, a second item put, its line awaited, the process stopped).
 *
 * <p>Seed 004 ("Using DynamoDB streams") gives no AWS CLI commands (its steps are {@code sls deploy}, curl against the
 * API and {@code sls logs}): its user create, delete and the removal in the function's log group are replayed by
 * terraform-tests' TerraformDeploymentIT (row 9), through the HTTP API and CloudWatch Logs.
 */
class AwsCliSeedReplayIT {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROFILE = "lambda-cli-user";
    private static final String FUNCTION = "dynamoDBEventLogger";
    private static final String LOG_GROUP = "/aws/lambda/" + FUNCTION;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static Optional<AwsCli> cli;
    private static LocalRuntime runtime;
    private static AwsCli.Session aws;

    @BeforeAll
    static void start() throws IOException {
        cli = AwsCli.findV2();
        if (cli.isEmpty()) {
            return; // the test says why it skips (an assumption here would hide the test from the reports)
        }
        System.out.println("AwsCliSeedReplayIT: " + cli.get());
        // The seed's `export AWS_PROFILE=lambda-cli-user` and `--profile "$AWS_PROFILE"`: a named profile.
        Files.writeString(home.resolve("config"), "[profile " + PROFILE + "]\nregion = us-east-1\noutput = json\n");
        Files.writeString(home.resolve("credentials"),
                "[" + PROFILE + "]\naws_access_key_id = local\naws_secret_access_key = local\n");
        runtime = LocalRuntime.start(LocalRuntimeOptions.forTests(RepositoryRoot.find()).withEmpty(true),
                System.out::println);
        aws = cli.get().session(runtime.awsEndpoint(), home);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void seed001_replayedWithTheAwsCliV2_logsTheKeys_readByGetLogEventsAndLogsTail() throws Exception {
        assumeTrue(cli.isPresent(), AwsCli::noV2Reason);
        Path root = RepositoryRoot.find();
        Path jar = root.resolve("event-logger/target/event-logger.jar");
        assumeTrue(Files.isRegularFile(jar), jar + " is not built (`make build` builds it)");
        String handler = Wiring.load(root.resolve("terraform/wiring.json")).functions().get("orders-keys-logger").handler();
        long started = System.nanoTime();

        // (1.1) Create DynamoDB table with streaming enabled; (1.2) its LatestStreamArn.
        JsonNode table = json("dynamodb", "create-table", "--table-name", "Orders",
                "--attribute-definitions",
                "AttributeName=Id,AttributeType=N",
                "AttributeName=Amount,AttributeType=N",
                "--key-schema", "AttributeName=Id,KeyType=HASH", "AttributeName=Amount,KeyType=RANGE",
                "--provisioned-throughput", "ReadCapacityUnits=1,WriteCapacityUnits=1",
                "--stream-specification", "StreamEnabled=true,StreamViewType=KEYS_ONLY",
                "--profile", PROFILE);
        assertEquals("KEYS_ONLY", table.at("/TableDescription/StreamSpecification/StreamViewType").asText());
        String streamArn = table.at("/TableDescription/LatestStreamArn").asText();
        assertTrue(streamArn.startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/"), streamArn);

        // The seed's LAMBDA_ROLE_ARN, made beforehand by its reader. To create the mapping AWS requires the role to
        // read the stream (the endpoint enforces IAM by default): the managed policy the Lambda guide names for it.
        // https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-eventsourcemapping.html
        Files.writeString(home.resolve("trust.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
        String roleArn = json("iam", "create-role", "--role-name", "lambda-cli-role",
                "--assume-role-policy-document", "file://trust.json", "--profile", PROFILE).at("/Role/Arn").asText();
        assertEquals("arn:aws:iam::000000000000:role/lambda-cli-role", roleArn);
        run("iam", "attach-role-policy", "--role-name", "lambda-cli-role",
                "--policy-arn", "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole", "--profile", PROFILE);

        // (2.3) Bundle & Deploy the lambda: the jar for the seed's zip, the keys logger for its Node.js handler.
        JsonNode function = json("lambda", "create-function",
                "--region", "us-east-1",
                "--function-name", FUNCTION,
                "--handler", handler,
                "--runtime", "java21",
                "--role", roleArn,
                "--zip-file", "fileb://" + jar,
                "--profile", PROFILE);
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION, function.path("FunctionArn").asText());
        // The CLI's own waiter (GetFunction until State is Active).
        run("lambda", "wait", "function-active-v2", "--function-name", FUNCTION, "--profile", PROFILE);

        // (3) Map DynamoDB to Lambda using event-source-mapping.
        JsonNode mapping = json("lambda", "create-event-source-mapping",
                "--function-name", FUNCTION,
                "--batch-size", "1",
                "--starting-position", "LATEST",
                "--event-source", streamArn,
                "--profile", PROFILE);
        assertEquals(1, mapping.path("BatchSize").asInt());
        assertEquals("LATEST", mapping.path("StartingPosition").asText());
        String uuid = mapping.path("UUID").asText();
        await("the mapping Enabled", () -> json("lambda", "get-event-source-mapping", "--uuid", uuid, "--profile", PROFILE)
                .path("State").asText().equals("Enabled"));

        // (4.1) Put Item, from newOrder.json as the seed writes it.
        Files.writeString(home.resolve("newOrder.json"), """
                {
                     "Id": {"N": "1.0"},
                     "Amount": {"N": "1000.0"}
                 }
                """);
        run("dynamodb", "put-item", "--table-name", "Orders", "--item", "file://newOrder.json", "--profile", PROFILE);

        // (4.2) View Lambda Log: the latest stream of describe-log-streams, then get-log-events on it (the seed gives
        // no --profile there). Lines are written in batches: REPORT may come a flush after the function's own line.
        List<String> messages = new ArrayList<>();
        await("the keys and the REPORT line in " + LOG_GROUP, () -> {
            messages.clear();
            AwsCli.Result described = aws.run(CALL_TIMEOUT,
                    List.of("logs", "describe-log-streams", "--log-group-name", LOG_GROUP, "--profile", PROFILE));
            if (described.exitCode() != 0 && described.stderr().contains("ResourceNotFoundException")) {
                return false; // the group comes with the function's first line
            }
            assertEquals(0, described.exitCode(), described.stderr());
            JsonNode streams = JSON.readTree(described.stdout()).path("logStreams");
            if (streams.isEmpty()) {
                return false;
            }
            String latest = streams.get(streams.size() - 1).path("logStreamName").asText();
            assertTrue(latest.matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"), latest);
            json("logs", "get-log-events", "--log-group-name", LOG_GROUP, "--log-stream-name", latest)
                    .path("events").forEach(event -> messages.add(event.path("message").asText()));
            return messages.stream().anyMatch(m -> m.contains("stream record keys"))
                    && messages.stream().anyMatch(m -> m.startsWith("REPORT RequestId: "));
        });
        String keys = messages.stream().filter(m -> m.contains("stream record keys")).findFirst().orElseThrow();
        // KEYS_ONLY: the keys, no image.
        assertTrue(keys.contains("\"keys\":{\"Amount\":1000,\"Id\":1}"), keys);
        assertFalse(keys.contains("NewImage"), keys);
        assertTrue(messages.get(0).startsWith("START RequestId: "), messages.toString());

        // aws logs tail (CLI v2; FilterLogEvents underneath): the same lines, each with its stream.
        String tail = run("logs", "tail", LOG_GROUP, "--since", "10m", "--profile", PROFILE).stdout();
        assertTrue(tail.lines().anyMatch(line -> line.contains("[$LATEST]") && line.contains("\"keys\":{\"Amount\":1000,\"Id\":1}")),
                tail);
        assertTrue(tail.lines().anyMatch(line -> line.contains("REPORT RequestId: ")), tail);
        String shortTail = run("logs", "tail", LOG_GROUP, "--since", "10m", "--format", "short", "--profile", PROFILE).stdout();
        assertTrue(shortTail.lines().anyMatch(line -> line.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2} \\{.*")
                && line.contains("\"keys\":{\"Amount\":1000,\"Id\":1}")), shortTail);

        // aws logs tail --follow: started, a second order put, its keys awaited in the output, the process stopped.
        Path followed = home.resolve("follow.txt");
        Process follow = aws.start(List.of("logs", "tail", LOG_GROUP, "--follow", "--format", "short", "--profile", PROFILE),
                followed);
        try {
            await("the first order in the followed output",
                    () -> Files.readString(followed).contains("\"keys\":{\"Amount\":1000,\"Id\":1}"));
            run("dynamodb", "put-item", "--table-name", "Orders", "--item",
                    "{\"Id\": {\"N\": \"2\"}, \"Amount\": {\"N\": \"2000\"}}", "--profile", PROFILE);
            await("the second order's keys in the followed output",
                    () -> Files.readString(followed).contains("\"keys\":{\"Amount\":2000,\"Id\":2}"));
            assertTrue(follow.isAlive(), "--follow keeps running");
        } finally {
            follow.destroy();
            if (!follow.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                follow.destroyForcibly();
            }
        }
        String followedOutput = Files.readString(followed);
        assertEquals(1, followedOutput.lines().filter(line -> line.contains("\"keys\":{\"Amount\":1000,\"Id\":1}")).count(),
                "each line once: --follow asks again from the last timestamp and drops the events it already printed\n"
                        + followedOutput);

        // (5) Teardown.
        run("dynamodb", "delete-table", "--table-name", "Orders", "--profile", PROFILE);
        System.out.printf("AwsCliSeedReplayIT: seed 001 replayed with the CLI in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    private static AwsCli.Result run(String... arguments) throws IOException {
        AwsCli.Result result = aws.run(CALL_TIMEOUT, List.of(arguments));
        assertEquals(0, result.exitCode(), "aws " + String.join(" ", arguments) + " failed:\n" + result.stderr());
        return result;
    }

    private static JsonNode json(String... arguments) throws IOException {
        return JSON.readTree(run(arguments).stdout());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
