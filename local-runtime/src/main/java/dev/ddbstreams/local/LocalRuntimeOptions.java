package dev.ddbstreams.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the local runtime is started: ports (all on 127.0.0.1), where data is kept, the wiring file and the
 * repository whose built jars it runs. Defaults match the README: HTTP API 8080, DynamoDB 8000, SQS 9324,
 * Kinesis 4567, data under {@code .local-data/} in the repository.
 *
 * @param dataDirectory {@code null} means everything in memory (nothing survives a restart)
 */
public record LocalRuntimeOptions(int httpPort, int dynamoDbPort, int sqsPort, int kinesisPort,
        Path dataDirectory, Path wiringFile, Path repositoryRoot, String region, boolean kinesisEnabled) {

    public static final String USAGE = """
            Usage: make run [ARGS="..."]   (or: local-runtime/run [options])
              --in-memory            keep nothing on disk (default: data kept in .local-data/)
              --data-dir DIR         where tables, queues and checkpoints are kept
              --http-port N          HTTP API port (default 8080)
              --dynamodb-port N      DynamoDB Local port (default 8000)
              --sqs-port N           ElasticMQ (SQS) port (default 9324)
              --kinesis-port N       kinesalite (Kinesis) port (default 4567)
              --no-kinesis           do not start kinesalite (the Kinesis scenario is reported unavailable)
              --wiring FILE          wiring file (default terraform/wiring.json)
              --region NAME          region the functions see (default us-east-1)
              --help                 this text
            Port 0 picks a free port.""";

    /** Options for tests: every port free, everything in memory. */
    public static LocalRuntimeOptions forTests(Path repositoryRoot) {
        return new LocalRuntimeOptions(0, 0, 0, 0, null,
                repositoryRoot.resolve("terraform").resolve("wiring.json"), repositoryRoot, "us-east-1", true);
    }

    public LocalRuntimeOptions withDataDirectory(Path directory) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, directory, wiringFile,
                repositoryRoot, region, kinesisEnabled);
    }

    public LocalRuntimeOptions withKinesis(boolean enabled) {
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, dataDirectory, wiringFile,
                repositoryRoot, region, enabled);
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
        Path dataDirectory = repositoryRoot.resolve(".local-data");
        Path wiringFile = repositoryRoot.resolve("terraform").resolve("wiring.json");
        String region = "us-east-1";
        boolean kinesis = true;
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
                case "--no-kinesis" -> kinesis = false;
                case "--wiring" -> wiringFile = Path.of(value(arg, rest));
                case "--region" -> region = value(arg, rest);
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        return new LocalRuntimeOptions(httpPort, dynamoDbPort, sqsPort, kinesisPort, dataDirectory, wiringFile,
                repositoryRoot, region, kinesis);
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
