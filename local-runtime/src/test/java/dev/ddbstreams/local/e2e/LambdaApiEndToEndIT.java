package dev.ddbstreams.local.e2e;

import static dev.ddbstreams.local.e2e.EmptyRuntime.LAMBDA_TRUST_POLICY;
import static dev.ddbstreams.local.e2e.EmptyRuntime.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddbstreams.local.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * Seed 001 ("Integrate with DynamoDB") against {@code make run ARGS=--empty}, every step through the AWS endpoint with
 * the SDK v2, as the walkthrough does with the AWS CLI: CreateTable with a KEYS_ONLY stream, CreateFunction from
 * event-logger's jar (the handler {@code orders-keys-logger} has in terraform/wiring.json), CreateEventSourceMapping
 * with batch size 1 from LATEST, PutItem, and the keys in {@code /aws/lambda/<function>} (DescribeLogStreams,
 * GetLogEvents). The function runs in its own JVM through the Runtime Interface Client.
 */
class LambdaApiEndToEndIT {

    private static final String FUNCTION = "dynamoDBEventLogger";

    private static EmptyRuntime local;
    private static DynamoDbClient dynamoDb;
    private static IamClient iam;
    private static LambdaClient lambda;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        local = EmptyRuntime.start();
        dynamoDb = local.aws.dynamoDb();
        iam = local.aws.iam();
        lambda = local.aws.lambda();
        logs = local.aws.logs();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    void seed001_aFunctionCreatedThroughTheLambdaApi_logsTheKeysOfEachStreamRecord_toCloudWatchLogs() throws Exception {
        assertEquals(List.of(), lambda.listFunctions().functions(), "--empty provisions nothing");
        assertEquals(List.of(), dynamoDb.listTables().tableNames());

        String streamArn = dynamoDb.createTable(b -> b.tableName("Orders")
                .attributeDefinitions(a -> a.attributeName("Id").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("Amount").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("Id").keyType(KeyType.HASH),
                        k -> k.attributeName("Amount").keyType(KeyType.RANGE))
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription().latestStreamArn();
        String roleArn = iam.createRole(b -> b.roleName("lambda-cli-role")
                .assumeRolePolicyDocument(LAMBDA_TRUST_POLICY)).role().arn();
        // The seed's role is made beforehand; to create its mapping AWS requires the role to read the stream (with IAM
        // enforced, so does the endpoint): the AWS managed policy the Lambda guide attaches for DynamoDB triggers.
        // https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-eventsourcemapping.html
        iam.attachRolePolicy(b -> b.roleName("lambda-cli-role")
                .policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"));
        Path root = RepositoryRoot.find();
        String handler = Wiring.load(root.resolve("terraform/wiring.json")).functions().get("orders-keys-logger").handler();
        Path jarFile = root.resolve("event-logger/target/event-logger.jar");
        assumeTrue(Files.isRegularFile(jarFile), jarFile + " is not built (`make build` builds it)");
        byte[] jar = Files.readAllBytes(jarFile);

        lambda.createFunction(b -> b.functionName(FUNCTION).runtime(Runtime.JAVA21).role(roleArn).handler(handler)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
        await(() -> lambda.getFunctionConfiguration(b -> b.functionName(FUNCTION)).state() == State.ACTIVE,
                "the function Active");
        String uuid = lambda.createEventSourceMapping(b -> b.functionName(FUNCTION).batchSize(1)
                .startingPosition(EventSourcePosition.LATEST).eventSourceArn(streamArn)).uuid();
        await(() -> "Enabled".equals(lambda.getEventSourceMapping(b -> b.uuid(uuid)).state()), "the mapping Enabled");

        dynamoDb.putItem(b -> b.tableName("Orders").item(Map.of("Id", AttributeValue.fromN("1.0"),
                "Amount", AttributeValue.fromN("1000.0"))));

        String group = "/aws/lambda/" + FUNCTION;
        List<String> messages = new ArrayList<>();
        await(() -> {
            messages.clear();
            logs.describeLogStreams(b -> b.logGroupName(group)).logStreams().forEach(stream -> logs.getLogEvents(
                    b -> b.logGroupName(group).logStreamName(stream.logStreamName()).startFromHead(true)).events()
                    .stream().map(OutputLogEvent::message).forEach(messages::add));
            // Lines are written in batches: the REPORT line may come a flush after the function's own line.
            return messages.stream().anyMatch(message -> message.contains("stream record keys"))
                    && messages.stream().anyMatch(message -> message.startsWith("REPORT RequestId: "));
        }, "the keys and the REPORT line in " + group);
        String keys = messages.stream().filter(message -> message.contains("stream record keys")).findFirst().orElseThrow();
        assertTrue(keys.contains("\"Id\"") && keys.contains("\"Amount\"") && keys.contains("1000"), keys);
        assertTrue(messages.stream().anyMatch(message -> message.startsWith("START RequestId: ")), messages.toString());
        assertTrue(messages.stream().anyMatch(message -> message.startsWith("REPORT RequestId: ")), messages.toString());
        await(() -> "OK".equals(lambda.getEventSourceMapping(b -> b.uuid(uuid)).lastProcessingResult()),
                "LastProcessingResult OK");

        // Changed while the runtime runs: a deleted table's mapping reports it, a deleted mapping stops polling.
        dynamoDb.deleteTable(b -> b.tableName("Orders"));
        String problem = lambda.getEventSourceMapping(b -> b.uuid(uuid)).lastProcessingResult();
        assertTrue(problem.equals("PROBLEM: Stream is disabled: " + streamArn)
                || problem.equals("PROBLEM: Stream not found: " + streamArn), problem);
        assertTrue(local.runtime.status().mappings().stream().anyMatch(mapping -> mapping.name().equals(uuid)));
        lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
        await(() -> local.runtime.status().mappings().stream().noneMatch(mapping -> mapping.name().equals(uuid)),
                "the deleted mapping's poller gone");
    }
}
