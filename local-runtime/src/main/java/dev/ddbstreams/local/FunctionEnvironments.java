package dev.ddbstreams.local;

import dev.ddbstreams.local.provision.ProvisionedResources;
import dev.ddbstreams.local.wiring.EnvironmentValue;
import dev.ddbstreams.local.wiring.FunctionSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves a function's declared environment to the local resources, and adds the SDK's standard
 * endpoint variables so the unchanged jar talks to the emulators instead of AWS.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints</a>
 */
final class FunctionEnvironments {

    private FunctionEnvironments() {
    }

    static Map<String, String> resolve(FunctionSpec function, ProvisionedResources resources, URI dynamoDb,
            URI sqs, URI kinesis) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqs.toString());
        if (kinesis != null) {
            environment.put("AWS_ENDPOINT_URL_KINESIS", kinesis.toString());
        }
        function.environment().forEach((name, value) -> environment.put(name, resolve(value, resources)));
        return environment;
    }

    private static String resolve(EnvironmentValue value, ProvisionedResources resources) {
        if (value.table() != null) {
            return value.table();
        }
        if (value.queueUrl() != null) {
            return resources.queue(value.queueUrl()).url();
        }
        return value.value();
    }
}
