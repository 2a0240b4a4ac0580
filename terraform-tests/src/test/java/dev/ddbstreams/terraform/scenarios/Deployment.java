package dev.ddbstreams.terraform.scenarios;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A running deployment the scenario assertions drive: names are the wiring's logical names, mapped to
 * what was deployed (Terraform prefixes them per environment). The method names match the local runtime's
 * {@code dev.ddbstreams.local.scenarios.Deployment}, so one set of assertions can serve both.
 */
public interface Deployment {

    /** @return the base URL of the HTTP API, when this deployment exposes one the tests can reach */
    Optional<URI> httpApi();

    DynamoDbClient dynamoDb();

    /** @return the deployed name of the wiring's table {@code logicalName} */
    String table(String logicalName);
}
