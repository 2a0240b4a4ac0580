package dev.ddbstreams.local;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.EdgeEndpoint;
import dev.ddbstreams.endpoint.routing.AwsService;
import dev.ddbstreams.local.host.CloudWatchEnvironmentLogs;
import dev.ddbstreams.endpoint.lambda.EventSourceMappingHost;
import dev.ddbstreams.endpoint.lambda.FunctionHost;
import dev.ddbstreams.local.host.FunctionEnvironment;
import dev.ddbstreams.local.host.RuntimeFunctionHost;
import dev.ddbstreams.local.host.RoleSourceClients;
import dev.ddbstreams.local.host.RuntimeMappingHost;
import dev.ddbstreams.local.lambda.EnvironmentLogs;
import dev.ddbstreams.local.mapping.EventSourceCheck;
import dev.ddbstreams.local.provision.ProvisioningClients;
import dev.ddbstreams.local.wiring.HttpApiSpec;
import dev.ddbstreams.local.wiring.SourceType;
import dev.ddbstreams.local.http.HttpApiServer;
import dev.ddbstreams.kinesis.KinesisEngine;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.FunctionRuntime;
import dev.ddbstreams.local.mapping.ApiSourceResolver;
import dev.ddbstreams.local.mapping.BatchReport;
import dev.ddbstreams.local.mapping.CheckpointStore;
import dev.ddbstreams.local.mapping.FileCheckpointStore;
import dev.ddbstreams.local.mapping.InMemoryCheckpointStore;
import dev.ddbstreams.local.mapping.MappingEngine;
import dev.ddbstreams.local.mapping.MappingStatus;
import dev.ddbstreams.local.provision.ProvisionedResources;
import dev.ddbstreams.local.provision.Provisioner;
import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;

/**
 * The whole system on one machine: our DynamoDB and Kinesis engines and ElasticMQ in this JVM, every table,
 * stream and queue of the wiring, each function in its own JVM through the
 * Lambda Runtime Interface Client, the event source mappings, and the HTTP API. {@link #close()} stops all of
 * it, child processes included.
 */
public final class LocalRuntime implements AutoCloseable {

    /** Function lines kept per function for {@link #functionLog} (the scenario checks read them). */
    private static final int LOG_LINES_PER_FUNCTION = 5_000;
    /** Execution environments per HTTP function, so concurrent requests are not queued behind one. */
    private static final int HTTP_FUNCTION_INSTANCES = 2;
    /** The account in every ARN (the endpoint's and the functions'). */
    private static final String ACCOUNT_ID = "000000000000";

    private final LocalRuntimeOptions options;
    private final Wiring wiring;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final FunctionLogBook logBook = new FunctionLogBook(LOG_LINES_PER_FUNCTION);
    private final long startNanos = System.nanoTime();
    private final List<String> unavailable = new ArrayList<>();

    private DynamoDbEngine dynamoDbEngine;
    private ElasticMq elasticMq;
    private EdgeEndpoint edge;
    private KinesisEngine kinesis;
    private LocalClients clients;
    private FunctionRuntime functions;
    private MappingEngine mappings;
    private HttpApiServer httpApi;
    private volatile CloudWatchEnvironmentLogs functionLogs;
    /** Set once the endpoint listens; each new function process gets its credentials from it. */
    private volatile FunctionEnvironment functionEnvironment;
    private Path workDirectory;
    private Duration startupTime;

    private LocalRuntime(LocalRuntimeOptions options) {
        this.options = options;
        this.wiring = Wiring.load(options.wiringFile());
    }

    /**
     * Starts everything and returns when the system is ready.
     *
     * @param console receives progress lines, one line per invocation and every function output line
     * @throws IllegalStateException naming what failed to start; whatever had started is stopped again
     */
    public static LocalRuntime start(LocalRuntimeOptions options, Consumer<String> console) {
        LocalRuntime runtime = new LocalRuntime(options);
        try {
            runtime.startAll(console);
            return runtime;
        } catch (RuntimeException | Error e) {
            // An Error too (a NoClassDefFoundError from an incomplete class path): the engines' threads would
            // otherwise keep the JVM alive after the caller gave up, holding the ports.
            try {
                runtime.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void startAll(Consumer<String> console) {
        Path data = options.dataDirectory();
        console.accept("local runtime: starting emulators" + (data == null ? " in memory" : ", data in " + data));
        dynamoDbEngine = track(DynamoDbEngine.builder().port(options.dynamoDbPort()).dataDirectory(directory(data, "dynamodb"))
                .region(options.region()).build());
        elasticMq = track(ElasticMq.start(options.sqsPort(), directory(data, "sqs")));
        URI kinesisEndpoint = startKinesis(data, console);
        clients = track(LocalClients.connect(Region.of(options.region()), dynamoDbEngine.endpoint(),
                elasticMq.endpoint(), kinesisEndpoint));

        // The engines first: the endpoint hands them its stored functions and mappings as it starts.
        functions = track(FunctionRuntime.builder()
                .runtimeLibraries(options.repositoryRoot().resolve("local-runtime/target/lambda-runtime"))
                .region(options.region())
                .environmentLogs(function -> functionLogs == null ? EnvironmentLogs.NONE.open(function)
                        : functionLogs.open(function))
                .launchVariables(function -> functionEnvironment == null ? Map.of()
                        : functionEnvironment.launchCredentials(function))
                .outputListener((function, line) -> {
                    logBook.append(function, line);
                    console.accept("[" + function + "] " + line);
                })
                .build());
        FunctionInvoker invoker = options.hooks().invokerDecorator().apply(functions);
        CheckpointStore checkpoints = data == null ? new InMemoryCheckpointStore()
                : new FileCheckpointStore(directory(data, "checkpoints"));
        MappingEngine.Builder engine = MappingEngine.builder()
                .resolver(new ApiSourceResolver(clients.dynamoDb(), clients.sqs(), clients.kinesis().orElse(null)))
                .dynamoDbStreams(clients.dynamoDbStreams())
                .sqs(clients.sqs())
                .invoker(invoker)
                .checkpoints(checkpoints)
                .region(options.region())
                .listener(report -> {
                    console.accept(invocationLine(report));
                    options.hooks().batchListener().onBatch(report);
                });
        RoleSourceClients roleClients = null;
        if (options.iam()) {
            // Lambda's pollers read with the function's execution role: through the endpoint, which checks its policies.
            roleClients = track(new RoleSourceClients(Region.of(options.region()), java.time.Clock.systemUTC()));
            engine.clientsForFunction(roleClients::forFunction);
        }
        clients.kinesis().ifPresentOrElse(engine::kinesis, () -> engine.kinesisUnavailableReason(
                options.kinesisEnabled() ? "no Kinesis stream in the wiring" : "Kinesis disabled (--no-kinesis)"));
        mappings = track(engine.build());
        mappings.start();

        Set<String> httpFunctions = options.empty() ? Set.of() : Set.copyOf(wiring.httpApi().routes().values());
        RuntimeFunctionHost functionHost = new RuntimeFunctionHost(functions, invoker, directory(workDirectory(), "packages"),
                name -> httpFunctions.contains(name) ? HTTP_FUNCTION_INSTANCES : 1);
        RuntimeMappingHost mappingHost = new RuntimeMappingHost(mappings, new EventSourceCheck(clients.dynamoDbStreams(),
                clients.kinesis().orElse(null), clients.sqs()));
        edge = track(startEdge(data, kinesisEndpoint, functionHost, mappingHost));
        if (roleClients != null) {
            roleClients.edgeStarted(edge);
        }
        functionLogs = track(new CloudWatchEnvironmentLogs(edge.lambdaLogs()));
        EdgeEndpoint started = edge;
        functionEnvironment = new FunctionEnvironment(edge.endpoint(), dynamoDbEngine.endpoint(),
                options.hooks().functionDynamoDbEndpoint(), options.iam() ? started::functionCredentials : null);
        functionHost.start(functionEnvironment);
        console.accept(options.iam() ? "iam: enforced (each function and its mappings act as its execution role; --no-iam turns this off)"
                : "iam: not enforced (--no-iam): functions and mappings act as the account's root");

        if (options.empty()) {
            console.accept("provision: nothing (--empty)");
        } else {
            try (ProvisioningClients provisioning = ProvisioningClients.of(edge.endpoint(), options.region(),
                    kinesisEndpoint != null)) {
                ProvisionedResources resources = new Provisioner(provisioning, options.repositoryRoot(),
                        options.region(), ACCOUNT_ID, line -> console.accept("provision: " + line)).provision(wiring);
                unavailable.addAll(resources.unavailable());
            }
            disableWhatCannotRun();
            // Uploading the functions' jars through the SDK and the edge, both in this JVM, leaves a few hundred MB of
            // garbage (base64 bodies) that made G1 grow the heap; a full collection now, once, gives that memory back to
            // the OS (G1 shrinks the heap after a full GC) instead of keeping it committed while the runtime idles.
            System.gc();
        }

        httpApi = track(HttpApiServer.builder()
                .port(options.httpPort())
                .api(options.empty() ? new HttpApiSpec(wiring.httpApi().throttlingBurstLimit(),
                        wiring.httpApi().throttlingRateLimit(), Map.of()) : wiring.httpApi())
                .invoker(invoker)
                .status(this::status)
                .requestListener(request -> console.accept("http: " + request.toLogLine()))
                .start());
        startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The wiring's mappings that could not be created (their source or function unavailable, e.g. Kinesis with
     * {@code --no-kinesis}) still show in the status, disabled, with the reason.
     */
    private void disableWhatCannotRun() {
        Set<String> running = Set.copyOf(mappings.names());
        for (String name : wiring.mappingNames()) {
            if (!running.contains(name)) {
                String reason = unavailable.stream().filter(line -> line.startsWith("mapping " + name + ":")).findFirst()
                        .orElse("not created");
                if (wiring.mappings().get(name).source().type() == SourceType.KINESIS && !options.kinesisEnabled()) {
                    reason = "Kinesis disabled (--no-kinesis)";
                }
                mappings.putDisabled(name, wiring.mappings().get(name), reason);
            }
        }
    }

    /** Where the runtime keeps what it needs only while it runs (extracted deployment packages). */
    private Path workDirectory() {
        if (workDirectory == null) {
            try {
                workDirectory = Files.createTempDirectory("ddbstreams-runtime-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the runtime's work directory", e);
            }
            Path created = workDirectory;
            track(() -> deleteRecursively(created));
        }
        return workDirectory;
    }

    private static void deleteRecursively(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Temporary files only.
        }
    }

    /**
     * The AWS endpoint: every service on one port ({@code AWS_ENDPOINT_URL}), forwarding DynamoDB, Streams,
     * Kinesis and SQS to the servers above, serving IAM, STS, CloudWatch Logs, alarms and Lambda itself, with this
     * runtime as the host of Lambda's functions and event source mappings.
     */
    private EdgeEndpoint startEdge(Path data, URI kinesisEndpoint, FunctionHost functionHost,
            EventSourceMappingHost mappingHost) {
        EdgeEndpoint.Builder builder = EdgeEndpoint.builder().port(options.edgePort()).region(options.region())
                .accountId(ACCOUNT_ID)
                .enforceIam(options.iam())
                .dataDirectory(directory(data, "endpoint"))
                .forward(AwsService.DYNAMODB, dynamoDbEngine.endpoint())
                .forward(AwsService.DYNAMODB_STREAMS, dynamoDbEngine.endpoint())
                .forward(AwsService.SQS, elasticMq.endpoint())
                .functionHost(functionHost)
                .eventSourceMappingHost(mappingHost);
        if (kinesisEndpoint != null) {
            builder.forward(AwsService.KINESIS, kinesisEndpoint);
        }
        return builder.start();
    }

    private URI startKinesis(Path data, Consumer<String> console) {
        if (wiring.kinesisStreams().isEmpty()) {
            return null;
        }
        if (!options.kinesisEnabled()) {
            unavailable.add("Kinesis: disabled by --no-kinesis");
            return null;
        }
        // In this JVM like the other emulators: persisted under the data directory, nothing kept with --in-memory.
        kinesis = track(KinesisEngine.builder().port(options.kinesisPort()).dataDirectory(directory(data, "kinesis"))
                .region(options.region()).build());
        console.accept("kinesis: engine listening on " + kinesis.endpoint());
        return kinesis.endpoint();
    }

    private static String invocationLine(BatchReport report) {
        StringBuilder line = new StringBuilder("invoke ").append(report.function()).append(" <- ").append(report.mapping());
        if (report.shardId() != null) {
            line.append(" (").append(report.shardId()).append(')');
        }
        line.append(": ").append(report.records()).append(report.records() == 1 ? " record " : " records ")
                .append(report.outcome()).append(" in ").append(report.duration().toMillis()).append(" ms");
        if (report.detail() != null) {
            line.append(" - ").append(report.detail());
        }
        return line.toString();
    }

    private static Path directory(Path data, String name) {
        if (data == null) {
            return null;
        }
        try {
            return Files.createDirectories(data.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + data.resolve(name), e);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    public LocalStatus status() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("httpApi", httpApi == null ? null : httpApi.endpoint().toString());
        endpoints.put("aws", awsEndpoint().toString());
        endpoints.put("dynamoDb", dynamoDbEndpoint().toString());
        endpoints.put("sqs", sqsEndpoint().toString());
        endpoints.put("kinesis", kinesisEndpoint().map(URI::toString).orElse(null));
        return new LocalStatus(Duration.ofNanos(System.nanoTime() - startNanos).toSeconds(), endpoints,
                List.copyOf(unavailable), functions.status(), mappings.statuses());
    }

    public MappingStatus mappingStatus(String mapping) {
        return mappings.status(mapping)
                .orElseThrow(() -> new IllegalArgumentException("No mapping " + mapping + " in the wiring"));
    }

    /** The function's output lines so far (the last {@value #LOG_LINES_PER_FUNCTION}), oldest first. */
    public List<String> functionLog(String function) {
        return logBook.lines(function);
    }

    public LocalRuntimeOptions options() {
        return options;
    }

    public Wiring wiring() {
        return wiring;
    }

    public LocalClients clients() {
        return clients;
    }

    public FunctionRuntime functions() {
        return functions;
    }

    public URI httpEndpoint() {
        return httpApi.endpoint();
    }

    /** The AWS endpoint (every service on one port): what {@code AWS_ENDPOINT_URL} points at. */
    public URI awsEndpoint() {
        return edge.endpoint();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEngine.endpoint();
    }

    public URI sqsEndpoint() {
        return elasticMq.endpoint();
    }

    public Optional<URI> kinesisEndpoint() {
        return kinesis == null ? Optional.empty() : Optional.of(kinesis.endpoint());
    }

    public List<String> unavailable() {
        return List.copyOf(unavailable);
    }

    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Stops everything that was started: the HTTP API, the mappings, the functions and their logs first (the endpoint
     * was started after the engines, to hand them its stored functions, but their last output still goes to its
     * Logs), then the rest newest first. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        for (AutoCloseable first : new AutoCloseable[] {httpApi, mappings, functions, functionLogs}) {
            if (first != null && started.remove(first)) {
                closeQuietly(first);
            }
        }
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("local runtime: " + resource.getClass().getSimpleName() + " did not stop cleanly: " + e);
        }
    }
}
