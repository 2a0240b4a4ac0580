package dev.ddbstreams.emulators.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for an emulator endpoint, built the way the functions build theirs (url-connection HTTP
 * client) but with fixed dummy credentials, so a test never picks up a developer's real AWS profile.
 * The region is the caller's: it is the {@code awsRegion} a {@link StreamTail} puts into the events.
 *
 * @see <a href="https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/region-selection.html">AWS SDK for Java 2.x: region selection</a>
 */
public final class LocalClients {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalClients() {
    }

    public static DynamoDbClient dynamoDb(URI endpoint, Region region) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static DynamoDbStreamsClient dynamoDbStreams(URI endpoint, Region region) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static SqsClient sqs(URI endpoint, Region region) {
        return SqsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
