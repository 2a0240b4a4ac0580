package dev.ddbstreams.endpoint;

import dev.ddbstreams.endpoint.routing.AwsService;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the edge alone: {@code java -cp ... dev.ddbstreams.endpoint.Main [--port 4566] [--region us-east-1]
 * [--account 000000000000] [--data-dir DIR] [--dynamodb http://127.0.0.1:8000] [--kinesis http://127.0.0.1:4567]
 * [--sqs http://127.0.0.1:9324] [--enforce-iam true]}. The local runtime embeds {@link EdgeEndpoint} instead.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        EdgeEndpoint.Builder builder = EdgeEndpoint.builder();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--host" -> builder.host(value);
                case "--region" -> builder.region(value);
                case "--account" -> builder.accountId(value);
                case "--data-dir" -> builder.dataDirectory(Path.of(value));
                case "--dynamodb" -> builder.forward(AwsService.DYNAMODB, URI.create(value))
                        .forward(AwsService.DYNAMODB_STREAMS, URI.create(value));
                case "--kinesis" -> builder.forward(AwsService.KINESIS, URI.create(value));
                case "--sqs" -> builder.forward(AwsService.SQS, URI.create(value));
                case "--enforce-iam" -> builder.enforceIam(Boolean.parseBoolean(value));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        EdgeEndpoint edge = builder.start();
        System.out.println("AWS endpoint listening on " + edge.endpoint() + " (export AWS_ENDPOINT_URL=" + edge.endpoint() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                edge.close();
            } catch (Exception e) {
                System.err.println("Stopping the endpoint failed: " + e);
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
