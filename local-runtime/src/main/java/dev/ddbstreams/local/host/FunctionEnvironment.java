package dev.ddbstreams.local.host;

import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.endpoint.lambda.FunctionDefinition;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The variables a function created through the Lambda API gets besides Lambda's own (which the launcher sets):
 * {@code AWS_ENDPOINT_URL} pointing at the local AWS endpoint, so the unchanged jar's SDK clients talk to it, and the
 * credentials. Then the function's {@code Environment.Variables}, which override these as they would in Lambda.
 *
 * <p>The credentials are kept here, in one place: the dummies of {@link #of} act as the account's root; when IAM is
 * enforced, {@link #launchCredentials} gives each new process of a function its execution role's session credentials
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), as Lambda gives an execution
 * environment its role's temporary credentials, and the endpoint holds every call made with them to the role's
 * policies. Every AWS call of a function goes to the endpoint ({@code AWS_ENDPOINT_URL}); the one exception is the
 * soak's fault proxy hook ({@code AWS_ENDPOINT_URL_DYNAMODB}), whose DynamoDB calls reach the engine unchecked.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html">Lambda execution role</a>
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints (AWS_ENDPOINT_URL)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">Defined runtime environment variables</a>
 */
public final class FunctionEnvironment {

    /** The dummy credentials of {@link #of}: with IAM enforced, {@link #launchCredentials} replaces them per process. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";
    public static final String SESSION_TOKEN = "local";

    private final URI edge;
    private final URI dynamoDbEngine;
    private final BiFunction<String, URI, URI> dynamoDbOverride;
    /** Mints a role session (role ARN, session name), when IAM is enforced; {@code null} otherwise. */
    private final BiFunction<String, String, AssumedRoleSession> sessions;
    /**
     * Each deployment's execution role and function, by {@link FunctionDefinition#deployment()}: a published version
     * keeps the role it was published with.
     */
    private final Map<String, ExecutionRole> roles = new ConcurrentHashMap<>();

    private record ExecutionRole(String roleArn, String functionName) {
    }

    /**
     * @param edge             the local AWS endpoint
     * @param dynamoDbEngine   the DynamoDB engine's own endpoint, handed to {@code dynamoDbOverride}
     * @param dynamoDbOverride a test harness hook (the soak's fault proxy): when it answers another endpoint than the
     *                         engine's, the function gets {@code AWS_ENDPOINT_URL_DYNAMODB} set to it
     */
    public FunctionEnvironment(URI edge, URI dynamoDbEngine, BiFunction<String, URI, URI> dynamoDbOverride) {
        this(edge, dynamoDbEngine, dynamoDbOverride, null);
    }

    /**
     * @param sessions mints a session of a role for a function ({@code EdgeEndpoint::functionCredentials}) when IAM is
     *                 enforced; {@code null}: every function keeps the dummy credentials
     */
    public FunctionEnvironment(URI edge, URI dynamoDbEngine, BiFunction<String, URI, URI> dynamoDbOverride,
            BiFunction<String, String, AssumedRoleSession> sessions) {
        this.edge = Objects.requireNonNull(edge, "edge");
        this.dynamoDbEngine = dynamoDbEngine;
        this.dynamoDbOverride = dynamoDbOverride == null ? (name, endpoint) -> endpoint : dynamoDbOverride;
        this.sessions = sessions;
    }

    /**
     * The credentials a new process of {@code deployment} ({@code <function>} or {@code <function>:<version>}) starts
     * with, minted now (valid 12 hours): its execution role's session, known as
     * {@code arn:aws:sts::<account>:assumed-role/<role>/<function>}. Empty (the dummies of {@link #of} stay) when IAM
     * is not enforced or the deployment was not made through {@link #of}.
     */
    public Map<String, String> launchCredentials(String deployment) {
        ExecutionRole role = roles.get(deployment);
        if (sessions == null || role == null) {
            return Map.of();
        }
        AssumedRoleSession session = sessions.apply(role.roleArn(), role.functionName());
        return Map.of("AWS_ACCESS_KEY_ID", session.accessKeyId(), "AWS_SECRET_ACCESS_KEY", session.secretAccessKey(),
                "AWS_SESSION_TOKEN", session.sessionToken());
    }

    /** The function's variables: endpoint, credentials, the hook's override, then its own. */
    public Map<String, String> of(FunctionDefinition function) {
        if (function.roleArn() != null) {
            roles.put(function.deployment(), new ExecutionRole(function.roleArn(), function.name()));
        }
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
