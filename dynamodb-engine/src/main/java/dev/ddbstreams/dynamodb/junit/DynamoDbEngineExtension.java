package dev.ddbstreams.dynamodb.junit;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Gives a test class an in-process DynamoDB engine, started once before its tests and stopped after them:
 * <pre>{@code
 * @RegisterExtension
 * static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();
 *
 * DYNAMODB.client().putItem(...);   // SDK v2 client over HTTP, dummy credentials, us-east-1
 * }</pre>
 * The SDK clients are built on first use, with fixed dummy credentials so a test never picks up a
 * developer's real AWS profile.
 */
public final class DynamoDbEngineExtension implements BeforeAllCallback, AfterAllCallback {

    private final Path dataDirectory;
    private DynamoDbEngine engine;
    private DynamoDbClient client;
    private DynamoDbStreamsClient streamsClient;

    private DynamoDbEngineExtension(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** An engine that keeps nothing on disk. */
    public static DynamoDbEngineExtension inMemory() {
        return new DynamoDbEngineExtension(null);
    }

    /** An engine persisted under {@code dataDirectory}. */
    public static DynamoDbEngineExtension persistedIn(Path dataDirectory) {
        return new DynamoDbEngineExtension(dataDirectory);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = DynamoDbEngine.builder().port(0).dataDirectory(dataDirectory).build();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
        if (streamsClient != null) {
            streamsClient.close();
            streamsClient = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    public DynamoDbEngine engine() {
        if (engine == null) {
            throw new IllegalStateException("The engine runs between beforeAll and afterAll: register the extension"
                    + " on a static field with @RegisterExtension");
        }
        return engine;
    }

    public URI endpoint() {
        return engine().endpoint();
    }

    public Region region() {
        return Region.of(engine().region());
    }

    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder().endpointOverride(endpoint()).region(region())
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        }
        return client;
    }

    public synchronized DynamoDbStreamsClient streamsClient() {
        if (streamsClient == null) {
            streamsClient = DynamoDbStreamsClient.builder().endpointOverride(endpoint()).region(region())
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        }
        return streamsClient;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
