package dev.ddbstreams.local.host;

import dev.ddbstreams.endpoint.lambda.FunctionDefinition;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The variables a function created through the Lambda API gets besides Lambda's own (which the launcher sets):
 * {@code AWS_ENDPOINT_URL} pointing at the local AWS endpoint, so the unchanged jar's SDK clients talk to it, and the
 * credentials. Then the function's {@code Environment.Variables}, which override these as they would in Lambda.
 *
 * <p>The credentials are kept here, in one place: they are dummies today (requests with them act as the account's
 * root); a function's execution-role session credentials replace them when IAM is enforced for functions.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints (AWS_ENDPOINT_URL)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">Defined runtime environment variables</a>
 */
public final class FunctionEnvironment {

    /** The dummy credentials every function gets until functions get their execution role's session. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";
    public static final String SESSION_TOKEN = "local";

    private final URI edge;
    private final URI dynamoDbEngine;
    private final BiFunction<String, URI, URI> dynamoDbOverride;

    /**
     * @param edge             the local AWS endpoint
     * @param dynamoDbEngine   the DynamoDB engine's own endpoint, handed to {@code dynamoDbOverride}
     * @param dynamoDbOverride a test harness hook (the soak's fault proxy): when it answers another endpoint than the
     *                         engine's, the function gets {@code AWS_ENDPOINT_URL_DYNAMODB} set to it
     */
    public FunctionEnvironment(URI edge, URI dynamoDbEngine, BiFunction<String, URI, URI> dynamoDbOverride) {
        this.edge = Objects.requireNonNull(edge, "edge");
        this.dynamoDbEngine = dynamoDbEngine;
        this.dynamoDbOverride = dynamoDbOverride == null ? (name, endpoint) -> endpoint : dynamoDbOverride;
    }

    /** The function's variables: endpoint, credentials, the hook's override, then its own. */
    public Map<String, String> of(FunctionDefinition function) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", edge.toString());
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        if (dynamoDbEngine != null) {
            URI dynamoDb = dynamoDbOverride.apply(function.name(), dynamoDbEngine);
            if (dynamoDb != null && !dynamoDb.equals(dynamoDbEngine)) {
                environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
            }
        }
        environment.putAll(function.environment());
        return environment;
    }
}
