package dev.ddbstreams.endpoint;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;

/** Builds SDK v2 clients pointed at an edge, the way a user sets {@code AWS_ENDPOINT_URL}. */
final class EdgeFixture {
    static final AwsCredentialsProvider TEST_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    private EdgeFixture() {
    }

    static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return client(builder, endpoint, TEST_CREDENTIALS);
    }

    static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials).build();
    }

    static IamClient iam(EdgeEndpoint edge) {
        // IAM is a global service: the SDK signs it for us-east-1 whatever the region; the endpoint override wins.
        return IamClient.builder().endpointOverride(edge.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(TEST_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static StsClient sts(EdgeEndpoint edge) {
        return StsClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TEST_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static CloudWatchLogsClient logs(EdgeEndpoint edge) {
        return CloudWatchLogsClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TEST_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static CloudWatchClient cloudWatch(EdgeEndpoint edge) {
        return CloudWatchClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TEST_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * With the Apache 5 client (the SDK deprecated its Apache 4 one): API Gateway v2's updates are PATCH requests,
     * which HttpURLConnection refuses to send.
     */
    static ApiGatewayV2Client apiGateway(EdgeEndpoint edge) {
        return ApiGatewayV2Client.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TEST_CREDENTIALS).httpClient(Apache5HttpClient.create()).build();
    }

    static String trustPolicy(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + service
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }
}
