package dev.ddbstreams.kinesis;

import java.nio.file.Path;

/**
 * Runs the Kinesis engine on its own: {@code java -cp ... dev.ddbstreams.kinesis.Main [--port 4567]
 * [--data-dir DIR | --in-memory] [--region us-east-1] [--account 000000000000]}. Stops on Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        KinesisEngine.Builder builder = KinesisEngine.builder().port(4567).dataDirectory(Path.of(".kinesis-data"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[++i]));
                case "--data-dir" -> builder.dataDirectory(Path.of(args[++i]));
                case "--in-memory" -> builder.dataDirectory(null);
                case "--region" -> builder.region(args[++i]);
                case "--account" -> builder.accountId(args[++i]);
                default -> {
                    System.err.println("Usage: Main [--port N] [--data-dir DIR | --in-memory] [--region R] [--account ID]");
                    System.exit(2);
                }
            }
        }
        KinesisEngine engine = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "kinesis-engine-shutdown"));
        System.out.println("Kinesis engine listening on " + engine.endpoint());
        Thread.currentThread().join();
    }
}
