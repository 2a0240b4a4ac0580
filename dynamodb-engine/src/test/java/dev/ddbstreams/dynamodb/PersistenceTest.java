package dev.ddbstreams.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The data directory: a restart keeps tables, items and the stream (same sequence numbers); a torn last
 * log frame is cut off; snapshots bound the log and lose nothing.
 */
class PersistenceTest {

    @TempDir
    Path directory;

    @Test
    void restart_keepsItemsAndStreamRecords_acrossSnapshots() throws IOException {
        List<String> sequencesBefore;
        // A tiny snapshot threshold makes the engine snapshot and start new logs many times.
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(directory)
                .snapshotAfterBytes(4096).build()) {
            try (DynamoDbClient client = client(engine.endpoint())) {
                client.createTable(b -> b.tableName("kept").billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.N))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    client.putItem(b -> b.tableName("kept").item(Map.of("id", AttributeValue.fromN("" + (n % 50)),
                            "v", AttributeValue.fromN("" + n))));
                }
            }
            sequencesBefore = sequences(engine.endpoint());
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("snapshot-")), "a snapshot was taken");
        }
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(directory).build();
                DynamoDbClient client = client(engine.endpoint())) {
            for (int id = 0; id < 50; id++) {
                int key = id;
                assertEquals("" + (150 + id), client.getItem(b -> b.tableName("kept")
                        .key(Map.of("id", AttributeValue.fromN("" + key)))).item().get("v").n());
            }
            assertEquals(sequencesBefore, sequences(engine.endpoint()));
            assertEquals(200, sequencesBefore.size());
        }
    }

    @Test
    void tornLastFrame_isCutOff_andTheRestIsKept() throws IOException {
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(directory).build();
                DynamoDbClient client = client(engine.endpoint())) {
            client.createTable(b -> b.tableName("torn").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
            client.putItem(b -> b.tableName("torn").item(Map.of("id", AttributeValue.fromS("kept"))));
        }
        Path log;
        try (Stream<Path> files = Files.list(directory)) {
            log = files.filter(f -> f.getFileName().toString().startsWith("wal-")).findFirst().orElseThrow();
        }
        // Half a frame, as a process killed in the middle of write(2) leaves it.
        Files.write(log, new byte[] {0, 0, 1, 0, 42, 42, 42}, StandardOpenOption.APPEND);
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(directory).build();
                DynamoDbClient client = client(engine.endpoint())) {
            assertTrue(client.getItem(b -> b.tableName("torn").key(Map.of("id", AttributeValue.fromS("kept")))).hasItem());
            client.putItem(b -> b.tableName("torn").item(Map.of("id", AttributeValue.fromS("after"))));
        }
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(directory).build();
                DynamoDbClient client = client(engine.endpoint())) {
            assertTrue(client.getItem(b -> b.tableName("torn").key(Map.of("id", AttributeValue.fromS("after")))).hasItem());
        }
    }

    private static List<String> sequences(URI endpoint) {
        try (DynamoDbClient client = client(endpoint);
                DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint)
                        .region(Region.US_EAST_1).credentialsProvider(credentials())
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            String arn = client.describeTable(b -> b.tableName("kept")).table().latestStreamArn();
            String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<String> sequences = new ArrayList<>();
            while (true) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current));
                if (page.records().isEmpty()) {
                    return sequences;
                }
                page.records().stream().map(Record::dynamodb).forEach(r -> sequences.add(r.sequenceNumber()));
                iterator = page.nextShardIterator();
            }
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
