package dev.ddbstreams.local.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.local.wiring.Wiring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ProvisionerIT {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    private static final Wiring WIRING = Wiring.load(Path.of("..", "terraform", "wiring.json"));

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();
    private static ElasticMq elasticMq;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMq.start(0);
        dynamoDb = DynamoDbClient.builder().endpointOverride(DYNAMODB.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(elasticMq.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
        sqs.close();
        elasticMq.close();
    }

    @Test
    void provision_createsEveryTableQueueAndRedrive_andIsIdempotent() {
        List<String> progress = new ArrayList<>();
        ProvisionedResources first = new Provisioner(dynamoDb, sqs, null, progress::add).provision(WIRING);

        assertEquals(WIRING.tables().size(), dynamoDb.listTables().tableNames().size());
        var orders = dynamoDb.describeTable(b -> b.tableName("Orders")).table();
        assertEquals(KeyType.RANGE, orders.keySchema().get(1).keyType());
        assertEquals(StreamViewType.KEYS_ONLY, orders.streamSpecification().streamViewType());
        assertEquals(WIRING.tables().values().stream().filter(t -> t.streamViewType() != null).count(),
                first.streamArnsByTable().size());

        String redrive = sqs.getQueueAttributes(b -> b.queueUrl(first.queue("word-count").url())
                .attributeNames(QueueAttributeName.REDRIVE_POLICY, QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        assertTrue(redrive.contains(first.queue("word-count-dlq").arn()), redrive);
        assertTrue(redrive.contains("5"), redrive);
        assertTrue(first.unavailable().get(0).contains("Lab-Stream"), first.unavailable().toString());

        ProvisionedResources again = new Provisioner(dynamoDb, sqs, null, progress::add).provision(WIRING);
        assertEquals(first.streamArnsByTable(), again.streamArnsByTable());
        assertEquals(first.queues(), again.queues());
        assertTrue(progress.stream().anyMatch(line -> line.equals("table notes found (stream NEW_IMAGE)")), progress.toString());
        assertNotNull(again.queue("store-orders-echo-dlq").arn());
    }
}
