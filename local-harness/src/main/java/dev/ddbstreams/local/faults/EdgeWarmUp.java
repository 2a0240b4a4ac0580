package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the edge fuzzer needs before and after its run: the resources its seeds address (a DynamoDB table with a
 * stream, an SQS queue, a log group, an IAM role, an HTTP API, a Kinesis stream when Kinesis runs), and a health
 * check of every service the edge serves and of the engines behind it.
 */
final class EdgeWarmUp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EdgeWarmUp() {
    }

    /** Creates the resources; returns the substitutions of the corpus ({@code {api}}, {@code {queue}}, ...). */
    static Map<String, String> prepare(URI edge, boolean kinesis) {
        call(edge, "dynamodb", "application/x-amz-json-1.0", "DynamoDB_20120810.CreateTable", "{\"TableName\":\"fuzz-edge\","
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
                + "\"AttributeType\":\"S\"}],\"BillingMode\":\"PAY_PER_REQUEST\",\"StreamSpecification\":{\"StreamEnabled\":true,"
                + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}", 200);
        String queue = parse(call(edge, "sqs", "application/x-amz-json-1.0", "AmazonSQS.CreateQueue",
                "{\"QueueName\":\"fuzz-edge-q\"}", 200)).path("QueueUrl").asText();
        call(edge, "logs", "application/x-amz-json-1.1", "Logs_20140328.CreateLogGroup", "{\"logGroupName\":\"/fuzz/edge\"}", 200);
        call(edge, "logs", "application/x-amz-json-1.1", "Logs_20140328.CreateLogStream",
                "{\"logGroupName\":\"/fuzz/edge\",\"logStreamName\":\"s\"}", 200);
        if (kinesis) {
            call(edge, "kinesis", "application/x-amz-json-1.1", "Kinesis_20131202.CreateStream",
                    "{\"StreamName\":\"fuzz-edge\",\"ShardCount\":1}", 200);
        }
        String api = parse(send(edge, "apigateway", HttpRequest.newBuilder(edge.resolve("/v2/apis"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fuzz-edge\",\"protocolType\":\"HTTP\"}")), 201))
                .path("apiId").asText();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("{api}", api);
        ids.put("{queue-escaped}", URLEncoder.encode(queue, StandardCharsets.UTF_8));
        ids.put("{queue}", queue);
        return ids;
    }

    /** What no longer answers as it should, by service and engine; empty when everything does. */
    static List<String> unhealthy(URI edge, LocalRuntime runtime) {
        List<String> problems = new ArrayList<>();
        check(problems, "DynamoDB through the edge", () -> call(edge, "dynamodb", "application/x-amz-json-1.0",
                "DynamoDB_20120810.DescribeTable", "{\"TableName\":\"fuzz-edge\"}", 200));
        check(problems, "the DynamoDB engine", () -> call(runtime.dynamoDbEndpoint(), "dynamodb", "application/x-amz-json-1.0",
                "DynamoDB_20120810.ListTables", "{}", 200));
        check(problems, "DynamoDB Streams through the edge", () -> call(edge, "dynamodb", "application/x-amz-json-1.0",
                "DynamoDBStreams_20120810.ListStreams", "{\"TableName\":\"fuzz-edge\"}", 200));
        check(problems, "SQS through the edge", () -> call(edge, "sqs", "application/x-amz-json-1.0", "AmazonSQS.GetQueueUrl",
                "{\"QueueName\":\"fuzz-edge-q\"}", 200));
        check(problems, "ElasticMQ", () -> send(runtime.sqsEndpoint(), null, HttpRequest.newBuilder(
                runtime.sqsEndpoint().resolve("/?Action=ListQueues&Version=2012-11-05")).GET(), 200));
        runtime.kinesisEndpoint().ifPresent(kinesis -> {
            check(problems, "Kinesis through the edge", () -> call(edge, "kinesis", "application/x-amz-json-1.1",
                    "Kinesis_20131202.DescribeStreamSummary", "{\"StreamName\":\"fuzz-edge\"}", 200));
            check(problems, "the Kinesis engine", () -> call(kinesis, "kinesis", "application/x-amz-json-1.1",
                    "Kinesis_20131202.ListStreams", "{}", 200));
        });
        check(problems, "CloudWatch Logs", () -> call(edge, "logs", "application/x-amz-json-1.1",
                "Logs_20140328.DescribeLogGroups", "{\"logGroupNamePrefix\":\"/fuzz\"}", 200));
        check(problems, "CloudWatch", () -> call(edge, "monitoring", "application/x-amz-json-1.0",
                "GraniteServiceVersion20100801.DescribeAlarms", "{}", 200));
        check(problems, "STS", () -> form(edge, "sts", "Action=GetCallerIdentity&Version=2011-06-15"));
        check(problems, "IAM", () -> form(edge, "iam", "Action=ListRoles&Version=2010-05-08"));
        check(problems, "Lambda", () -> send(edge, "lambda", HttpRequest.newBuilder(edge.resolve("/2015-03-31/functions/")).GET(), 200));
        check(problems, "API Gateway", () -> send(edge, "apigateway", HttpRequest.newBuilder(edge.resolve("/v2/apis")).GET(), 200));
        return problems;
    }

    private static void check(List<String> problems, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            problems.add(what + ": " + e.getMessage());
        }
    }

    private static String call(URI endpoint, String service, String contentType, String target, String body, int expected) {
        return send(endpoint, service, HttpRequest.newBuilder(endpoint.resolve("/")).header("Content-Type", contentType)
                .header("X-Amz-Target", target).POST(HttpRequest.BodyPublishers.ofString(body)), expected);
    }

    private static String form(URI edge, String service, String body) {
        return send(edge, service, HttpRequest.newBuilder(edge.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)), 200);
    }

    private static String send(URI endpoint, String service, HttpRequest.Builder request, int expected) {
        if (service != null) {
            request.header("Authorization", EdgeFuzzCorpus.authorization(service)).header("X-Amz-Date", "20261206T010000Z");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(endpoint + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
