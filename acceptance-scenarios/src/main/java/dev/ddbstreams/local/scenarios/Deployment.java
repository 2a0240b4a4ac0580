package dev.ddbstreams.local.scenarios;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A running deployment of the system the scenarios can drive: the local runtime, or the Terraform
 * deployment in LocalStack (or AWS). Logical names are the wiring's; {@link #table} and
 * {@link #kinesisStream} map them to what was deployed (Terraform may prefix them).
 */
public interface Deployment {

    /**
     * Base URL of the HTTP API, without a trailing slash; empty when it cannot be reached from here (e.g.
     * LocalStack serves API Gateway v2 only in its paid plan, under host names that resolve to port 4566).
     */
    Optional<URI> httpApi();

    DynamoDbClient dynamoDb();

    /** @return the Kinesis client, or empty when this deployment has no Kinesis */
    Optional<KinesisClient> kinesis();

    String table(String logicalName);

    String kinesisStream(String logicalName);

    /** What only the local runtime can show: function log lines and mapping counters. */
    Optional<Introspection> introspection();

    /** Read access to a deployment's function logs and mapping counters. */
    interface Introspection {

        /** @return the function's output lines so far, oldest first */
        List<String> functionLog(String function);

        /**
         * @return records the mapping delivered in successful invocations so far; empty where the deployment does
         *     not count them (AWS and LocalStack publish no such counter the checks could read)
         */
        OptionalLong recordsDelivered(String mapping);
    }
}
