package dev.ddbstreams.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.lambda.EventSourceMappingDefinition;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.mapping.ApiSourceResolver;
import dev.ddbstreams.local.mapping.EngineSettings;
import dev.ddbstreams.local.mapping.EventSourceCheck;
import dev.ddbstreams.local.mapping.InMemoryCheckpointStore;
import dev.ddbstreams.local.mapping.MappingEngine;
import dev.ddbstreams.local.mapping.MappingStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Event source mappings as the Lambda control plane hands them over, polled by the engine (in this JVM). */
class RuntimeMappingHostIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private DynamoDbEngine dynamoDbEngine;
    private ElasticMq elasticMq;
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;
    private SqsClient sqs;
    private MappingEngine engine;
    private RuntimeMappingHost host;
    private final List<String> invocations = new CopyOnWriteArrayList<>();
    /** The invoked function ARN of each invocation, in the order of {@link #invocations}. */
    private final List<String> invokedArns = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @BeforeEach
    void start() {
        dynamoDbEngine = DynamoDbEngine.inMemory(0);
        elasticMq = ElasticMq.start(0);
        dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEngine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(dynamoDbEngine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(elasticMq.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        engine = MappingEngine.builder().resolver(new ApiSourceResolver(dynamoDb, sqs, null)).dynamoDbStreams(streams)
                .sqs(sqs).checkpoints(new InMemoryCheckpointStore()).region("us-east-1")
                .settings(EngineSettings.defaults().withPollInterval(Duration.ofMillis(50))
                        .withDiscoveryInterval(Duration.ofMillis(300)).withErrorBackoff(Duration.ofMillis(100))
                        .withSqsWaitTime(Duration.ofSeconds(1)))
                .invoker((function, invokedArn, payload, source) -> {
                    invokedArns.add(String.valueOf(invokedArn));
                    invocations.add(function + " <- " + source + ": " + payload);
                    return new Invocation(UUID.randomUUID().toString(), failing ? Invocation.Outcome.FUNCTION_ERROR
                            : Invocation.Outcome.SUCCESS, failing ? null : "null", failing ? "Boom" : null,
                            failing ? "boom" : null, Duration.ofMillis(1), false);
                })
                .build();
        engine.start();
        host = new RuntimeMappingHost(engine, new EventSourceCheck(streams, null, sqs));
    }

    @AfterEach
    void stop() {
        engine.close();
        dynamoDb.close();
        streams.close();
        sqs.close();
        dynamoDbEngine.close();
        elasticMq.close();
    }

    @Test
    void aTaggedMapping_pollsUnderItsWiringName_reportsItsResults_andADeletedTableAsAProblem() {
        String streamArn = createTable("Orders");
        EventSourceMappingDefinition mapping = mapping("3a7e", streamArn, true,
                Map.of(EventSourceMappingDefinition.WIRING_NAME_TAG, "orders-keys-logger"), null);

        host.apply(mapping);

        assertEquals(Optional.of("orders-keys-logger"), host.engineName("3a7e"));
        assertTrue(engine.status("orders-keys-logger").isPresent());
        assertEquals("No records processed", host.lastProcessingResult("3a7e"));
        dynamoDb.putItem(b -> b.tableName("Orders").item(Map.of("Id", AttributeValue.fromN("1"))));
        await(() -> invocations.size() == 1, "the put delivered");
        assertTrue(invocations.get(0).startsWith("logger <- orders-keys-logger: "), invocations.toString());
        assertTrue(invocations.get(0).contains("\"Keys\":{\"Id\":{\"N\":\"1\"}}"), invocations.get(0));
        await(() -> host.lastProcessingResult("3a7e").equals("OK"), "OK");

        dynamoDb.deleteTable(b -> b.tableName("Orders"));

        String result = host.lastProcessingResult("3a7e");
        assertTrue(result.equals("PROBLEM: Stream is disabled: " + streamArn)
                || result.equals("PROBLEM: Stream not found: " + streamArn), result);
    }

    @Test
    void anUntaggedMapping_isKnownByItsUuid_failedCallsAreReported_andRemovingItStopsIt() {
        String streamArn = createTable("Events");
        failing = true;
        host.apply(mapping("b51c", streamArn, true, Map.of(), null));
        dynamoDb.putItem(b -> b.tableName("Events").item(Map.of("Id", AttributeValue.fromN("1"))));

        await(() -> host.lastProcessingResult("b51c").equals("PROBLEM: Function call failed"), "the failure reported");
        assertTrue(engine.status("b51c").isPresent());

        host.remove("b51c");

        assertEquals(Optional.empty(), engine.status("b51c"));
        assertEquals("No records processed", host.lastProcessingResult("b51c"));
    }

    /**
     * A mapping through an alias with weighted routing: each batch runs the version the alias's weights pick (weight 1:
     * the additional version, weight 0: the alias's own), invoked through the alias's ARN, which the function sees as
     * its invoked function ARN.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html">CreateAlias (RoutingConfig)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-context.html">Java context object (getInvokedFunctionArn)</a>
     */
    @Test
    void aMappingThroughAWeightedAlias_routesEachBatch_andInvokesThroughTheAliasArn() {
        String streamArn = createTable("Routed");
        String aliasArn = "arn:aws:lambda:us-east-1:000000000000:function:logger:live";
        host.apply(new EventSourceMappingDefinition("w1", streamArn, "logger:1", Map.of("logger:2", 1.0), aliasArn, true,
                1, 0, "LATEST", null, -1, -1, false, 1, 0, null, List.of(), Set.of(), Map.of()));
        dynamoDb.putItem(b -> b.tableName("Routed").item(Map.of("Id", AttributeValue.fromN("1"))));
        await(() -> invocations.size() == 1, "the first put delivered");
        assertTrue(invocations.get(0).startsWith("logger:2 <- w1: "), invocations.toString());
        assertEquals(aliasArn, invokedArns.get(0));

        // The alias re-weighted: the control plane applies the mapping again.
        host.apply(new EventSourceMappingDefinition("w1", streamArn, "logger:1", Map.of("logger:2", 0.0), aliasArn, true,
                1, 0, "LATEST", null, -1, -1, false, 1, 0, null, List.of(), Set.of(), Map.of()));
        dynamoDb.putItem(b -> b.tableName("Routed").item(Map.of("Id", AttributeValue.fromN("2"))));
        await(() -> invocations.size() == 2, "the second put delivered");
        assertTrue(invocations.get(1).startsWith("logger:1 <- w1: "), invocations.toString());
        assertEquals(aliasArn, invokedArns.get(1));
    }

    @Test
    void disabledAndUnsupportedMappings_doNotPoll_andSayWhy() {
        String streamArn = createTable("Orders");
        host.apply(mapping("d1", streamArn, false, Map.of(), null));
        host.apply(mapping("d2", streamArn, true, Map.of(), "arn:aws:sns:us-east-1:000000000000:failures"));

        MappingStatus disabled = engine.status("d1").orElseThrow();
        MappingStatus unsupported = engine.status("d2").orElseThrow();
        assertEquals("DISABLED", disabled.state());
        assertTrue(disabled.lastError().contains("Enabled: false"), disabled.lastError());
        assertEquals("DISABLED", unsupported.state());
        assertTrue(unsupported.lastError().contains("not an SQS queue"), unsupported.lastError());

        host.apply(mapping("d1", streamArn, true, Map.of(), null));

        assertFalse("DISABLED".equals(engine.status("d1").orElseThrow().state()), "enabled again, it polls");
    }

    @Test
    void eventSourceProblem_namesMissingStreamsAndQueues_asLambdaDoes() {
        String streamArn = createTable("Orders");
        String missing = "arn:aws:dynamodb:us-east-1:000000000000:table/Nope/stream/2026-01-01T00:00:00.000";

        assertEquals(Optional.empty(), host.eventSourceProblem(streamArn));
        assertEquals(Optional.of("Stream not found: " + missing), host.eventSourceProblem(missing));
        assertTrue(host.eventSourceProblem("arn:aws:sqs:us-east-1:000000000000:nope").orElseThrow()
                .startsWith("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue."));
    }

    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    private String createTable(String name) {
        return dynamoDb.createTable(b -> b.tableName(name)
                .keySchema(k -> k.attributeName("Id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("Id").attributeType(ScalarAttributeType.N))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                .tableDescription().latestStreamArn();
    }

    private static EventSourceMappingDefinition mapping(String uuid, String sourceArn, boolean enabled,
            Map<String, String> tags, String onFailure) {
        return new EventSourceMappingDefinition(uuid, sourceArn, "logger", Map.of(),
                "arn:aws:lambda:us-east-1:000000000000:function:logger", enabled, 1, 0, "LATEST", null, -1, -1, false,
                1, 0, onFailure, List.of(), Set.of(), tags);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("timed out waiting for " + what);
    }
}
