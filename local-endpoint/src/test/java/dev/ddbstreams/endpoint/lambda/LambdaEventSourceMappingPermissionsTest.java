package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.EdgeEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With IAM enforced, CreateEventSourceMapping and UpdateEventSourceMapping check the function's execution role as AWS
 * does: it must be allowed to read the source and to send to the on-failure destination, else
 * {@code InvalidParameterValueException} with AWS's text (sources of each text in {@link EventSourceMappingPermissions}).
 * Roles and policies are made through IAM's API; mappings through the Lambda API, both over HTTP with the SDK v2.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Lambda with DynamoDB (execution role permissions)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#events-kinesis-permissions">Kinesis execution role permissions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions">SQS execution role permissions</a>
 */
class LambdaEventSourceMappingPermissionsTest {
    private static final String ACCOUNT = "000000000000";
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/notes/stream/2026-01-01T00:00:00.000";
    private static final String KINESIS = "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/events";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":jobs";
    private static final String FAILURES = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":failures";
    private static final String OTHER_FAILURES = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":other-failures";
    private static final String DDB_READ = "\"dynamodb:GetRecords\",\"dynamodb:GetShardIterator\",\"dynamodb:DescribeStream\",\"dynamodb:ListStreams\"";
    private static final String STREAM_DENIED = "Cannot access stream " + STREAM + ". Please ensure the role can perform the "
            + "GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.";

    private static LambdaFixture fixture;
    private static LambdaClient lambda;
    private static IamClient iam;
    private static final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    static void start() {
        fixture = new LambdaFixture(EdgeEndpoint.builder().port(0).enforceIam(true));
        lambda = fixture.lambda;
        iam = IamClient.builder().endpointOverride(fixture.edge.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        iam.close();
        fixture.close();
    }

    /** A function whose execution role has exactly these inline statements (JSON objects); returns its name. */
    private static String functionWithPolicy(String... statements) {
        String name = "fn-" + names.incrementAndGet();
        String roleArn = iam.createRole(r -> r.roleName(name + "-role").assumeRolePolicyDocument(LambdaFixture.TRUST_LAMBDA)).role().arn();
        if (statements.length > 0) {
            putPolicy(name, statements);
        }
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler("example.Handler::handleRequest")
                .role(roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar(name)))));
        return name;
    }

    /** Replaces the function's role's inline policy (evaluated on each later check: no restart, no cache). */
    private static void putPolicy(String function, String... statements) {
        iam.putRolePolicy(r -> r.roleName(function + "-role").policyName("least-privilege")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}"));
    }

    private static String allow(String actions, String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":[" + actions + "],\"Resource\":\"" + resource + "\"}";
    }

    private static String refusal(Consumer<CreateEventSourceMappingRequest.Builder> request) {
        InvalidParameterValueException refused = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(request));
        assertEquals(400, refused.statusCode());
        return refused.awsErrorDetails().errorMessage();
    }

    // ---- DynamoDB streams -------------------------------------------------------------------------------------------

    /** The DynamoDB guide's policy (all four actions on table/<t>/stream/*) is enough; the mapping is created. */
    @Test
    void dynamodbStream_documentedPolicy_isAccepted() throws Exception {
        String fn = functionWithPolicy(allow(DDB_READ, "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/notes/stream/*"));
        var created = lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.TRIM_HORIZON));
        assertEquals("Creating", created.state());
        LambdaFixture.await(() -> fixture.mappings.applied.containsKey(created.uuid()), "the host to apply the mapping");
    }

    /** Each of the four read actions is required: without any one of them, AWS's "Cannot access stream" refusal. */
    @Test
    void dynamodbStream_eachReadActionMissing_isRefusedWithAwsText() {
        List<String> actions = List.of("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams");
        for (String missing : actions) {
            String granted = String.join(",", actions.stream().filter(a -> !a.equals(missing)).map(a -> "\"" + a + "\"").toList());
            String fn = functionWithPolicy(allow(granted, STREAM));
            assertEquals(STREAM_DENIED, refusal(r -> r.functionName(fn).eventSourceArn(STREAM)
                    .startingPosition(EventSourcePosition.LATEST)), "without " + missing);
        }
    }

    /** The AWS managed AWSLambdaDynamoDBExecutionRole (resources "*") is enough, as the console suggests. */
    @Test
    void dynamodbStream_awsManagedPolicy_isAccepted() {
        String fn = functionWithPolicy();
        iam.attachRolePolicy(r -> r.roleName(fn + "-role").policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"));
        assertNotNull(lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)).uuid());
    }

    /** An explicit Deny of one read action wins over an Allow of dynamodb:*. */
    @Test
    void dynamodbStream_explicitDeny_isRefused() {
        String fn = functionWithPolicy(allow("\"dynamodb:*\"", "*"),
                "{\"Effect\":\"Deny\",\"Action\":\"dynamodb:GetRecords\",\"Resource\":\"" + STREAM + "\"}");
        assertEquals(STREAM_DENIED, refusal(r -> r.functionName(fn).eventSourceArn(STREAM).startingPosition(EventSourcePosition.LATEST)));
    }

    /** A refused mapping is not stored and never reaches the poller host. */
    @Test
    void refusedMapping_isNeitherStoredNorApplied() {
        String fn = functionWithPolicy();
        refusal(r -> r.functionName(fn).eventSourceArn(STREAM).startingPosition(EventSourcePosition.LATEST));
        assertTrue(lambda.listEventSourceMappings(r -> r.functionName(fn)).eventSourceMappings().isEmpty());
        assertTrue(fixture.mappings.applied.values().stream().noneMatch(m -> m.functionName().equals(fn)));
    }

    // ---- Kinesis ----------------------------------------------------------------------------------------------------

    /** The CDK's KinesisEventSource grant (no ListStreams) is accepted; without DescribeStream, AWS's Kinesis text. */
    @Test
    void kinesisStream_cdkGrantAccepted_describeStreamRequired() {
        String cdkGrant = "\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\","
                + "\"kinesis:GetShardIterator\",\"kinesis:ListShards\",\"kinesis:SubscribeToShard\"";
        String fn = functionWithPolicy(allow(cdkGrant, KINESIS));
        assertNotNull(lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(KINESIS)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)).uuid());

        String withoutDescribe = functionWithPolicy(allow(cdkGrant.replace("\"kinesis:DescribeStream\",", ""), KINESIS));
        assertEquals("Cannot access stream " + KINESIS + ". Please ensure the role can perform the GetRecords, GetShardIterator, "
                        + "DescribeStream, ListShards, and ListStreams Actions on your stream in IAM.",
                refusal(r -> r.functionName(withoutDescribe).eventSourceArn(KINESIS).startingPosition(EventSourcePosition.TRIM_HORIZON)));
    }

    /** A stream consumer (enhanced fan-out) also needs kinesis:SubscribeToShard on the consumer. */
    @Test
    void kinesisConsumer_needsSubscribeToShard() {
        String consumer = KINESIS + "/consumer/lambda:1700000000";
        String read = "\"kinesis:DescribeStream\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"";
        String fn = functionWithPolicy(allow(read, KINESIS));
        assertTrue(refusal(r -> r.functionName(fn).eventSourceArn(consumer).startingPosition(EventSourcePosition.LATEST))
                .startsWith("Cannot access stream " + consumer + "."));
        putPolicy(fn, allow(read, KINESIS), allow("\"kinesis:SubscribeToShard\"", KINESIS + "/consumer/*"));
        assertNotNull(lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(consumer)
                .startingPosition(EventSourcePosition.LATEST)).uuid());
    }

    // ---- SQS --------------------------------------------------------------------------------------------------------

    /** Without ReceiveMessage, DeleteMessage or GetQueueAttributes: "...does not have permissions to call <it> on SQS". */
    @Test
    void sqsQueue_eachActionMissing_isNamedInTheRefusal() {
        List<String> actions = List.of("ReceiveMessage", "DeleteMessage", "GetQueueAttributes");
        for (String missing : actions) {
            String granted = String.join(",", actions.stream().filter(a -> !a.equals(missing)).map(a -> "\"sqs:" + a + "\"").toList());
            String fn = functionWithPolicy(allow(granted, QUEUE));
            assertEquals("The function execution role does not have permissions to call " + missing + " on SQS",
                    refusal(r -> r.functionName(fn).eventSourceArn(QUEUE)), "without sqs:" + missing);
        }
        String fn = functionWithPolicy(allow("\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\",\"sqs:GetQueueAttributes\"", QUEUE));
        assertNotNull(lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(QUEUE)).uuid());
    }

    // ---- on-failure destination -------------------------------------------------------------------------------------

    /** The on-failure queue needs sqs:SendMessage, at creation and when an update names another queue. */
    @Test
    void onFailureDestination_needsSendMessage_atCreationAndUpdate() throws Exception {
        String fn = functionWithPolicy(allow(DDB_READ, STREAM));
        assertEquals("The function execution role does not have permissions to call SendMessage on SQS",
                refusal(r -> r.functionName(fn).eventSourceArn(STREAM).startingPosition(EventSourcePosition.TRIM_HORIZON)
                        .destinationConfig(d -> d.onFailure(f -> f.destination(FAILURES)))));

        putPolicy(fn, allow(DDB_READ, STREAM), allow("\"sqs:SendMessage\"", FAILURES));
        var created = lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).destinationConfig(d -> d.onFailure(f -> f.destination(FAILURES))));
        LambdaFixture.await(() -> "Enabled".equals(lambda.getEventSourceMapping(r -> r.uuid(created.uuid())).state()), "Enabled");

        InvalidParameterValueException moved = assertThrows(InvalidParameterValueException.class,
                () -> lambda.updateEventSourceMapping(r -> r.uuid(created.uuid())
                        .destinationConfig(d -> d.onFailure(f -> f.destination(OTHER_FAILURES)))));
        assertEquals("The function execution role does not have permissions to call SendMessage on SQS", moved.awsErrorDetails().errorMessage());
        assertEquals(FAILURES, lambda.getEventSourceMapping(r -> r.uuid(created.uuid())).destinationConfig().onFailure().destination(),
                "a refused update changes nothing");

        // Changing something else does not check the (unchanged) destination again.
        assertEquals(50, lambda.updateEventSourceMapping(r -> r.uuid(created.uuid()).batchSize(50)).batchSize());
    }

    /** Moving a mapping to another function checks that function's role against the source. */
    @Test
    void updateToAnotherFunction_checksItsRole() throws Exception {
        String reader = functionWithPolicy(allow(DDB_READ, STREAM));
        String stranger = functionWithPolicy();
        var created = lambda.createEventSourceMapping(r -> r.functionName(reader).eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.TRIM_HORIZON));
        LambdaFixture.await(() -> "Enabled".equals(lambda.getEventSourceMapping(r -> r.uuid(created.uuid())).state()), "Enabled");
        InvalidParameterValueException refused = assertThrows(InvalidParameterValueException.class,
                () -> lambda.updateEventSourceMapping(r -> r.uuid(created.uuid()).functionName(stranger)));
        assertEquals(STREAM_DENIED, refused.awsErrorDetails().errorMessage());
        assertTrue(lambda.getEventSourceMapping(r -> r.uuid(created.uuid())).functionArn().endsWith(":function:" + reader));
    }

    /**
     * A permission removed after creation does not touch the stored mapping: AWS checks at creation; what a poller that
     * lost its read permission reports is the poller host's (LastProcessingResult).
     */
    @Test
    void permissionRemovedAfterCreation_leavesTheMappingAsItWas() throws Exception {
        String fn = functionWithPolicy(allow(DDB_READ, STREAM));
        var created = lambda.createEventSourceMapping(r -> r.functionName(fn).eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.TRIM_HORIZON));
        LambdaFixture.await(() -> "Enabled".equals(lambda.getEventSourceMapping(r -> r.uuid(created.uuid())).state()), "Enabled");
        iam.deleteRolePolicy(r -> r.roleName(fn + "-role").policyName("least-privilege"));
        var after = lambda.getEventSourceMapping(r -> r.uuid(created.uuid()));
        assertEquals("Enabled", after.state());
        assertEquals("OK", after.lastProcessingResult(), "LastProcessingResult is the host's");
    }

    /** A condition the endpoint cannot evaluate refuses (never silently allows) and the message says why. */
    @Test
    void unsupportedCondition_refusesAndSaysWhy() {
        String fn = functionWithPolicy("{\"Effect\":\"Allow\",\"Action\":[\"sqs:*\"],\"Resource\":\"" + QUEUE
                + "\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
        String message = refusal(r -> r.functionName(fn).eventSourceArn(QUEUE));
        assertTrue(message.startsWith("The function execution role does not have permissions to call ReceiveMessage on SQS ("), message);
        assertTrue(message.contains("cannot evaluate"), message);
    }

    /** Without enforcement (the builder's default), no role is checked: a role without any policy maps. */
    @Test
    void withoutEnforcement_noRoleIsChecked() throws Exception {
        try (LambdaFixture open = new LambdaFixture()) {
            open.createJavaFunction("consumer", "c");
            assertNotNull(open.lambda.createEventSourceMapping(r -> r.functionName("consumer").eventSourceArn(QUEUE)).uuid());
        }
    }
}
