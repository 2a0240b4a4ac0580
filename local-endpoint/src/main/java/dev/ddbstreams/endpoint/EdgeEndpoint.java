package dev.ddbstreams.endpoint;

import dev.ddbstreams.endpoint.alarms.AlarmHandler;
import dev.ddbstreams.endpoint.alarms.AlarmService;
import dev.ddbstreams.endpoint.alarms.AlarmState;
import dev.ddbstreams.endpoint.apigateway.ApiGatewayHandler;
import dev.ddbstreams.endpoint.apigateway.ApiGatewayService;
import dev.ddbstreams.endpoint.apigateway.ExecuteApiHandler;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel;
import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.endpoint.iam.IamQueryHandler;
import dev.ddbstreams.endpoint.iam.IamService;
import dev.ddbstreams.endpoint.iam.IamState;
import dev.ddbstreams.endpoint.iam.enforcement.IamEnforcer;
import dev.ddbstreams.endpoint.iam.enforcement.Permission;
import dev.ddbstreams.endpoint.iam.policy.Decision;
import dev.ddbstreams.endpoint.lambda.EventSourceMappingHost;
import dev.ddbstreams.endpoint.lambda.FunctionHost;
import dev.ddbstreams.endpoint.lambda.LambdaRestHandler;
import dev.ddbstreams.endpoint.lambda.LambdaService;
import dev.ddbstreams.endpoint.lambda.LambdaInvoker;
import dev.ddbstreams.endpoint.logs.LambdaLogs;
import dev.ddbstreams.endpoint.logs.LogsJsonHandler;
import dev.ddbstreams.endpoint.logs.LogsService;
import dev.ddbstreams.endpoint.persistence.SnapshotStore;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;
import dev.ddbstreams.endpoint.routing.AwsService;
import dev.ddbstreams.endpoint.routing.EdgeHandler;
import dev.ddbstreams.endpoint.routing.Route;
import dev.ddbstreams.endpoint.sqs.SqsFrontHandler;
import dev.ddbstreams.endpoint.sts.StsQueryHandler;
import dev.ddbstreams.endpoint.sts.StsService;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local AWS endpoint: one port (127.0.0.1:4566 by default) for every service the project uses. It serves IAM, STS,
 * CloudWatch Logs, CloudWatch metric alarms, Lambda's control plane and API Gateway v2 HTTP APIs (control plane and execute-api)
 * itself and forwards DynamoDB, DynamoDB Streams, Kinesis and SQS to the
 * in-process servers the caller registers ({@link Builder#forward}). Further in-process services
 * are registered with {@link Builder#serve}.
 * <pre>{@code
 * EdgeEndpoint edge = EdgeEndpoint.builder()
 *         .port(4566).region("us-east-1").accountId("000000000000").dataDirectory(Path.of(".local-data/endpoint"))
 *         .forward(AwsService.DYNAMODB, dynamoDb.endpoint()).forward(AwsService.DYNAMODB_STREAMS, dynamoDb.endpoint())
 *         .forward(AwsService.KINESIS, URI.create("http://127.0.0.1:4567")).forward(AwsService.SQS, URI.create("http://127.0.0.1:9324"))
 *         .start();
 * edge.lambdaLogs().append("word-count", instanceId, lines);
 * }</pre>
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints (AWS_ENDPOINT_URL)</a>
 */
public final class EdgeEndpoint implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final String host;
    private final IamService iam;
    private final LogsService logs;
    private final AlarmService alarms;
    private final ApiGatewayService apiGateway;
    private final LambdaInvoker lambdaInvoker;
    private final StsService sts;
    private final IamEnforcer enforcer;
    private final LambdaService lambda;
    private final Clock clock;

    private EdgeEndpoint(Builder builder) throws Exception {
        Optional<Path> directory = Optional.ofNullable(builder.dataDirectory);
        clock = builder.clock;
        iam = new IamService(builder.accountId, builder.clock, SnapshotStore.in(directory, "iam", IamState.class));
        logs = new LogsService(builder.region, builder.accountId, builder.clock, directory);
        alarms = new AlarmService(builder.region, builder.accountId, builder.clock, SnapshotStore.in(directory, "alarms", AlarmState.class));
        enforcer = new IamEnforcer(iam, builder.region, builder.clock);
        // When IAM is enforced, mapping creation checks the function's execution role as AWS does.
        lambda = LambdaService.open(builder.region, builder.accountId, builder.clock, iam, directory, builder.functionHost,
                builder.eventSourceMappingHost, builder.lambdaAsyncRetryDelays,
                builder.enforceIam ? Optional.of((role, action, resource) -> enforcer.decide(role, new Permission(action, resource)))
                        : Optional.empty());
        // API Gateway invokes through the Lambda control plane unless the caller gives another invoker (tests).
        lambdaInvoker = builder.lambdaInvoker != null ? builder.lambdaInvoker : lambda;
        apiGateway = new ApiGatewayService(builder.region, builder.accountId, builder.clock, this::endpoint,
                SnapshotStore.in(directory, "apigateway", HttpApiModel.State.class));

        Map<AwsService, Route> routes = new EnumMap<>(AwsService.class);
        routes.put(AwsService.IAM, new Route.InProcess(new IamQueryHandler(iam)));
        sts = new StsService(iam, builder.clock);
        routes.put(AwsService.STS, new Route.InProcess(new StsQueryHandler(sts)));
        routes.put(AwsService.LOGS, new Route.InProcess(new LogsJsonHandler(logs)));
        routes.put(AwsService.MONITORING, new Route.InProcess(new AlarmHandler(alarms)));
        routes.put(AwsService.LAMBDA, new Route.InProcess(new LambdaRestHandler(lambda)));
        routes.put(AwsService.APIGATEWAY, new Route.InProcess(new ApiGatewayHandler(apiGateway)));
        routes.put(AwsService.EXECUTE_API, new Route.InProcess(new ExecuteApiHandler(apiGateway, () -> lambdaInvoker)));
        routes.putAll(builder.routes);
        if (builder.elasticMq != null) {
            routes.put(AwsService.SQS, new Route.InProcess(new SqsFrontHandler(builder.elasticMq, builder.region,
                    builder.accountId, directory, this::endpoint)));
        }

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("edge");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setUriCompliance(ExecuteApiHandler.RAW_PATHS);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(builder.host);
        connector.setPort(builder.port);
        server.addConnector(connector);
        server.setHandler(new EdgeHandler(routes, builder.enforceIam ? Optional.of(enforcer) : Optional.empty()));
        server.setErrorHandler(new JsonErrorHandler());
        host = builder.host;
        try {
            server.start();
        } catch (Exception bindFailed) {
            // A port in use must not leave a half-started server (threads, open journal) behind.
            server.stop();
            logs.close();
            lambda.close();
            throw bindFailed;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the edge listens on (the one chosen when the builder asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<host>:<port>}, what {@code AWS_ENDPOINT_URL} is set to. */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port());
    }

    /** Where the local runtime writes each function's output, as Lambda writes it to CloudWatch Logs. */
    public LambdaLogs lambdaLogs() {
        return new LambdaLogs(logs, clock);
    }

    /** IAM's state, for the runtime to look roles up (for example a function's execution role). */
    public IamService iam() {
        return iam;
    }

    /** API Gateway v2's state (HTTP APIs, their stages, integrations and routes). */
    public ApiGatewayService apiGateway() {
        return apiGateway;
    }

    /**
     * Temporary credentials for a function's execution role, as Lambda gives them to a function
     * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}): the function is then known
     * as {@code arn:aws:sts::<account>:assumed-role/<role>/<function>} and, when the edge enforces IAM
     * ({@link Builder#enforceIam}), each of its calls is allowed only as far as the role's policies allow it. The
     * credentials are valid for {@link #FUNCTION_CREDENTIALS_VALIDITY}; mint new ones for each function process.
     *
     * @throws IllegalArgumentException if the role does not exist
     */
    public AssumedRoleSession functionCredentials(String roleArn, String functionName) {
        return sts.functionSession(roleArn, functionName, FUNCTION_CREDENTIALS_VALIDITY);
    }

    /**
     * What a role's identity-based policies decide for {@code action} on {@code resourceArn} (for checks AWS makes on a
     * role itself, such as an event source mapping's execution role reading its source), enforced or not.
     */
    public Decision authorize(String roleArn, String action, String resourceArn) {
        return enforcer.decide(roleArn, new Permission(action, resourceArn));
    }

    /** How long {@link #functionCredentials} stay valid: 12 hours, the longest a role session can last in AWS. */
    public static final Duration FUNCTION_CREDENTIALS_VALIDITY = Duration.ofHours(12);

    /**
     * Lambda's control plane: functions, versions, aliases, policies and event source mappings; also what API
     * Gateway invokes functions through ({@link dev.ddbstreams.endpoint.lambda.LambdaInvoker}).
     */
    public LambdaService lambda() {
        return lambda;
    }

    /** Stops serving, then the control planes; unchecked, so try-with-resources needs no handler for it. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the edge endpoint's HTTP server stopped", e);
        } catch (Exception e) {
            throw new IllegalStateException("The edge endpoint's HTTP server did not stop cleanly", e);
        } finally {
            lambda.close();
            logs.close();
        }
    }

    /** Configures and starts an {@link EdgeEndpoint}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 4566;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private Path dataDirectory;
        private Clock clock = Clock.systemUTC();
        private boolean enforceIam;
        private final Map<AwsService, Route> routes = new EnumMap<>(AwsService.class);
        private URI elasticMq;
        private FunctionHost functionHost = FunctionHost.NONE;
        private EventSourceMappingHost eventSourceMappingHost = EventSourceMappingHost.NONE;
        private List<Duration> lambdaAsyncRetryDelays = LambdaService.AWS_ASYNC_RETRY_DELAYS;
        private LambdaInvoker lambdaInvoker;

        private Builder() {
        }

        /** The interface to bind; loopback by default, as nothing here is authenticated. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port; 0 picks a free one (tests). Default 4566. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The region in ARNs (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        /** The account in ARNs and GetCallerIdentity (default 000000000000). */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId);
            return this;
        }

        /** Where IAM, Logs and alarm state is kept; {@code null} (the default) keeps it in memory only. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Whether requests signed with role-session credentials ({@code AssumeRole}'s, {@link #functionCredentials}) are
         * authorized against the role's identity-based policies before they reach their service. Off by default;
         * requests signed with any other credentials act as the account's root either way.
         */
        public Builder enforceIam(boolean enforceIam) {
            this.enforceIam = enforceIam;
            return this;
        }

        /**
         * Forwards {@code service}'s requests to a server on loopback ({@code http://127.0.0.1:8000}, say).
         * {@link AwsService#SQS} goes through the SQS front ({@link SqsFrontHandler}) to the ElasticMQ at {@code backend}:
         * ElasticMQ keeps queues and messages, the front answers with AWS's queue attributes, ARNs, URLs and errors.
         */
        public Builder forward(AwsService service, URI backend) {
            if (service == AwsService.SQS) {
                routes.remove(service);
                elasticMq = Objects.requireNonNull(backend);
                return this;
            }
            routes.put(service, new Route.Forward(backend));
            return this;
        }

        /** Serves {@code service} with an in-process handler (replacing a built-in one if there is one). */
        public Builder serve(AwsService service, ServiceHandler handler) {
            if (service == AwsService.SQS) {
                elasticMq = null;
            }
            routes.put(service, new Route.InProcess(handler));
            return this;
        }

        /** What runs the functions the Lambda API stores (default {@link FunctionHost#NONE}: stored, not run). */
        public Builder functionHost(FunctionHost functionHost) {
            this.functionHost = Objects.requireNonNull(functionHost);
            return this;
        }

        /** What polls the event source mappings the Lambda API stores (default {@link EventSourceMappingHost#NONE}). */
        public Builder eventSourceMappingHost(EventSourceMappingHost eventSourceMappingHost) {
            this.eventSourceMappingHost = Objects.requireNonNull(eventSourceMappingHost);
            return this;
        }

        /** Waits before each retry of a failed asynchronous invocation (default AWS's: 1 and 2 minutes; tests shorten them). */
        public Builder lambdaAsyncRetryDelays(List<Duration> delays) {
            this.lambdaAsyncRetryDelays = List.copyOf(delays);
            return this;
        }

        /**
         * How API Gateway's Lambda proxy integrations invoke functions (the Lambda control plane's invoker). Default: the
         * edge's own Lambda control plane ({@link EdgeEndpoint#lambda()}).
         */
        public Builder lambdaInvoker(LambdaInvoker lambdaInvoker) {
            this.lambdaInvoker = lambdaInvoker;
            return this;
        }

        public EdgeEndpoint start() {
            try {
                return new EdgeEndpoint(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the edge endpoint on " + host + ":" + port, e);
            }
        }
    }
}
