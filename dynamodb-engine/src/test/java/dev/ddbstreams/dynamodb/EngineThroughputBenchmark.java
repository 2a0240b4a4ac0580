package dev.ddbstreams.dynamodb;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Single-item throughput over loopback HTTP with 1 and 8 SDK clients (not part of the default test run; run
 * with {@code -Dtest=EngineThroughputBenchmark}). Prints operations per second.
 */
class EngineThroughputBenchmark {

    private static final long SECONDS = Long.getLong("bench.seconds", 5);

    @Test
    void singleItemThroughput() throws Exception {
        Path directory = Files.createTempDirectory("ddb-bench");
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(directory).build()) {
            try (DynamoDbClient admin = client(engine.endpoint())) {
                admin.createTable(b -> b.tableName("bench").billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            }
            run(engine.endpoint(), 8, "PutItem"); // warm-up: JIT and connections
            for (int clients : new int[] {1, 8}) {
                for (String op : new String[] {"PutItem", "GetItem", "UpdateItem"}) {
                    System.out.printf("%s with %d client(s): %.0f ops/s%n", op, clients, run(engine.endpoint(), clients, op));
                }
            }
        }
    }

    private static double run(URI endpoint, int clients, String op) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int clientNumber = c;
            Thread thread = new Thread(() -> {
                try (DynamoDbClient client = client(endpoint)) {
                    for (long i = 0; System.nanoTime() < end; i++) {
                        String id = clientNumber + "-" + (i % 1000);
                        switch (op) {
                            case "PutItem" -> client.putItem(b -> b.tableName("bench").item(Map.of("id",
                                    AttributeValue.fromS(id), "payload", AttributeValue.fromS("x".repeat(200)),
                                    "n", AttributeValue.fromN("1"))));
                            case "GetItem" -> client.getItem(b -> b.tableName("bench").key(Map.of("id",
                                    AttributeValue.fromS(id))));
                            default -> client.updateItem(b -> b.tableName("bench").key(Map.of("id",
                                    AttributeValue.fromS(id))).updateExpression("ADD n :one")
                                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                        }
                        done.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get() / (double) SECONDS;
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
