package dev.ddbstreams.dynamodb;

import dev.ddbstreams.dynamodb.storage.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the engine on its own: {@code java -cp ... dev.ddbstreams.dynamodb.Main --port 8000 --data-dir .local-data/dynamodb}.
 * Prints the endpoint and serves until the process is stopped.
 *
 * <pre>
 * --port N            port on 127.0.0.1 (default 8000; 0 picks a free one)
 * --data-dir DIR      persist under DIR (default: in memory)
 * --region R          region in ARNs (default us-east-1)
 * --account A         account id in ARNs (default 000000000000)
 * --fsync-ms N        group fsync interval in ms (default 100; 0 = fsync before every acknowledgement; -1 = never)
 * --ttl-sweep-s N     seconds between TTL sweeps (default 30)
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynamoDbEngine.Builder builder = DynamoDbEngine.builder().port(8000);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if ("--help".equals(option) || "-h".equals(option)) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                System.err.println("missing value for " + option);
                usage();
                System.exit(2);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--data-dir" -> builder.dataDirectory(Path.of(value));
                case "--region" -> builder.region(value);
                case "--account" -> builder.accountId(value);
                case "--fsync-ms" -> {
                    long millis = Long.parseLong(value);
                    builder.fsyncPolicy(millis < 0 ? FsyncPolicy.NEVER : FsyncPolicy.every(Duration.ofMillis(millis)));
                }
                case "--ttl-sweep-s" -> builder.ttlSweepInterval(Duration.ofSeconds(Long.parseLong(value)));
                default -> {
                    System.err.println("unknown option " + option);
                    usage();
                    System.exit(2);
                }
            }
        }
        DynamoDbEngine engine = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "dynamodb-engine-shutdown"));
        System.out.println("DynamoDB engine listening on " + engine.endpoint());
        System.out.flush();
        stopped.await();
    }

    private static void usage() {
        System.err.println("usage: Main [--port N] [--data-dir DIR] [--region R] [--account A] [--fsync-ms N]"
                + " [--ttl-sweep-s N]");
    }
}
