package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** The proxy in front of a stub DynamoDB, seen through the real SDK client the functions use. */
class DynamoDbFaultProxyTest {

    private static final Map<String, AttributeValue> KEY = Map.of("id", AttributeValue.builder().s("a").build());

    private HttpServer upstream;
    private final List<String> upstreamTargets = new CopyOnWriteArrayList<>();
    private DynamoDbFaultProxy proxy;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            upstreamTargets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        upstream.stop(0);
    }

    private URI upstreamEndpoint() {
        return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    }

    private DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void throttledWrites_reachTheSdkAsTheExceptionDynamoDbSends_andAreNotApplied() {
        proxy = DynamoDbFaultProxy.start(1, client -> new WriteFaultPolicy(1, 0, 1, 0, 0));
        try (DynamoDbClient dynamoDb = client(proxy.endpointFor("fn", upstreamEndpoint()))) {
            ProvisionedThroughputExceededException thrown = assertThrows(ProvisionedThroughputExceededException.class,
                    () -> dynamoDb.putItem(b -> b.tableName("t").item(KEY)));
            assertEquals(400, thrown.statusCode());
            assertTrue(thrown.isThrottlingException());
        }
        assertTrue(upstreamTargets.isEmpty(), "a throttled write reached DynamoDB: " + upstreamTargets);
        assertEquals(Map.of(WriteFault.PROVISIONED_THROUGHPUT_EXCEEDED, 1L), proxy.stats().injectedByKind());
    }

    @Test
    void throttlingException_hasItsErrorCode() {
        proxy = DynamoDbFaultProxy.start(1, client -> new WriteFaultPolicy(1, 1, 0, 0, 0));
        try (DynamoDbClient dynamoDb = client(proxy.endpointFor("fn", upstreamEndpoint()))) {
            DynamoDbException thrown = assertThrows(DynamoDbException.class,
                    () -> dynamoDb.deleteItem(b -> b.tableName("t").key(KEY)));
            assertEquals("ThrottlingException", thrown.awsErrorDetails().errorCode());
            assertTrue(thrown.isThrottlingException());
        }
    }

    @Test
    void serverErrorAfterApplying_reachesDynamoDb_andStillAnswers500() {
        proxy = DynamoDbFaultProxy.start(1, client -> new WriteFaultPolicy(1, 0, 0, 1, 1));
        try (DynamoDbClient dynamoDb = client(proxy.endpointFor("fn", upstreamEndpoint()))) {
            DynamoDbException thrown = assertThrows(DynamoDbException.class,
                    () -> dynamoDb.updateItem(b -> b.tableName("t").key(KEY)));
            assertEquals(500, thrown.statusCode());
            assertEquals("InternalServerError", thrown.awsErrorDetails().errorCode());
        }
        assertEquals(List.of("DynamoDB_20120810.UpdateItem"), upstreamTargets);
        assertEquals(Map.of(WriteFault.INTERNAL_SERVER_ERROR_AFTER_APPLYING, 1L), proxy.stats().injectedByKind());
    }

    @Test
    void readsAndDisabledFaults_areForwardedUnchanged() {
        proxy = DynamoDbFaultProxy.start(1, client -> WriteFaultPolicy.evenly(1, 0));
        try (DynamoDbClient dynamoDb = client(proxy.endpointFor("fn", upstreamEndpoint()))) {
            dynamoDb.getItem(b -> b.tableName("t").key(KEY));
            proxy.faultsEnabled(false);
            dynamoDb.putItem(b -> b.tableName("t").item(KEY));
        }
        assertEquals(List.of("DynamoDB_20120810.GetItem", "DynamoDB_20120810.PutItem"), upstreamTargets);
        ProxyStats.ClientStats stats = proxy.stats().clients().get("fn");
        assertEquals(2, stats.requests());
        assertEquals(1, stats.writes());
        assertEquals(0, stats.injectedTotal());
    }

    @Test
    void eachClient_getsItsOwnListenerAndPolicy() {
        proxy = DynamoDbFaultProxy.start(1, client -> client.equals("faulty") ? WriteFaultPolicy.evenly(1, 0)
                : WriteFaultPolicy.NONE);
        URI faulty = proxy.endpointFor("faulty", upstreamEndpoint());
        URI healthy = proxy.endpointFor("healthy", upstreamEndpoint());
        assertTrue(faulty.getPort() != healthy.getPort());
        assertEquals(faulty, proxy.endpointFor("faulty", upstreamEndpoint()));
        try (DynamoDbClient dynamoDb = client(healthy)) {
            dynamoDb.putItem(b -> b.tableName("t").item(KEY));
        }
        try (DynamoDbClient dynamoDb = client(faulty)) {
            assertThrows(DynamoDbException.class, () -> dynamoDb.putItem(b -> b.tableName("t").item(KEY)));
        }
        assertEquals(1, upstreamTargets.size());
    }

    @Test
    void sdkRetries_areCountedFromTheSdksAttemptHeader() {
        proxy = DynamoDbFaultProxy.start(1, client -> new WriteFaultPolicy(1, 1, 0, 0, 0));
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(proxy.endpointFor("fn", upstreamEndpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3).build()))
                .build()) {
            assertThrows(DynamoDbException.class, () -> dynamoDb.putItem(b -> b.tableName("t").item(KEY)));
        }
        ProxyStats.ClientStats stats = proxy.stats().clients().get("fn");
        assertEquals(3, stats.writes());
        assertEquals(2, stats.sdkRetries());
        assertEquals(3, stats.highestAttempt());
        assertEquals(3, stats.configuredMaxAttempts());
    }
}
