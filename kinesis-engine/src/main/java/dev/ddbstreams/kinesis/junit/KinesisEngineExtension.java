package dev.ddbstreams.kinesis.junit;

import dev.ddbstreams.kinesis.KinesisEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Gives a test class an in-process Kinesis engine, started once before its tests and stopped after them:
 * <pre>{@code
 * @RegisterExtension
 * static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory();
 *
 * KINESIS.client().putRecord(...);       // SDK v2 client, CBOR (the SDK default), dummy credentials, us-east-1
 * KINESIS.jsonClient().putRecord(...);   // the same with CBOR disabled: JSON 1.1, as the AWS CLI speaks
 * }</pre>
 */
public final class KinesisEngineExtension implements BeforeAllCallback, AfterAllCallback {

    /** The SDK's switch for CBOR ({@code AWS_CBOR_DISABLE} as an environment variable); read when a client is built. */
    private static final String CBOR_PROPERTY = "aws.cborEnabled";

    private final Path dataDirectory;
    private final Clock clock;
    private final Duration statusTransitionDelay;
    private KinesisEngine engine;
    private KinesisClient client;
    private KinesisClient jsonClient;

    private KinesisEngineExtension(Path dataDirectory, Clock clock, Duration statusTransitionDelay) {
        this.dataDirectory = dataDirectory;
        this.clock = clock;
        this.statusTransitionDelay = statusTransitionDelay;
    }

    /** An engine that keeps nothing on disk. */
    public static KinesisEngineExtension inMemory() {
        return new KinesisEngineExtension(null, Clock.systemUTC(), Duration.ofMillis(500));
    }

    /** An engine persisted under {@code dataDirectory}. */
    public static KinesisEngineExtension persistedIn(Path dataDirectory) {
        return new KinesisEngineExtension(dataDirectory, Clock.systemUTC(), Duration.ofMillis(500));
    }

    /** The same engine reading time from {@code clock} (tests move it to expire iterators or records). */
    public KinesisEngineExtension withClock(Clock clock) {
        return new KinesisEngineExtension(dataDirectory, clock, statusTransitionDelay);
    }

    /** The same engine with CREATING/UPDATING/DELETING lasting {@code delay}. */
    public KinesisEngineExtension withStatusTransitionDelay(Duration delay) {
        return new KinesisEngineExtension(dataDirectory, clock, delay);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = KinesisEngine.builder().port(0).dataDirectory(dataDirectory).clock(clock)
                .statusTransitionDelay(statusTransitionDelay).build();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
        if (jsonClient != null) {
            jsonClient.close();
            jsonClient = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    public KinesisEngine engine() {
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

    /** An SDK v2 client in its default configuration: CBOR. */
    public synchronized KinesisClient client() {
        if (client == null) {
            client = buildClient(true);
        }
        return client;
    }

    /** An SDK v2 client with CBOR disabled: it speaks JSON 1.1. */
    public synchronized KinesisClient jsonClient() {
        if (jsonClient == null) {
            jsonClient = buildClient(false);
        }
        return jsonClient;
    }

    /** A client with CBOR on or off, for tests that run the same checks over both encodings. */
    public KinesisClient client(boolean cbor) {
        return cbor ? client() : jsonClient();
    }

    private KinesisClient buildClient(boolean cbor) {
        // The SDK reads aws.cborEnabled once, while building the client's protocol factory.
        synchronized (KinesisEngineExtension.class) {
            String previous = System.getProperty(CBOR_PROPERTY);
            System.setProperty(CBOR_PROPERTY, Boolean.toString(cbor));
            try {
                return KinesisClient.builder().endpointOverride(endpoint()).region(region())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClient(UrlConnectionHttpClient.create()).build();
            } finally {
                if (previous == null) {
                    System.clearProperty(CBOR_PROPERTY);
                } else {
                    System.setProperty(CBOR_PROPERTY, previous);
                }
            }
        }
    }
}
