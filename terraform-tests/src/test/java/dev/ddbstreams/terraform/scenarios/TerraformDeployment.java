package dev.ddbstreams.terraform.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import dev.ddbstreams.local.scenarios.Deployment;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A deployment described by Terraform's {@code deployment} output ({@code terraform output -json deployment}),
 * reached at an endpoint with given credentials (LocalStack's), or at AWS with the default credentials.
 */
public final class TerraformDeployment implements Deployment, AutoCloseable {

    private final Map<String, String> tables;
    private final Optional<URI> httpApi;
    private final DynamoDbClient dynamoDb;

    private TerraformDeployment(Map<String, String> tables, Optional<URI> httpApi, DynamoDbClient dynamoDb) {
        this.tables = Map.copyOf(tables);
        this.httpApi = httpApi;
        this.dynamoDb = dynamoDb;
    }

    /**
     * @param output the {@code deployment} output object
     * @param endpoint the emulator endpoint, or null for AWS
     * @param accessKey access key for the endpoint (ignored for AWS)
     * @param secretKey secret key for the endpoint (ignored for AWS)
     * @param httpApiReachable whether the API's URL resolves from here (LocalStack's *.localstack.cloud names
     *     point at port 4566, not at a container's mapped port)
     */
    public static TerraformDeployment from(JsonNode output, URI endpoint, String accessKey, String secretKey, boolean httpApiReachable) {
        Map<String, String> tables = new LinkedHashMap<>();
        output.path("table_names").fields().forEachRemaining(entry -> tables.put(entry.getKey(), entry.getValue().asText()));
        var builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(output.path("region").asText()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        }
        String api = output.path("http_api_endpoint").asText(null);
        return new TerraformDeployment(tables, httpApiReachable && api != null ? Optional.of(URI.create(api)) : Optional.empty(),
                builder.build());
    }

    @Override
    public Optional<URI> httpApi() {
        return httpApi;
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    @Override
    public String table(String logicalName) {
        String name = tables.get(logicalName);
        if (name == null) {
            throw new IllegalArgumentException("Table " + logicalName + " is not deployed; deployed: " + tables.keySet());
        }
        return name;
    }

    /** Kinesis is not checked on this target: the Kinesis row needs the function's logs (scenario 7). */
    @Override
    public Optional<KinesisClient> kinesis() {
        return Optional.empty();
    }

    @Override
    public String kinesisStream(String logicalName) {
        return logicalName;
    }

    /** Function logs live in CloudWatch Logs here; the log-only rows are reported as skipped. */
    @Override
    public Optional<Introspection> introspection() {
        return Optional.empty();
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
