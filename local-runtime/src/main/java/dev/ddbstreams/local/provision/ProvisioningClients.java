package dev.ddbstreams.local.provision;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The provisioner's SDK v2 clients, every one pointed at the local AWS endpoint: the provisioner is a client of the
 * endpoint like Terraform or the AWS CLI, so what {@code make run} creates and what they create meet in one registry.
 *
 * @param kinesis {@code null} when there is no Kinesis (its streams are then reported unavailable)
 */
public record ProvisioningClients(DynamoDbClient dynamoDb, SqsClient sqs, KinesisClient kinesis, IamClient iam,
        LambdaClient lambda, CloudWatchLogsClient logs, ApiGatewayV2Client apiGateway) implements AutoCloseable {

    /** Clients of the endpoint at {@code endpoint}, with dummy credentials (requests act as the account's root). */
    public static ProvisioningClients of(URI endpoint, String region, boolean withKinesis) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        Region awsRegion = Region.of(region);
        return new ProvisioningClients(
                DynamoDbClient.builder().endpointOverride(endpoint).region(awsRegion).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                SqsClient.builder().endpointOverride(endpoint).region(awsRegion).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                withKinesis ? KinesisClient.builder().endpointOverride(endpoint).region(awsRegion)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build() : null,
                // IAM is global: its SDK signs for us-east-1 whatever the region (the endpoint ignores it anyway).
                IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                LambdaClient.builder().endpointOverride(endpoint).region(awsRegion).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.builder()
                                .socketTimeout(java.time.Duration.ofSeconds(60)).build()).build(),
                CloudWatchLogsClient.builder().endpointOverride(endpoint).region(awsRegion).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                ApiGatewayV2Client.builder().endpointOverride(endpoint).region(awsRegion).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build());
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        if (kinesis != null) {
            kinesis.close();
        }
        iam.close();
        lambda.close();
        logs.close();
        apiGateway.close();
    }
}
