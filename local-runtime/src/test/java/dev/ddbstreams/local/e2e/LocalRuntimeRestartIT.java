package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local runtime keeps its data across a restart and resumes every mapping from its checkpoint: what was
 * processed before the restart is not delivered again, and what was written while it was down is not lost.
 */
class LocalRuntimeRestartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void restart_keepsData_andResumesFromCheckpoints_withoutRedeliveryOrLoss(@TempDir Path data) throws Exception {
        LocalRuntimeOptions options = LocalRuntimeOptions.forTests(RepositoryRoot.find()).withDataDirectory(data)
                .withKinesis(false);
        try (LocalRuntime first = LocalRuntime.start(options, line -> { })) {
            DynamoDbClient dynamoDb = first.clients().dynamoDb();
            putScore(dynamoDb, 1, "Ada", 10);
            putScore(dynamoDb, 2, "Ada", 20);
            putScore(dynamoDb, 3, "Bob", 5);
            await(() -> score(dynamoDb, "Ada") == 30 && score(dynamoDb, "Bob") == 5, "scores before the restart");
            // The counter is updated after the invocation returns, a moment after the effect is visible.
            await(() -> first.mappingStatus("game-scores").recordsDelivered() >= 3, "the delivered counter");
            assertEquals(3, first.mappingStatus("game-scores").recordsDelivered());
            assertTheHttpApiServesTheWiringsRoutesOnTheEndpoint(first);
        }

        List<String> console = new CopyOnWriteArrayList<>();
        try (LocalRuntime second = LocalRuntime.start(options, console::add)) {
            // Provisioning through the endpoint is idempotent: the second start finds everything, creates nothing.
            List<String> provisioned = console.stream().filter(line -> line.startsWith("provision: ")).toList();
            assertTrue(provisioned.contains("provision: function game-scores found"), provisioned.toString());
            assertTrue(provisioned.stream().anyMatch(line -> line.startsWith("provision: mapping game-scores found (")),
                    provisioned.toString());
            assertTrue(provisioned.stream().noneMatch(line -> line.contains(" created")), provisioned.toString());
            assertTrue(provisioned.stream().anyMatch(line -> line.startsWith("provision: HTTP API http-api found (")),
                    provisioned.toString());
            DynamoDbClient dynamoDb = second.clients().dynamoDb();
            assertEquals(30, score(dynamoDb, "Ada"), "aggregates survive the restart");
            putScore(dynamoDb, 2, "Bob", 20);   // moves record 2 from Ada to Bob
            await(() -> score(dynamoDb, "Ada") == 10 && score(dynamoDb, "Bob") == 25, "the change after the restart");
            // Only the new record was delivered: the three from before were checkpointed, not redelivered. Records
            // of a shard are delivered in order, so a redelivery of the old ones would be counted by now.
            await(() -> second.mappingStatus("game-scores").recordsDelivered() >= 1, "the delivered counter");
            assertEquals(1, second.mappingStatus("game-scores").recordsDelivered());
            assertTrue(second.functionLog("game-scores").stream().noneMatch(line -> line.contains("\"ERROR\"")),
                    () -> String.join("\n", second.functionLog("game-scores")));
        }
    }

    /**
     * The provisioner created the wiring's HTTP API in the endpoint's API Gateway too (CreateApi, integrations,
     * routes, the $default stage, Lambda permissions), so execute-api on the endpoint serves the same routes as :8080.
     */
    private static void assertTheHttpApiServesTheWiringsRoutesOnTheEndpoint(LocalRuntime runtime) throws Exception {
        try (ApiGatewayV2Client apiGateway = ApiGatewayV2Client.builder().endpointOverride(runtime.awsEndpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            var api = apiGateway.getApis(b -> { }).items().stream().filter(candidate -> candidate.name().equals("http-api"))
                    .findFirst().orElseThrow();
            assertEquals(Set.of("ANY /notes", "ANY /notes/{proxy+}", "ANY /users", "ANY /users/{proxy+}"),
                    apiGateway.getRoutes(b -> b.apiId(api.apiId())).items().stream().map(route -> route.routeKey())
                            .collect(java.util.stream.Collectors.toSet()));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(api.apiEndpoint() + "/notes")).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    private static void putScore(DynamoDbClient dynamoDb, int recordId, String user, int score) {
        dynamoDb.putItem(b -> b.tableName("GameScoreRecords").item(Map.of(
                "RecordID", AttributeValue.fromN(Integer.toString(recordId)), "Username", AttributeValue.fromS(user),
                "Score", AttributeValue.fromN(Integer.toString(score)), "Nickname", AttributeValue.fromS("n"))));
    }

    private static long score(DynamoDbClient dynamoDb, String user) {
        Map<String, AttributeValue> row = dynamoDb.getItem(b -> b.tableName("GameScoresByUser").consistentRead(true)
                .key(Map.of("Username", AttributeValue.fromS(user)))).item();
        return row == null || !row.containsKey("Score") ? 0 : new java.math.BigDecimal(row.get("Score").n()).longValueExact();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
