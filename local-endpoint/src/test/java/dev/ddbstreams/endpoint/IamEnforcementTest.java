package dev.ddbstreams.endpoint;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.endpoint.routing.AwsService;
import dev.ddbstreams.kinesis.KinesisEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IAM enforcement through the SDK v2: a function's calls, signed with its role's session credentials, are allowed only
 * as far as the role's identity-based policies allow, and refused with each service's AccessDenied error and AWS's
 * message form; calls signed with any other credentials act as the account's root.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy evaluation logic</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html">Access denied error messages</a>
 */
class IamEnforcementTest {
    private static final String ACCOUNT = "000000000000";
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/";
    private static DynamoDbEngine dynamoDb;
    private static ElasticMq elasticMq;
    private static KinesisEngine kinesis;
    private static EdgeEndpoint edge;
    private static EdgeEndpoint openEdge;
    private static DynamoDbClient rootDynamoDb;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbEngine.inMemory(0);
        elasticMq = ElasticMq.start(0);
        kinesis = KinesisEngine.inMemory(0);
        edge = edge(true);
        openEdge = edge(false);
        rootDynamoDb = EdgeFixture.client(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint());
        for (String table : new String[]{"notes", "other"}) {
            rootDynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("user").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byUser")
                            .keySchema(KeySchemaElement.builder().attributeName("user").keyType(KeyType.HASH).build())
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
        }
    }

    private static EdgeEndpoint edge(boolean enforce) {
        return EdgeEndpoint.builder().port(0).enforceIam(enforce)
                .forward(AwsService.DYNAMODB, dynamoDb.endpoint()).forward(AwsService.DYNAMODB_STREAMS, dynamoDb.endpoint())
                .forward(AwsService.SQS, elasticMq.endpoint()).forward(AwsService.KINESIS, kinesis.endpoint())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        rootDynamoDb.close();
        edge.close();
        openEdge.close();
        kinesis.close();
        elasticMq.close();
        dynamoDb.close();
    }

    /** A role with the given inline policies (name -> document), and a function's credentials for it. */
    private static AssumedRoleSession function(EdgeEndpoint on, String role, String function, Map<String, String> inlinePolicies) {
        try (IamClient iam = EdgeFixture.iam(on)) {
            String arn = iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com"))).role().arn();
            inlinePolicies.forEach((name, document) -> iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(document)));
            return on.functionCredentials(arn, function);
        }
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C as(
            AssumedRoleSession session, B builder, EdgeEndpoint on) {
        return EdgeFixture.client(builder, on.endpoint(), StaticCredentialsProvider.create(
                AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken())));
    }

    private static DynamoDbClient dynamoDbAs(AssumedRoleSession session) {
        return as(session, DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), edge);
    }

    private static String allow(String actions, String resources) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":" + resources + "}]}";
    }

    private static Map<String, AttributeValue> item(String id) {
        return Map.of("id", AttributeValue.fromS(id), "user", AttributeValue.fromS("u1"));
    }

    private static AwsServiceException denied(Runnable call) {
        return assertThrows(AwsServiceException.class, call::run);
    }

    @Test
    void inlinePolicy_allowsPutItemOnItsTable_andDeniesTheRestWithAwsMessage() {
        AssumedRoleSession session = function(edge, "notes-writer", "notes-api", Map.of("least-privilege",
                allow("\"dynamodb:PutItem\"", "\"" + TABLE_ARN + "notes\"")));
        try (DynamoDbClient ddb = dynamoDbAs(session)) {
            assertDoesNotThrow(() -> ddb.putItem(r -> r.tableName("notes").item(item("a"))));

            AwsServiceException getItem = denied(() -> ddb.getItem(r -> r.tableName("notes").key(Map.of("id", AttributeValue.fromS("a")))));
            assertEquals("AccessDeniedException", getItem.awsErrorDetails().errorCode());
            assertEquals(400, getItem.statusCode());
            assertEquals("User: arn:aws:sts::000000000000:assumed-role/notes-writer/notes-api is not authorized to perform: "
                    + "dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/notes because no "
                    + "identity-based policy allows the dynamodb:GetItem action", getItem.awsErrorDetails().errorMessage());

            AwsServiceException otherTable = denied(() -> ddb.putItem(r -> r.tableName("other").item(item("x"))));
            assertTrue(otherTable.awsErrorDetails().errorMessage().contains("dynamodb:PutItem on resource: " + TABLE_ARN + "other because"),
                    otherTable.awsErrorDetails().errorMessage());
        }
        // The refused write never reached the table.
        assertFalse(rootDynamoDb.getItem(r -> r.tableName("other").key(Map.of("id", AttributeValue.fromS("x")))).hasItem());
    }

    @Test
    void explicitDeny_winsOverAnAllow_andTheRequestNeverReachesTheTable() {
        AssumedRoleSession session = function(edge, "no-deletes", "cleaner", Map.of("all", allow("\"dynamodb:*\"", "\"*\""),
                "no-delete", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"dynamodb:DeleteItem\",\"Resource\":\"" + TABLE_ARN + "notes\"}}"));
        rootDynamoDb.putItem(r -> r.tableName("notes").item(item("keep")));
        try (DynamoDbClient ddb = dynamoDbAs(session)) {
            AwsServiceException delete = denied(() -> ddb.deleteItem(r -> r.tableName("notes").key(Map.of("id", AttributeValue.fromS("keep")))));
            assertEquals("User: arn:aws:sts::000000000000:assumed-role/no-deletes/cleaner is not authorized to perform: "
                    + "dynamodb:DeleteItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/notes with an explicit "
                    + "deny in an identity-based policy", delete.awsErrorDetails().errorMessage());
            assertTrue(ddb.getItem(r -> r.tableName("notes").key(Map.of("id", AttributeValue.fromS("keep")))).hasItem());
        }
    }

    @Test
    void attachedManagedPolicies_customerAndAwsManaged_allow() {
        AssumedRoleSession session = function(edge, "reader", "stream-reader", Map.of());
        try (IamClient iam = EdgeFixture.iam(edge)) {
            String policy = iam.createPolicy(r -> r.policyName("read-notes").policyDocument(allow("[\"dynamodb:GetItem\"]", "\"" + TABLE_ARN + "notes\""))).policy().arn();
            iam.attachRolePolicy(r -> r.roleName("reader").policyArn(policy));
            iam.attachRolePolicy(r -> r.roleName("reader").policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"));
        }
        rootDynamoDb.putItem(r -> r.tableName("notes").item(item("streamed")));
        try (DynamoDbClient ddb = dynamoDbAs(session);
             DynamoDbStreamsClient streams = as(session, DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge)) {
            assertTrue(ddb.getItem(r -> r.tableName("notes").key(Map.of("id", AttributeValue.fromS("streamed")))).hasItem());
            // AWSLambdaDynamoDBExecutionRole: DescribeStream, GetShardIterator, GetRecords (stream ARNs), ListStreams.
            String streamArn = streams.listStreams(r -> r.tableName("notes")).streams().get(0).streamArn();
            String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertFalse(streams.getRecords(r -> r.shardIterator(iterator)).records().isEmpty());
            // Nothing in either policy allows writing.
            denied(() -> ddb.putItem(r -> r.tableName("notes").item(item("no"))));
        }
    }

    @Test
    void streamRead_isCheckedOnTheStreamArn() {
        String streamArn;
        try (DynamoDbStreamsClient rootStreams = EdgeFixture.client(DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            streamArn = rootStreams.listStreams(r -> r.tableName("other")).streams().get(0).streamArn();
        }
        AssumedRoleSession session = function(edge, "other-stream", "other-reader", Map.of("describe-notes-stream-only",
                allow("\"dynamodb:DescribeStream\"", "\"" + TABLE_ARN + "notes/stream/*\"")));
        try (DynamoDbStreamsClient streams = as(session, DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge)) {
            AwsServiceException describe = denied(() -> streams.describeStream(r -> r.streamArn(streamArn)));
            assertTrue(describe.awsErrorDetails().errorMessage().contains("dynamodb:DescribeStream on resource: " + streamArn + " because"),
                    describe.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void notAction_allowsEverythingButTheListedActions() {
        AssumedRoleSession session = function(edge, "not-action", "not-deleter", Map.of("p",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"dynamodb:DeleteItem\",\"Resource\":\"*\"}]}"));
        try (DynamoDbClient ddb = dynamoDbAs(session)) {
            ddb.putItem(r -> r.tableName("other").item(item("n")));
            assertTrue(ddb.getItem(r -> r.tableName("other").key(Map.of("id", AttributeValue.fromS("n")))).hasItem());
            denied(() -> ddb.deleteItem(r -> r.tableName("other").key(Map.of("id", AttributeValue.fromS("n")))));
        }
    }

    @Test
    void queryOnAnIndex_isCheckedOnTheIndexArn_andWildcardsMatchIt() {
        AssumedRoleSession session = function(edge, "index-reader", "by-user", Map.of("p",
                allow("\"dynamodb:Query\"", "\"arn:aws:dynamodb:*:*:table/notes/index/*\"")));
        try (DynamoDbClient ddb = dynamoDbAs(session)) {
            assertDoesNotThrow(() -> ddb.query(r -> r.tableName("notes").indexName("byUser").keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", "user")).expressionAttributeValues(Map.of(":u", AttributeValue.fromS("u1")))));
            AwsServiceException onTable = denied(() -> ddb.query(r -> r.tableName("notes").keyConditionExpression("id = :i")
                    .expressionAttributeValues(Map.of(":i", AttributeValue.fromS("a")))));
            assertTrue(onTable.awsErrorDetails().errorMessage().contains("dynamodb:Query on resource: " + TABLE_ARN + "notes because"),
                    onTable.awsErrorDetails().errorMessage());
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    void transactWriteItems_isCheckedPerItemAction() {
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
        AssumedRoleSession session = function(edge, "tx", "tx-writer", Map.of("p",
                allow("[\"dynamodb:PutItem\",\"dynamodb:ConditionCheckItem\"]", "\"" + TABLE_ARN + "notes\"")));
        try (DynamoDbClient ddb = dynamoDbAs(session)) {
            assertDoesNotThrow(() -> ddb.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName("notes").item(item("tx1"))))));
            AwsServiceException update = denied(() -> ddb.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName("notes").item(item("tx2"))),
                    t -> t.update(u -> u.tableName("notes").key(Map.of("id", AttributeValue.fromS("tx1"))).updateExpression("SET v = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("1")))))));
            assertTrue(update.awsErrorDetails().errorMessage().contains("dynamodb:UpdateItem on resource: " + TABLE_ARN + "notes"),
                    update.awsErrorDetails().errorMessage());
        }
        assertFalse(rootDynamoDb.getItem(r -> r.tableName("notes").key(Map.of("id", AttributeValue.fromS("tx2")))).hasItem());
    }

    @Test
    void sqsSendMessage_toAnAllowedAndANotAllowedQueue() {
        String allowedUrl;
        String otherUrl;
        try (SqsClient root = EdgeFixture.client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            allowedUrl = root.createQueue(r -> r.queueName("word-count")).queueUrl();
            otherUrl = root.createQueue(r -> r.queueName("elsewhere")).queueUrl();
        }
        AssumedRoleSession session = function(edge, "sender", "notes-producer", Map.of("p",
                allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:us-east-1:000000000000:word-count\"")));
        try (SqsClient sqs = as(session, SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge)) {
            assertDoesNotThrow(() -> sqs.sendMessage(r -> r.queueUrl(allowedUrl).messageBody("hello")));
            AwsServiceException send = denied(() -> sqs.sendMessage(r -> r.queueUrl(otherUrl).messageBody("no")));
            assertEquals("AccessDenied", send.awsErrorDetails().errorCode());
            assertEquals(403, send.statusCode());
            // SQS writes the action in lower case, also for a batch (recorded in aws/serverless-application-model#3633).
            assertEquals("User: arn:aws:sts::000000000000:assumed-role/sender/notes-producer is not authorized to perform: "
                    + "sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:elsewhere because no identity-based "
                    + "policy allows the sqs:sendmessage action", send.awsErrorDetails().errorMessage());
            AwsServiceException batch = denied(() -> sqs.sendMessageBatch(r -> r.queueUrl(otherUrl)
                    .entries(SendMessageBatchRequestEntry.builder().id("1").messageBody("no").build())));
            assertEquals(send.awsErrorDetails().errorMessage(), batch.awsErrorDetails().errorMessage());
            // Receiving was never granted.
            denied(() -> sqs.receiveMessage(r -> r.queueUrl(allowedUrl)));
        }
        try (SqsClient root = EdgeFixture.client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            assertTrue(root.receiveMessage(r -> r.queueUrl(otherUrl).waitTimeSeconds(0)).messages().isEmpty());
        }
    }

    @Test
    void sqsQueryProtocol_deniedAsAccessDeniedXml() {
        AssumedRoleSession session = function(edge, "query-sender", "query-fn", Map.of());
        try (SqsClient root = EdgeFixture.client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            root.createQueue(r -> r.queueName("query-q"));
        }
        var response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                        "Authorization", "AWS4-HMAC-SHA256 Credential=" + session.accessKeyId() + "/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"),
                "Action=SendMessage&QueueUrl=http%3A%2F%2F127.0.0.1%2F000000000000%2Fquery-q&MessageBody=x&Version=2012-11-05");
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("<Code>AccessDenied</Code>"), response.body());
        assertTrue(response.body().contains("sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:query-q"), response.body());
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    void kinesis_putRecordAllowedOnItsStream_putRecordsIsItsOwnAction() {
        try (KinesisClient root = EdgeFixture.client(KinesisClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            root.createStream(r -> r.streamName("events").shardCount(1));
            root.createStream(r -> r.streamName("private").shardCount(1));
            waitActive(root, "events");
            waitActive(root, "private");
        }
        AssumedRoleSession session = function(edge, "producer", "event-producer", Map.of("p",
                allow("\"kinesis:PutRecord\"", "\"arn:aws:kinesis:us-east-1:000000000000:stream/events\"")));
        try (KinesisClient kinesisAs = as(session, KinesisClient.builder().httpClient(UrlConnectionHttpClient.create()), edge)) {
            assertDoesNotThrow(() -> kinesisAs.putRecord(r -> r.streamName("events").partitionKey("k").data(SdkBytes.fromUtf8String("x"))));
            AwsServiceException other = denied(() -> kinesisAs.putRecord(r -> r.streamName("private").partitionKey("k").data(SdkBytes.fromUtf8String("x"))));
            assertEquals("AccessDeniedException", other.awsErrorDetails().errorCode());
            assertTrue(other.awsErrorDetails().errorMessage().contains("kinesis:PutRecord on resource: arn:aws:kinesis:us-east-1:000000000000:stream/private because"),
                    other.awsErrorDetails().errorMessage());
            AwsServiceException batch = denied(() -> kinesisAs.putRecords(r -> r.streamName("events")
                    .records(e -> e.partitionKey("k").data(SdkBytes.fromUtf8String("x")))));
            assertTrue(batch.awsErrorDetails().errorMessage().contains("kinesis:PutRecords on resource"), batch.awsErrorDetails().errorMessage());
        }
    }

    private static void waitActive(KinesisClient client, String stream) {
        for (int i = 0; i < 100; i++) {
            if (client.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamStatusAsString().equals("ACTIVE")) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    void logs_streamActionsOnTheGroupsStar_createLogGroupOnTheGroupArn() {
        try (CloudWatchLogsClient root = EdgeFixture.logs(edge)) {
            root.createLogGroup(r -> r.logGroupName("/aws/lambda/fn"));
        }
        // The policy the project's function module writes: CreateLogStream and PutLogEvents on "<group arn>:*".
        AssumedRoleSession session = function(edge, "logger", "fn", Map.of("p",
                allow("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]", "\"arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*\"")));
        try (CloudWatchLogsClient logs = as(session, CloudWatchLogsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge)) {
            logs.createLogStream(r -> r.logGroupName("/aws/lambda/fn").logStreamName("s1"));
            logs.putLogEvents(r -> r.logGroupName("/aws/lambda/fn").logStreamName("s1")
                    .logEvents(e -> e.timestamp(System.currentTimeMillis()).message("hello")));
            AwsServiceException create = denied(() -> logs.createLogGroup(r -> r.logGroupName("/aws/lambda/other")));
            assertEquals("AccessDeniedException", create.awsErrorDetails().errorCode());
            assertTrue(create.awsErrorDetails().errorMessage().contains("logs:CreateLogGroup on resource: "
                    + "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/other:log-stream: because"), create.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void unsupportedCondition_isRefusedWithTheKeyNamed_notSilentlyAllowed() {
        AssumedRoleSession session = function(edge, "leading-keys", "tenant", Map.of("fine-grained",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\","
                        + "\"Condition\":{\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\":[\"a\"]}}}}"));
        try (DynamoDbClient ddb = dynamoDbAs(session)) {
            AwsServiceException get = denied(() -> ddb.getItem(r -> r.tableName("notes").key(Map.of("id", AttributeValue.fromS("a")))));
            assertTrue(get.awsErrorDetails().errorMessage().contains("cannot evaluate the condition operator ForAllValues:StringEquals (key dynamodb:LeadingKeys)"),
                    get.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void functionCredentials_identifyTheRoleSession_andGetCallerIdentityNeedsNoPermission() {
        AssumedRoleSession session = function(edge, "whoami", "who", Map.of());
        try (StsClient sts = as(session, StsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge)) {
            assertEquals("arn:aws:sts::000000000000:assumed-role/whoami/who", sts.getCallerIdentity().arn());
        }
    }

    @Test
    void rootCredentials_areNotEvaluated() {
        // EdgeFixture's keys were not issued by the endpoint: they act as the account's root.
        assertDoesNotThrow(() -> rootDynamoDb.deleteItem(r -> r.tableName("other").key(Map.of("id", AttributeValue.fromS("none")))));
    }

    @Test
    void enforcementOff_allowsWhatThePoliciesDoNot() {
        AssumedRoleSession session = function(openEdge, "no-permissions", "anything", Map.of());
        try (DynamoDbClient ddb = as(session, DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), openEdge)) {
            assertDoesNotThrow(() -> ddb.putItem(r -> r.tableName("other").item(item("open"))));
        }
    }

    /**
     * A session's credentials stop working when it expires: "The security token included in the request is expired"
     * (ExpiredTokenException), not silently taken as root.
     *
     * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html">STS common errors</a>
     */
    @Test
    void expiredFunctionCredentials_areRefusedAsExpired() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now.get());
            }
        };
        try (EdgeEndpoint clocked = EdgeEndpoint.builder().port(0).enforceIam(true).clock(clock)
                .forward(AwsService.DYNAMODB, dynamoDb.endpoint()).start()) {
            AssumedRoleSession session = function(clocked, "short-lived", "fn", Map.of("p", allow("\"dynamodb:*\"", "\"*\"")));
            try (DynamoDbClient ddb = as(session, DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()), clocked)) {
                assertDoesNotThrow(() -> ddb.putItem(r -> r.tableName("other").item(item("fresh"))));
                now.addAndGet(EdgeEndpoint.FUNCTION_CREDENTIALS_VALIDITY.toMillis() + 1);
                AwsServiceException expired = denied(() -> ddb.putItem(r -> r.tableName("other").item(item("stale"))));
                assertEquals("ExpiredTokenException", expired.awsErrorDetails().errorCode());
                assertEquals("The security token included in the request is expired", expired.awsErrorDetails().errorMessage());
            }
        }
    }

    @Test
    void authorize_decidesForARoleWithoutARequest() {
        try (IamClient iam = EdgeFixture.iam(openEdge)) {
            String role = iam.createRole(r -> r.roleName("mapping-role").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com"))).role().arn();
            iam.attachRolePolicy(r -> r.roleName("mapping-role").policyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"));
            assertTrue(openEdge.authorize(role, "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:000000000000:q").allowed());
            assertEquals(dev.ddbstreams.endpoint.iam.policy.Decision.Outcome.IMPLICIT_DENY,
                    openEdge.authorize(role, "sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:q").outcome());
        }
    }

    @Test
    void unknownRole_isRefusedByFunctionCredentials() {
        assertThrows(IllegalArgumentException.class, () -> edge.functionCredentials("arn:aws:iam::000000000000:role/missing", "fn"));
    }

}
