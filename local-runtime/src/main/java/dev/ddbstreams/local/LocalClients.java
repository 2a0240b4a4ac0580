package dev.ddbstreams.local;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The runtime's own SDK clients for the emulators (the functions build theirs from their environment). */
public record LocalClients(DynamoDbClient dynamoDb, DynamoDbStreamsClient dynamoDbStreams, SqsClient sqs,
        Optional<KinesisClient> kinesis) implements AutoCloseable {

    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    static LocalClients connect(Region region, URI dynamoDb, URI sqs, URI kinesis) {
        return new LocalClients(
                DynamoDbClient.builder().endpointOverride(dynamoDb).region(region).credentialsProvider(CREDENTIALS)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                DynamoDbStreamsClient.builder().endpointOverride(dynamoDb).region(region).credentialsProvider(CREDENTIALS)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                SqsClient.builder().endpointOverride(sqs).region(region).credentialsProvider(CREDENTIALS)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                Optional.ofNullable(kinesis).map(endpoint -> KinesisClient.builder().endpointOverride(endpoint)
                        .region(region).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build()));
    }

    @Override
    public void close() {
        dynamoDb.close();
        dynamoDbStreams.close();
        sqs.close();
        kinesis.ifPresent(KinesisClient::close);
    }
}
