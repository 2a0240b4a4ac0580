package dev.ddbstreams.endpoint.iam.enforcement;

import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Requests to (action, resource ARN) pairs, as the Service Authorization Reference gives them.
 */
class RequiredPermissionsTest {
    private static final String TABLES = "arn:aws:dynamodb:us-east-1:000000000000:table/";
    private final RequiredPermissions permissions = new RequiredPermissions("us-east-1", "000000000000");

    private static AwsRequest json(String target, String body) {
        return new AwsRequest("POST", "/", "", Map.of("x-amz-target", List.of(target),
                "content-type", List.of("application/x-amz-json-1.0")), body.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    private List<Permission> needed(AwsService service, AwsRequest request, Map<String, String> parameters) {
        return assertInstanceOf(RequiredPermissions.Resolution.Needed.class, permissions.resolve(service, request, parameters)).permissions();
    }

    private List<Permission> needed(AwsService service, AwsRequest request) {
        return needed(service, request, Map.of());
    }

    /** list_amazondynamodb.html: BatchGetItem and BatchWriteItem act on each table they touch. */
    @Test
    void batchOperations_onePermissionPerTable() {
        assertEquals(List.of(new Permission("dynamodb:BatchGetItem", TABLES + "a"), new Permission("dynamodb:BatchGetItem", TABLES + "b")),
                needed(AwsService.DYNAMODB, json("DynamoDB_20120810.BatchGetItem", "{\"RequestItems\":{\"a\":{},\"b\":{}}}")));
        assertEquals(List.of(new Permission("dynamodb:BatchWriteItem", TABLES + "a")),
                needed(AwsService.DYNAMODB, json("DynamoDB_20120810.BatchWriteItem", "{\"RequestItems\":{\"a\":[]}}")));
    }

    /** transaction-apis-iam.html: each transaction item is authorized as its underlying item action. */
    @Test
    void transactions_perItemAction() {
        assertEquals(List.of(new Permission("dynamodb:GetItem", TABLES + "a"), new Permission("dynamodb:GetItem", TABLES + "b")),
                needed(AwsService.DYNAMODB, json("DynamoDB_20120810.TransactGetItems",
                        "{\"TransactItems\":[{\"Get\":{\"TableName\":\"a\"}},{\"Get\":{\"TableName\":\"b\"}}]}")));
        assertEquals(List.of(new Permission("dynamodb:PutItem", TABLES + "a"), new Permission("dynamodb:DeleteItem", TABLES + "b"),
                        new Permission("dynamodb:ConditionCheckItem", TABLES + "a")),
                needed(AwsService.DYNAMODB, json("DynamoDB_20120810.TransactWriteItems",
                        "{\"TransactItems\":[{\"Put\":{\"TableName\":\"a\"}},{\"Delete\":{\"TableName\":\"b\"}},{\"ConditionCheck\":{\"TableName\":\"a\"}}]}")));
    }

    @Test
    void tableArnInTableName_isUsedAsIs_andAccountWideOperationsActOnStar() {
        assertEquals(List.of(new Permission("dynamodb:GetItem", TABLES + "x")),
                needed(AwsService.DYNAMODB, json("DynamoDB_20120810.GetItem", "{\"TableName\":\"" + TABLES + "x\"}")));
        assertEquals(List.of(new Permission("dynamodb:ListTables", "*")), needed(AwsService.DYNAMODB, json("DynamoDB_20120810.ListTables", "{}")));
        assertEquals(List.of(new Permission("dynamodb:Scan", TABLES + "t/index/i")),
                needed(AwsService.DYNAMODB, json("DynamoDB_20120810.Scan", "{\"TableName\":\"t\",\"IndexName\":\"i\"}")));
    }

    @Test
    void partiQl_isUnknown_notGuessed() {
        assertInstanceOf(RequiredPermissions.Resolution.Unknown.class, permissions.resolve(AwsService.DYNAMODB,
                json("DynamoDB_20120810.ExecuteStatement", "{\"Statement\":\"SELECT * FROM t\"}"), Map.of()));
    }

    /** DynamoDB Streams' GetRecords names its stream only in the shard iterator, which begins with the stream ARN. */
    @Test
    void streamsGetRecords_takesTheStreamFromTheIterator() {
        String stream = TABLES + "t/stream/2026-01-01T00:00:00.000";
        assertEquals(List.of(new Permission("dynamodb:GetRecords", stream)), needed(AwsService.DYNAMODB_STREAMS,
                json("DynamoDBStreams_20120810.GetRecords", "{\"ShardIterator\":\"" + stream + "|1|AAAA\"}")));
        assertEquals(List.of(new Permission("dynamodb:ListStreams", "*")), needed(AwsService.DYNAMODB_STREAMS,
                json("DynamoDBStreams_20120810.ListStreams", "{}")));
    }

    @Test
    void kinesisGetRecords_takesTheStreamFromTheEnginesIterator_andConsumersActOnTheirArn() {
        String iterator = Base64.getEncoder().encodeToString("1|events|0|0|0|0|crc".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Permission("kinesis:GetRecords", "arn:aws:kinesis:us-east-1:000000000000:stream/events")),
                needed(AwsService.KINESIS, json("Kinesis_20131202.GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}")));
        String consumer = "arn:aws:kinesis:us-east-1:000000000000:stream/events/consumer/c:1";
        assertEquals(List.of(new Permission("kinesis:SubscribeToShard", consumer)),
                needed(AwsService.KINESIS, json("Kinesis_20131202.SubscribeToShard", "{\"ConsumerARN\":\"" + consumer + "\"}")));
    }

    @Test
    void sqs_batchActionsAndQueueNames() {
        assertEquals(List.of(new Permission("sqs:DeleteMessage", "arn:aws:sqs:us-east-1:000000000000:q")),
                needed(AwsService.SQS, json("AmazonSQS.DeleteMessageBatch", "{\"QueueUrl\":\"http://127.0.0.1:4566/000000000000/q\"}")));
        assertEquals(List.of(new Permission("sqs:CreateQueue", "arn:aws:sqs:us-east-1:000000000000:new")),
                needed(AwsService.SQS, json("AmazonSQS.CreateQueue", "{\"QueueName\":\"new\"}")));
        assertEquals(List.of(new Permission("sqs:ListQueues", "*")), needed(AwsService.SQS, json("AmazonSQS.ListQueues", "{}")));
        AwsRequest queryOnQueuePath = new AwsRequest("POST", "/000000000000/q", "", Map.of(), new byte[0], Optional.empty());
        assertEquals(List.of(new Permission("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:000000000000:q")),
                needed(AwsService.SQS, queryOnQueuePath, Map.of("Action", "ReceiveMessage")));
    }

    @Test
    void logs_groupAndStreamResources() {
        String group = "arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:";
        assertEquals(List.of(new Permission("logs:PutLogEvents", group + "s")),
                needed(AwsService.LOGS, json("Logs_20140328.PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\"}")));
        assertEquals(List.of(new Permission("logs:DescribeLogStreams", group)), needed(AwsService.LOGS,
                json("Logs_20140328.DescribeLogStreams", "{\"logGroupIdentifier\":\"arn:aws:logs:us-east-1:000000000000:log-group:g:*\"}")));
        assertEquals(List.of(new Permission("logs:TagResource", "arn:aws:logs:us-east-1:000000000000:log-group:g")), needed(AwsService.LOGS,
                json("Logs_20140328.TagResource", "{\"resourceArn\":\"arn:aws:logs:us-east-1:000000000000:log-group:g\"}")));
    }

    @Test
    void lambdaInvoke_actsOnTheFunctionArn() {
        AwsRequest invoke = new AwsRequest("POST", "/2015-03-31/functions/word-count/invocations", "", Map.of(), new byte[0], Optional.empty());
        assertEquals(List.of(new Permission("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:000000000000:function:word-count")),
                needed(AwsService.LAMBDA, invoke));
    }

    @Test
    void stsGetCallerIdentity_isFree_assumeRoleActsOnTheRole() {
        AwsRequest any = new AwsRequest("POST", "/", "", Map.of(), new byte[0], Optional.empty());
        assertInstanceOf(RequiredPermissions.Resolution.Free.class, permissions.resolve(AwsService.STS, any, Map.of("Action", "GetCallerIdentity")));
        assertEquals(List.of(new Permission("sts:AssumeRole", "arn:aws:iam::000000000000:role/r")),
                needed(AwsService.STS, any, Map.of("Action", "AssumeRole", "RoleArn", "arn:aws:iam::000000000000:role/r")));
    }
}
