package dev.ddbstreams.dynamodb.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
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
 * The engine runs in a child JVM on a data directory; single puts, updates and transactions are written
 * until the child is killed with SIGKILL mid-run. Restarted on the same directory, every acknowledged write
 * is there and the stream holds exactly the writes, in order (at most the one write in flight at the kill
 * may be there too, unacknowledged).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">DynamoDB Streams: each item modification appears exactly once, in order</a>
 */
class ServerProcessCrashTest {

    @TempDir
    Path dataDirectory;

    @Test
    void acknowledgedWrites_andTheirStreamRecords_surviveSigkill() throws Exception {
        Process child = startChild();
        URI endpoint = endpointOf(child);
        List<Integer> acknowledged = new ArrayList<>();
        try (DynamoDbClient client = client(endpoint)) {
            client.createTable(b -> b.tableName("crash").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.N))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
            AtomicBoolean running = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    int n = i;
                    try {
                        switch (n % 3) {
                            case 0 -> client.putItem(b -> b.tableName("crash").item(Map.of("id", num(n), "v", num(n))));
                            case 1 -> client.updateItem(b -> b.tableName("crash").key(Map.of("id", num(n)))
                                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", num(n))));
                            default -> client.transactWriteItems(b -> b.transactItems(t -> t.put(p -> p
                                    .tableName("crash").item(Map.of("id", num(n), "v", num(n))))));
                        }
                        synchronized (acknowledged) {
                            acknowledged.add(n);
                        }
                    } catch (RuntimeException e) {
                        System.err.println("writer stopped: " + e);
                        return; // the server is gone
                    }
                }
            });
            writer.start();
            // Kill mid-run, once enough writes were acknowledged (a loaded machine is slow to get there).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (writer.isAlive() && System.nanoTime() < deadline) {
                synchronized (acknowledged) {
                    if (acknowledged.size() >= 150) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor(10, TimeUnit.SECONDS);
            running.set(false);
            writer.join(10_000);
        }
        assertTrue(acknowledged.size() > 10, "the writer got going: " + acknowledged.size());

        Process restarted = startChild();
        URI restartedEndpoint = endpointOf(restarted);
        try (DynamoDbClient client = client(restartedEndpoint);
                DynamoDbStreamsClient streams = streamsClient(restartedEndpoint)) {
            for (int n : acknowledged) {
                Map<String, AttributeValue> item = client.getItem(b -> b.tableName("crash").key(Map.of("id", num(n))))
                        .item();
                assertEquals(String.valueOf(n), item.get("v").n(), "acknowledged write " + n);
            }
            String arn = client.describeTable(b -> b.tableName("crash")).table().latestStreamArn();
            String shardId = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Integer> streamed = new ArrayList<>();
            while (iterator != null) {
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current));
                for (Record record : page.records()) {
                    streamed.add(Integer.parseInt(record.dynamodb().keys().get("id").n()));
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
            assertTrue(streamed.size() == acknowledged.size() || streamed.size() == acknowledged.size() + 1,
                    "stream " + streamed.size() + " records, acknowledged " + acknowledged.size());
            assertEquals(acknowledged, streamed.subList(0, acknowledged.size()), "stream order");
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startChild() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.ddbstreams.dynamodb.Main", "--port", "0", "--data-dir", dataDirectory.toString())
                .redirectErrorStream(true).start();
    }

    private static URI endpointOf(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("http://");
            if (at >= 0) {
                return URI.create(line.substring(at).trim());
            }
        }
        throw new IllegalStateException("the child engine printed no endpoint");
    }

    private static AttributeValue num(int n) {
        return AttributeValue.fromN(Integer.toString(n));
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static DynamoDbStreamsClient streamsClient(URI endpoint) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

}
