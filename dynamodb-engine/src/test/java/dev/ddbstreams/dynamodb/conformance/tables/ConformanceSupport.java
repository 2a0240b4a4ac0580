package dev.ddbstreams.dynamodb.conformance.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What the table, stream and durability conformance tests share: SDK v2 clients without retries (an error
 * must show on the first answer, and a hang must fail the test instead of being retried), table request
 * templates, and assertions on AWS's error codes and messages.
 */
public final class ConformanceSupport {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private ConformanceSupport() {
    }

    /** A DynamoDB client for an engine: dummy credentials, no retries, a 20 s call timeout. */
    public static DynamoDbClient client(URI endpoint, String region) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }

    /** A DynamoDB Streams client for an engine: dummy credentials, no retries, a 20 s call timeout. */
    public static DynamoDbStreamsClient streamsClient(URI endpoint, String region) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(DefaultRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(20)).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /** A table name no other test uses (tables of one engine are shared by the tests of a class). */
    public static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** A PAY_PER_REQUEST table keyed by a string partition key {@code pk}. */
    public static CreateTableRequest.Builder hashTable(String name) {
        return CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }

    /** A PAY_PER_REQUEST table keyed by {@code pk} (S) and {@code sk} (N). */
    public static CreateTableRequest.Builder hashRangeTable(String name) {
        return CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }

    /** {@link #hashTable} with a stream of the given view type. */
    public static CreateTableRequest streamedHashTable(String name, StreamViewType viewType) {
        return hashTable(name).streamSpecification(stream(viewType)).build();
    }

    public static StreamSpecification stream(StreamViewType viewType) {
        return StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build();
    }

    public static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    public static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Creates a table and waits until DescribeTable reports it ACTIVE. */
    public static void createActive(DynamoDbClient client, CreateTableRequest request) {
        client.createTable(request);
        client.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    public static Map<String, AttributeValue> item(Object... namesAndValues) {
        java.util.LinkedHashMap<String, AttributeValue> item = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            item.put((String) namesAndValues[i], value instanceof AttributeValue attributeValue
                    ? attributeValue : AttributeValue.fromS(String.valueOf(value)));
        }
        return item;
    }

    /**
     * Runs a call that AWS refuses and checks the refusal: the SDK exception class, the AWS error code, and
     * HTTP 400 (every client error of DynamoDB is a 400, see the error-handling page).
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">Error handling with DynamoDB</a>
     */
    public static <T extends AwsServiceException> T assertAwsError(Class<T> type, String errorCode, Executable call) {
        try {
            call.execute();
        } catch (Throwable thrown) {
            T error = assertInstanceOf(type, thrown, () -> "expected " + type.getSimpleName() + " but got " + thrown);
            assertNotNull(error.awsErrorDetails(), "AWS error details");
            assertEquals(errorCode, error.awsErrorDetails().errorCode(), "AWS error code");
            assertEquals(400, error.statusCode(), "HTTP status");
            return error;
        }
        return fail("expected " + errorCode + " but the call succeeded");
    }

    /** {@link #assertAwsError} and AWS's message word for word. */
    public static <T extends AwsServiceException> T assertAwsError(Class<T> type, String errorCode, String message,
            Executable call) {
        T error = assertAwsError(type, errorCode, call);
        assertEquals(message, error.awsErrorDetails().errorMessage(), "AWS error message");
        return error;
    }
}
