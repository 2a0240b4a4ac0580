package dev.ddbstreams.local;

import dev.ddbstreams.local.scenarios.Deployment;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The local runtime seen as a {@link Deployment} the scenario checks can drive: local names are the wiring's
 * names. It lives with the harness, not the runtime, so the runtime does not depend on its acceptance checks.
 */
public final class LocalDeployment implements Deployment, Deployment.Introspection {

    private final LocalRuntime runtime;

    private LocalDeployment(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    /** @return the running runtime as a deployment */
    public static Deployment of(LocalRuntime runtime) {
        return new LocalDeployment(runtime);
    }

    @Override
    public Optional<URI> httpApi() {
        return Optional.of(runtime.httpEndpoint());
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return runtime.clients().dynamoDb();
    }

    @Override
    public Optional<KinesisClient> kinesis() {
        return runtime.clients().kinesis();
    }

    @Override
    public String table(String logicalName) {
        return logicalName;
    }

    @Override
    public String kinesisStream(String logicalName) {
        return logicalName;
    }

    @Override
    public Optional<Introspection> introspection() {
        return Optional.of(this);
    }

    @Override
    public List<String> functionLog(String function) {
        return runtime.functionLog(function);
    }

    @Override
    public OptionalLong recordsDelivered(String mapping) {
        return OptionalLong.of(runtime.mappingStatus(mapping).recordsDelivered());
    }
}
