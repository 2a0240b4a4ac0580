package dev.ddbstreams.local;

import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.mapping.BatchListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * How the local runtime is started: ports (all on 127.0.0.1), where data is kept, the wiring file and the
 * repository whose built jars it runs. Defaults match the README: HTTP API 8080, DynamoDB 8000, SQS 9324,
 * Kinesis 4567, the AWS endpoint (every service on one port) 4566, data under {@code .local-data/} in the
 * repository.
 *
 * @param dataDirectory {@code null} means everything in memory (nothing survives a restart)
 * @param hooks         optional interception points for test harnesses; {@link Hooks#NONE} by default
 * @param iam           whether IAM is enforced ({@code true} unless {@code --no-iam}): each function calls AWS with
 *                      its execution role's session credentials and the mappings read their sources with it, so a
 *                      call its role's policies do not allow is refused with AWS's AccessDeniedException
 */
public record LocalRuntimeOptions(int httpPort, int dynamoDbPort, int sqsPort, int kinesisPort, int edgePort,
        Path dataDirectory, Path wiringFile, Path repositoryRoot, String region, boolean kinesisEnabled,
        Hooks hooks, boolean empty, boolean iam) {

    public LocalRuntimeOptions {
        hooks = hooks == null ? Hooks.NONE : hooks;
    }

    /** Options with IAM enforced. */
    public LocalRuntimeOptions(int httpPort, int dynamoDbPort, int sqsPort, int kinesisPort, int edgePort,
            Path dataDirectory, Path wiringFile, Path repositoryRoot, String region, boolean kinesisEnabled,
            Hooks hooks, boolean empty) {
        this(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile, repositoryRoot, region,
                kinesisEnabled, hooks, empty, true);
    }

    /** Options that provision the wiring. */
    public LocalRuntimeOptions(int httpPort, int dynamoDbPort, int sqsPort, int kinesisPort, int edgePort,
            Path dataDirectory, Path wiringFile, Path repositoryRoot, String region, boolean kinesisEnabled,
            Hooks hooks) {
        this(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile, repositoryRoot, region,
                kinesisEnabled, hooks, false);
    }

    /** Options without hooks. */
    public LocalRuntimeOptions(int httpPort, int dynamoDbPort, int sqsPort, int kinesisPort, int edgePort,
            Path dataDirectory, Path wiringFile, Path repositoryRoot, String region, boolean kinesisEnabled) {
        this(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile, repositoryRoot, region,
                kinesisEnabled, Hooks.NONE);
    }

    /**
     * Interception points for test harnesses such as the fault-injection soak ({@code dev.ddbstreams.local.faults}).
     * They change what surrounds the functions, never the functions: the same jars run. Every hook is optional.
     *
     * @param invokerDecorator         wraps the function runtime as the mappings and the HTTP API invoke it
     *                                 (e.g. to fail chosen invocations); {@code null}: the runtime itself
     * @param functionDynamoDbEndpoint the DynamoDB endpoint handed to a function ({@code AWS_ENDPOINT_URL_DYNAMODB}),
     *                                 from the function's name and the DynamoDB engine's endpoint (e.g. a fault proxy in
     *                                 front of it); {@code null}: the DynamoDB engine's endpoint
     * @param batchListener            told about every batch of every mapping, given-up ones included, after the
     *                                 runtime's own log line; {@code null}: none
     */
    public record Hooks(UnaryOperator<FunctionInvoker> invokerDecorator,
            BiFunction<String, URI, URI> functionDynamoDbEndpoint, BatchListener batchListener) {

        /** No interception: the runtime itself, the DynamoDB engine's endpoint, no extra listener. */
        public static final Hooks NONE = new Hooks(UnaryOperator.identity(), (function, endpoint) -> endpoint, report -> { });

        public Hooks {
            invokerDecorator = invokerDecorator == null ? NONE.invokerDecorator() : invokerDecorator;
            functionDynamoDbEndpoint = functionDynamoDbEndpoint == null ? NONE.functionDynamoDbEndpoint() : functionDynamoDbEndpoint;
            batchListener = batchListener == null ? NONE.batchListener() : batchListener;
        }
    }

    public static final String USAGE = """
            Usage: make run [ARGS="..."]
              --in-memory            keep nothing on disk (default: data kept in .local-data/)
              --data-dir DIR         where tables, queues and checkpoints are kept
              --http-port N          HTTP API port (default 8080)
              --dynamodb-port N      DynamoDB engine port (default 8000)
              --sqs-port N           ElasticMQ (SQS) port (default 9324)
              --kinesis-port N       Kinesis engine port (default 4567)
              --edge-port N          the AWS endpoint: every service on one port (default 4566;
                                     export AWS_ENDPOINT_URL=http://127.0.0.1:4566)
              --no-kinesis           do not start the Kinesis engine (the Kinesis scenario is reported unavailable)
              --empty                provision nothing: the AWS endpoint starts empty (create resources with
                                     Terraform, the AWS CLI or an SDK); the HTTP API then serves no routes
              --no-iam               do not enforce IAM: functions and mappings act as the account's root
                                     (default: each function's calls are held to its execution role's policies)
              --wiring FILE          wiring file (default terraform/wiring.json)
              --region NAME          region the functions see (default us-east-1)
              --help                 this text
            Port 0 picks a free port.""";

    /** Options for tests: every port free, everything in memory. */
    public static LocalRuntimeOptions forTests(Path repositoryRoot) {
        return new LocalRuntimeOptions(0, 0, 0, 0, 0, null,
                repositoryRoot.resolve("terraform").resolve("wiring.json"), repositoryRoot, "us-east-1", true);
    }

    public LocalRuntimeOptions withDataDirectory(Path directory) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, directory, wiringFile,
                repositoryRoot, region, kinesisEnabled, hooks, empty, iam);
    }

    public LocalRuntimeOptions withKinesis(boolean enabled) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile,
                repositoryRoot, region, enabled, hooks, empty, iam);
    }

    /** The same options with another wiring file (e.g. a test's variant of the real one). */
    public LocalRuntimeOptions withWiringFile(Path file) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, file,
                repositoryRoot, region, kinesisEnabled, hooks, empty, iam);
    }

    /** The same options, provisioning nothing ({@code --empty}) or the wiring. */
    public LocalRuntimeOptions withEmpty(boolean value) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile,
                repositoryRoot, region, kinesisEnabled, hooks, value, iam);
    }

    /** The same options with IAM enforced or not ({@code --no-iam}). */
    public LocalRuntimeOptions withIam(boolean value) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile,
                repositoryRoot, region, kinesisEnabled, hooks, empty, value);
    }

    public LocalRuntimeOptions withHooks(Hooks value) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile,
                repositoryRoot, region, kinesisEnabled, value, empty, iam);
    }

    /**
     * Parses command-line arguments.
     *
     * @throws IllegalArgumentException with a message naming the bad argument
     */
    public static LocalRuntimeOptions parse(String[] args, Path repositoryRoot) {
        int httpPort = 8080;
        int dynamoDbPort = 8000;
        int sqsPort = 9324;
        int kinesisPort = 4567;
        int edgePort = 4566;
        Path dataDirectory = repositoryRoot.resolve(".local-data");
        Path wiringFile = repositoryRoot.resolve("terraform").resolve("wiring.json");
        String region = "us-east-1";
        boolean kinesis = true;
        boolean empty = false;
        boolean iam = true;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--in-memory" -> dataDirectory = null;
                case "--data-dir" -> dataDirectory = Path.of(value(arg, rest));
                case "--http-port" -> httpPort = port(arg, rest);
                case "--dynamodb-port" -> dynamoDbPort = port(arg, rest);
                case "--sqs-port" -> sqsPort = port(arg, rest);
                case "--kinesis-port" -> kinesisPort = port(arg, rest);
                case "--edge-port" -> edgePort = port(arg, rest);
                case "--no-kinesis" -> kinesis = false;
                case "--empty" -> empty = true;
                case "--no-iam" -> iam = false;
                case "--wiring" -> wiringFile = Path.of(value(arg, rest));
                case "--region" -> region = value(arg, rest);
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, edgePort, dataDirectory, wiringFile,
                repositoryRoot, region, kinesis, Hooks.NONE, empty, iam);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static int port(String option, List<String> rest) {
        String text = value(option, rest);
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a port number 0..65535, not '" + text + "'");
        }
    }
}
