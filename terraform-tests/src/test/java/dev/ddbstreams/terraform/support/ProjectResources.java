package dev.ddbstreams.terraform.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lists, through the AWS APIs, whatever of one deployment (its resources all start with a name prefix) is left in an
 * account: tables, queues, Kinesis streams, functions, event source mappings, roles, log groups, HTTP APIs and
 * alarms. After {@code terraform destroy} the list must be empty.
 */
public final class ProjectResources {

    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final Region region;

    public ProjectResources(URI endpoint, AwsCredentialsProvider credentials, Region region) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.region = region;
    }

    /** One line per resource whose name starts with {@code prefix}, as {@code kind name}. */
    public List<String> remaining(String prefix) {
        List<String> left = new ArrayList<>();
        try (DynamoDbClient dynamoDb = client(DynamoDbClient.builder())) {
            dynamoDb.listTablesPaginator(r -> { }).tableNames().stream().filter(name -> name.startsWith(prefix))
                    .forEach(name -> left.add("table " + name));
        }
        try (SqsClient sqs = client(SqsClient.builder())) {
            sqs.listQueuesPaginator(r -> r.queueNamePrefix(prefix)).queueUrls()
                    .forEach(url -> left.add("queue " + url));
        }
        try (KinesisClient kinesis = client(KinesisClient.builder())) {
            kinesis.listStreams().streamNames().stream().filter(name -> name.startsWith(prefix))
                    .forEach(name -> left.add("kinesis stream " + name));
        }
        try (LambdaClient lambda = client(LambdaClient.builder())) {
            lambda.listFunctionsPaginator().functions().stream().filter(f -> f.functionName().startsWith(prefix))
                    .forEach(f -> left.add("function " + f.functionName()));
            lambda.listEventSourceMappingsPaginator(r -> { }).eventSourceMappings().stream()
                    .filter(m -> m.functionArn() != null && m.functionArn().contains(":function:" + prefix))
                    .forEach(m -> left.add("event source mapping " + m.uuid() + " -> " + m.functionArn()));
        }
        try (IamClient iam = client(IamClient.builder(), Region.AWS_GLOBAL)) {
            iam.listRolesPaginator().roles().stream().filter(role -> role.roleName().startsWith(prefix))
                    .forEach(role -> left.add("role " + role.roleName()));
        }
        try (CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
            for (String groupPrefix : List.of("/aws/lambda/" + prefix, prefix, "/aws/apigateway/" + prefix)) {
                logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(groupPrefix)).logGroups()
                        .forEach(group -> left.add("log group " + group.logGroupName()));
            }
        }
        try (ApiGatewayV2Client apis = client(ApiGatewayV2Client.builder())) {
            apis.getApis(r -> { }).items().stream().filter(api -> api.name().startsWith(prefix))
                    .forEach(api -> left.add("http api " + api.name() + " (" + api.apiId() + ")"));
        }
        try (CloudWatchClient cloudWatch = client(CloudWatchClient.builder())) {
            cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(prefix)).metricAlarms()
                    .forEach(alarm -> left.add("alarm " + alarm.alarmName()));
        }
        return left;
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return client(builder, region);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Region clientRegion) {
        builder.httpClient(UrlConnectionHttpClient.create()).region(clientRegion);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }

    /** Retries {@code listing} until it is empty or {@code attempts} ran out (deletions AWS finishes asynchronously). */
    public static List<String> untilEmpty(Supplier<List<String>> listing, int attempts, long pauseMillis) throws InterruptedException {
        List<String> left = listing.get();
        for (int attempt = 1; attempt < attempts && !left.isEmpty(); attempt++) {
            Thread.sleep(pauseMillis);
            left = listing.get();
        }
        return left;
    }
}
