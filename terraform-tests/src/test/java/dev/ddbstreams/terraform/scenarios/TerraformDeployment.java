package dev.ddbstreams.terraform.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.local.scenarios.Deployment;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A deployment described by Terraform's {@code deployment} output ({@code terraform output -json deployment}),
 * reached at an endpoint (the project's own, or LocalStack's) or at AWS. Function logs are read where Lambda
 * writes them, in CloudWatch Logs ({@code /aws/lambda/<function>}), so the log-only rows are checked too.
 */
public final class TerraformDeployment implements Deployment, Deployment.Introspection, AutoCloseable {

    private final Map<String, String> tables;
    private final Map<String, String> kinesisStreams;
    private final Map<String, String> functions;
    private final Map<String, String> mappingUuids;
    private final Optional<URI> httpApi;
    private final DynamoDbClient dynamoDb;
    private final KinesisClient kinesis;
    private final CloudWatchLogsClient logs;
    private final Function<String, OptionalLong> deliveredByMappingUuid;

    private TerraformDeployment(JsonNode output, Target target) {
        this.tables = names(output, "table_names");
        this.kinesisStreams = names(output, "kinesis_stream_names");
        this.functions = names(output, "function_names");
        this.mappingUuids = names(output, "mapping_uuids");
        String api = output.path("http_api_url").asText(null);
        this.httpApi = target.httpApiReachable() && api != null && !api.isBlank()
                ? Optional.of(URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api)) : Optional.empty();
        Region region = Region.of(output.path("region").asText());
        this.dynamoDb = client(DynamoDbClient.builder(), target, region);
        this.kinesis = kinesisStreams.isEmpty() ? null : client(KinesisClient.builder(), target, region);
        this.logs = client(CloudWatchLogsClient.builder(), target, region);
        this.deliveredByMappingUuid = target.deliveredByMappingUuid();
    }

    /**
     * Where the deployment is reached and what it can show.
     *
     * @param endpoint               the emulator endpoint, or null for AWS
     * @param credentials            credentials for the endpoint (null: the default chain, for AWS)
     * @param httpApiReachable       whether the API's URL is reachable from here (LocalStack's *.localstack.cloud names
     *                               point at port 4566, not at a container's mapped port)
     * @param deliveredByMappingUuid a mapping's delivered-record counter by its UUID, where the target counts them (the
     *                               project's own runtime does); else empty
     */
    public record Target(URI endpoint, AwsCredentialsProvider credentials, boolean httpApiReachable,
                         Function<String, OptionalLong> deliveredByMappingUuid) {
        public Target {
            deliveredByMappingUuid = deliveredByMappingUuid == null ? uuid -> OptionalLong.empty() : deliveredByMappingUuid;
        }
    }

    public static TerraformDeployment from(JsonNode output, Target target) {
        return new TerraformDeployment(output, target);
    }

    private static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(
            B builder, Target target, Region region) {
        builder.httpClient(UrlConnectionHttpClient.create()).region(region);
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        if (target.credentials() != null) {
            builder.credentialsProvider(target.credentials());
        }
        return builder.build();
    }

    private static Map<String, String> names(JsonNode output, String field) {
        Map<String, String> names = new LinkedHashMap<>();
        output.path(field).fields().forEachRemaining(entry -> names.put(entry.getKey(), entry.getValue().asText()));
        return Map.copyOf(names);
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
        return deployed("Table", tables, logicalName);
    }

    @Override
    public Optional<KinesisClient> kinesis() {
        return Optional.ofNullable(kinesis);
    }

    @Override
    public String kinesisStream(String logicalName) {
        return deployed("Kinesis stream", kinesisStreams, logicalName);
    }

    @Override
    public Optional<Introspection> introspection() {
        return Optional.of(this);
    }

    /** Every message in the function's log group, oldest first (FilterLogEvents over all its streams). */
    @Override
    public List<String> functionLog(String function) {
        String group = "/aws/lambda/" + deployed("Function", functions, function);
        List<String> lines = new ArrayList<>();
        try {
            logs.filterLogEventsPaginator(request -> request.logGroupName(group)).events().stream()
                    .map(FilteredLogEvent::message).forEach(lines::add);
        } catch (ResourceNotFoundException noGroupYet) {
            // Lambda creates the group on first output when Terraform did not; nothing logged yet.
        }
        return lines;
    }

    @Override
    public OptionalLong recordsDelivered(String mapping) {
        String uuid = mappingUuids.get(mapping);
        return uuid == null ? OptionalLong.empty() : deliveredByMappingUuid.apply(uuid);
    }

    private static String deployed(String kind, Map<String, String> names, String logicalName) {
        String name = names.get(logicalName);
        if (name == null) {
            throw new IllegalArgumentException(kind + " " + logicalName + " is not deployed; deployed: " + names.keySet());
        }
        return name;
    }

    @Override
    public void close() {
        dynamoDb.close();
        logs.close();
        if (kinesis != null) {
            kinesis.close();
        }
    }
}
