package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.local.wiring.KinesisStreamSpec;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.QueueSpec;
import dev.ddbstreams.local.wiring.SourceSpec;
import dev.ddbstreams.local.wiring.SourceType;
import dev.ddbstreams.local.wiring.Wiring;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Emulators, clients and small builders shared by the mapping ITs. */
final class TestBed implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("local", "local"));

    /** Fast timings: the semantics are the same, only the pauses are shorter. */
    static final EngineSettings FAST = EngineSettings.defaults()
            .withPollInterval(Duration.ofMillis(50))
            .withDiscoveryInterval(Duration.ofMillis(300))
            .withRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .withErrorBackoff(Duration.ofMillis(100))
            .withSqsWaitTime(Duration.ofSeconds(1));

    final DynamoDbEngine dynamoDbEngine;
    final ElasticMq elasticMq;
    final DynamoDbClient dynamoDb;
    final DynamoDbStreamsClient streams;
    final SqsClient sqs;

    private TestBed(DynamoDbEngine dynamoDbEngine, ElasticMq elasticMq) {
        this.dynamoDbEngine = dynamoDbEngine;
        this.elasticMq = elasticMq;
        this.dynamoDb = dynamoDbEngine == null ? null : DynamoDbClient.builder().endpointOverride(dynamoDbEngine.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .build();
        this.streams = dynamoDbEngine == null ? null : DynamoDbStreamsClient.builder()
                .endpointOverride(dynamoDbEngine.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().endpointOverride(elasticMq.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static TestBed withDynamoDb() {
        return new TestBed(DynamoDbEngine.inMemory(0), ElasticMq.start(0));
    }

    static TestBed sqsOnly() {
        return new TestBed(null, ElasticMq.start(0));
    }

    /** An SDK v2 Kinesis client in its default configuration (CBOR), as any Java producer has. */
    static KinesisClient kinesisClient(URI endpoint) {
        return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    SourceResolver resolver(KinesisClient kinesis) {
        return new ApiSourceResolver(dynamoDb, sqs, kinesis);
    }

    /** A table with hash key {@code id} (S) and a stream. */
    String createTable(String name, StreamViewType viewType) {
        return dynamoDb.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)))
                .tableDescription().latestStreamArn();
    }

    void put(String table, String id, String... attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id));
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            item.put(attributes[i], AttributeValue.fromS(attributes[i + 1]));
        }
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    void delete(String table, String id) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
    }

    String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    String queueArn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Receives (and deletes) whatever the queue holds now, waiting up to one second for the first message. */
    List<Message> drain(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(message -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(message.receiptHandle())));
        }
    }

    /** Waits for {@code count} messages in the queue, receiving (and deleting) them. */
    List<Message> awaitMessages(String url, int count, Duration timeout) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(drain(url));
        }
        if (all.size() < count) {
            fail("expected " + count + " message(s) in " + url + ", got " + all.size());
        }
        return all;
    }

    int approximateMessages(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
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

    /** The mapping-* threads still alive: none once an engine is closed. */
    static List<String> mappingThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("mapping-")).toList();
    }

    static JsonNode body(Message message) {
        return Fixtures.json(message.body());
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
            streams.close();
        }
        sqs.close();
        if (dynamoDbEngine != null) {
            dynamoDbEngine.close();
        }
        elasticMq.close();
    }

    /** Builds a mapping spec; defaults are Lambda's (batch 100, no window, unlimited retries and age, no bisect). */
    static final class Spec {
        private final SourceSpec source;
        private String function = "fn";
        private String startingPosition = "TRIM_HORIZON";
        private int batchSize = 100;
        private int window;
        private int retries = -1;
        private boolean bisect;
        private int maxAge = -1;
        private String onFailure;
        private final List<JsonNode> filters = new ArrayList<>();

        private Spec(SourceSpec source) {
            this.source = source;
        }

        static Spec dynamoDb(String table) {
            return new Spec(new SourceSpec(SourceType.DYNAMODB, table, null, null));
        }

        static Spec kinesis(String stream) {
            return new Spec(new SourceSpec(SourceType.KINESIS, null, stream, null));
        }

        static Spec sqs(String queue) {
            Spec spec = new Spec(new SourceSpec(SourceType.SQS, null, null, queue));
            spec.batchSize = 10;
            spec.startingPosition = null;
            return spec;
        }

        Spec function(String value) {
            function = value;
            return this;
        }

        Spec latest() {
            startingPosition = "LATEST";
            return this;
        }

        Spec batchSize(int value) {
            batchSize = value;
            return this;
        }

        Spec window(int seconds) {
            window = seconds;
            return this;
        }

        Spec retries(int value) {
            retries = value;
            return this;
        }

        Spec bisect() {
            bisect = true;
            return this;
        }

        Spec maxAge(int seconds) {
            maxAge = seconds;
            return this;
        }

        Spec onFailure(String queue) {
            onFailure = queue;
            return this;
        }

        Spec filter(String pattern) {
            filters.add(Fixtures.json(pattern));
            return this;
        }

        MappingSpec build() {
            return new MappingSpec(0, function, source, startingPosition, batchSize, window, retries, bisect, maxAge,
                    onFailure, filters);
        }
    }

    /** A wiring with just these mappings (and the queues and streams they name). */
    static Wiring wiring(Map<String, MappingSpec> mappings, Map<String, QueueSpec> queues) {
        return new Wiring(Map.of(), Map.of("Lab-Stream", new KinesisStreamSpec(1, 24)), queues, Map.of(), mappings,
                null);
    }

    static Wiring wiring(String name, MappingSpec mapping) {
        return wiring(Map.of(name, mapping), Map.of());
    }

    MappingEngine.Builder engine(Wiring wiring, FakeFunctionInvoker invoker, CheckpointStore checkpoints) {
        return MappingEngine.builder().wiring(wiring).resolver(resolver(null)).dynamoDbStreams(streams).sqs(sqs)
                .invoker(invoker).checkpoints(checkpoints).region(REGION).settings(FAST);
    }

    /** A clock the test moves forward, to age records without waiting. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        void reset() {
            offset.set(Duration.ZERO);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
