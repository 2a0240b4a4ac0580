package dev.ddbstreams.local;

import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.util.Comparator;
import java.util.Map;

/** The ready banner of {@code make run}: endpoints, what runs, and commands to try. */
final class Banner {

    private Banner() {
    }

    static String render(LocalRuntime runtime) {
        Wiring wiring = runtime.wiring();
        String api = runtime.httpEndpoint().toString();
        String dynamoDb = runtime.dynamoDbEndpoint().toString();
        StringBuilder text = new StringBuilder();
        text.append("\nLocal runtime ready in ").append(String.format("%.1f", runtime.startupTime().toMillis() / 1000.0))
                .append(" s; ").append(runtime.options().dataDirectory() == null
                        ? "in memory (nothing is kept)" : "data kept in " + runtime.options().dataDirectory())
                .append('\n');
        if (runtime.options().empty()) {
            text.append("  HTTP API   ").append(api).append("   serves no routes: nothing was provisioned (--empty)\n");
        } else {
            text.append("  HTTP API   ").append(api).append("   routes: ")
                    .append(String.join(", ", wiring.httpApi().routes().keySet().stream().sorted().toList())).append('\n');
        }
        text.append("  Status     ").append(api).append("/_local/status\n");
        text.append("  AWS        ").append(runtime.awsEndpoint())
                .append("   every service on one port: export AWS_ENDPOINT_URL=").append(runtime.awsEndpoint()).append('\n');
        text.append("  DynamoDB   ").append(dynamoDb).append('\n');
        text.append("  SQS        ").append(runtime.sqsEndpoint()).append('\n');
        text.append("  Kinesis    ").append(runtime.kinesisEndpoint().map(Object::toString).orElse("unavailable")).append('\n');
        runtime.unavailable().forEach(reason -> text.append("  (unavailable: ").append(reason).append(")\n"));
        if (runtime.options().empty()) {
            text.append("  Nothing provisioned (--empty): create tables, queues, functions and mappings through the AWS\n")
                    .append("  endpoint (Terraform, the AWS CLI, an SDK); functions run here in their own JVMs.\n");
            text.append("\nTry (any credentials: export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=")
                    .append(runtime.options().region()).append(" AWS_ENDPOINT_URL=").append(runtime.awsEndpoint()).append("):\n")
                    .append("  aws lambda list-functions\n  aws dynamodb list-tables\n")
                    .append("Press Ctrl-C to stop (every emulator and function process is stopped).\n");
            return text.toString();
        }
        text.append("  Mappings (functions start on first use):\n");
        wiring.mappings().entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, MappingSpec> e) -> e.getValue().scenario()))
                .forEach(e -> text.append(String.format("    %-20s %-30s -> %-22s batch %d%s%n", e.getKey(),
                        describe(e.getValue().source()), e.getValue().function(), e.getValue().batchSize(),
                        e.getValue().filters().isEmpty() ? "" : ", filter " + e.getValue().filters())));
        text.append("\nTry (the AWS CLI needs any credentials: export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=")
                .append(runtime.options().region()).append("):\n");
        text.append("  curl -i -X POST ").append(api).append("/notes -H 'Content-Type: application/json' \\\n")
                .append("       --data '{ \"title\": \"Count me\", \"content\": \"Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.\" }'\n");
        text.append("  curl ").append(api).append("/notes/<id>            # wordCount appears once the stream is processed\n");
        text.append("  curl -i -X POST ").append(api).append("/users -H 'Content-Type: application/json' --data '{\"email\": \"test@test.com\"}'\n");
        text.append("  curl -i -X DELETE ").append(api).append("/users/<id>   # the removal logger logs it, e-mail masked\n");
        text.append("  aws --endpoint-url ").append(dynamoDb).append(" dynamodb put-item --table-name GameScoreRecords \\\n")
                .append("      --item '{\"RecordID\":{\"N\":\"1\"},\"Username\":{\"S\":\"Jane Doe\"},\"Score\":{\"N\":\"100\"}}'\n");
        text.append("  aws --endpoint-url ").append(dynamoDb).append(" dynamodb scan --table-name GameScoresByUser\n");
        runtime.kinesisEndpoint().ifPresent(kinesis -> text.append("  aws --endpoint-url ").append(kinesis)
                .append(" kinesis put-record --stream-name Lab-Stream --partition-key pk \\\n")
                .append("      --cli-binary-format raw-in-base64-out --data 'Hello, this is a test 123.'\n"));
        text.append("  curl ").append(api).append("/_local/status\n");
        text.append("Press Ctrl-C to stop (every emulator and function process is stopped).\n");
        return text.toString();
    }

    private static String describe(SourceSpec source) {
        return switch (source.type()) {
            case DYNAMODB -> "DynamoDB " + source.table();
            case KINESIS -> "Kinesis " + source.stream();
            case SQS -> "SQS " + source.queue();
        };
    }
}
