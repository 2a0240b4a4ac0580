package dev.ddbstreams.lambda;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients a function needs, once per execution environment (call it from a handler's
 * no-argument constructor, never inside {@code handleRequest}).
 *
 * <p>Everything comes from the environment Lambda provides: {@code AWS_REGION} and the credentials
 * variables. The endpoint is the SDK's own: it honours {@code AWS_ENDPOINT_URL_DYNAMODB},
 * {@code AWS_ENDPOINT_URL_SQS} and {@code AWS_ENDPOINT_URL}, which is how the local runtime points the
 * unchanged jar at its emulators.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html">Lambda Java: clients outside the handler</a>
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A DynamoDB client on the url-connection HTTP client. */
    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClient(httpClient())
                .region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }

    /**
     * A DynamoDB client whose every call, retries included, ends within {@code apiCallTimeout}. For
     * synchronous APIs: the SDK's default retries can otherwise outlast the function's own timeout, and the
     * caller then gets API Gateway's bare 503 instead of the function's JSON error.
     */
    public static DynamoDbClient dynamoDb(Duration apiCallTimeout) {
        return DynamoDbClient.builder()
                .httpClient(httpClient())
                .region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o.apiCallTimeout(apiCallTimeout))
                .build();
    }

    /** An SQS client on the url-connection HTTP client. */
    public static SqsClient sqs() {
        return SqsClient.builder()
                .httpClient(httpClient())
                .region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }

    private static Region region() {
        return Region.of(Env.required("AWS_REGION"));
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }
}
