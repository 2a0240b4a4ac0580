package dev.ddbstreams.local.host;

import dev.ddbstreams.endpoint.EdgeEndpoint;
import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.local.mapping.SourceClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients a function's mappings poll with when IAM is enforced: through the AWS endpoint, signed with a session of
 * the function's execution role, as Lambda's pollers read a source and send on-failure records with the execution role.
 * The endpoint then checks each call against the role's policies, at each call, so a permission removed from the role
 * stops the mapping's reads at once with AWS's {@code AccessDeniedException} (its state and last error in
 * {@code /_local/status}, {@code PROBLEM: ...} in {@code LastProcessingResult}), and a restored one resumes them.
 *
 * <p>The role is looked up in the Lambda control plane at each new session (a function's role can change); a session
 * is renewed an hour before it expires. Its name is of the form Lambda's pollers use, {@code awslambda_<n>_<timestamp>}
 * (an assumed-role ARN {@code .../<role>/awslambda_719_20201123193819853} is recorded in
 * <a href="https://github.com/serverless/serverless/issues/8540">serverless#8540</a>).
 */
public final class RoleSourceClients implements AutoCloseable {

    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofHours(1);

    private final CompletableFuture<EdgeEndpoint> edge = new CompletableFuture<>();
    private final Region region;
    private final Clock clock;
    private final Map<String, SourceClients> byFunction = new ConcurrentHashMap<>();
    private final List<AutoCloseable> built = new ArrayList<>();

    public RoleSourceClients(Region region, Clock clock) {
        this.region = Objects.requireNonNull(region);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The endpoint is known once it listens; mappings it hands over while it starts wait for it here. */
    public void edgeStarted(EdgeEndpoint endpoint) {
        edge.complete(Objects.requireNonNull(endpoint));
    }

    /** The function's mappings' clients (one set per function, made on first use). */
    public SourceClients forFunction(String function) {
        return byFunction.computeIfAbsent(function, this::build);
    }

    private synchronized SourceClients build(String function) {
        EdgeEndpoint endpoint = awaitEdge();
        URI uri = endpoint.endpoint();
        AwsCredentialsProvider credentials = new RoleSession(endpoint, function);
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(uri).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        KinesisClient kinesis = KinesisClient.builder().endpointOverride(uri).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(uri).region(region)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        built.add(streams);
        built.add(kinesis);
        built.add(sqs);
        return new SourceClients(streams, kinesis, sqs);
    }

    private EdgeEndpoint awaitEdge() {
        try {
            return edge.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the AWS endpoint", e);
        } catch (Exception e) {
            throw new IllegalStateException("the AWS endpoint did not start", e);
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing HTTP clients only
            }
        }
        built.clear();
        byFunction.clear();
    }

    /** A session of the function's current execution role, renewed before it expires or when the role changes. */
    private final class RoleSession implements AwsCredentialsProvider {
        private final EdgeEndpoint endpoint;
        private final String function;
        private AssumedRoleSession session;

        RoleSession(EdgeEndpoint endpoint, String function) {
            this.endpoint = endpoint;
            this.function = function;
        }

        @Override
        public synchronized AwsCredentials resolveCredentials() {
            String role = endpoint.lambda().getFunctionConfiguration(function, null).path("Role").asText(null);
            if (role == null) {
                throw new IllegalStateException("function " + function + " has no execution role");
            }
            if (session == null || !session.roleArn().equals(role)
                    || session.expirationMillis() - RENEW_BEFORE_EXPIRY.toMillis() < clock.millis()) {
                String name = "awslambda_" + ThreadLocalRandom.current().nextInt(100, 1000) + "_"
                        + SESSION_TIME.format(clock.instant());
                session = endpoint.functionCredentials(role, name);
            }
            return AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
        }
    }
}
