package dev.ddbstreams.dynamodb.durability;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The child JVM of {@link CrashRecoveryTest}: runs the engine on a data directory and writes through the
 * SDK, one write at a time, until it is killed. Write number {@code id} is, by {@code id % 3}:
 * <ol start="0">
 *   <li>a PutItem of the new item {@code p-<id>} with {@code seq = id};</li>
 *   <li>an UpdateItem of the item {@code counter}: {@code SET last = id ADD n 1};</li>
 *   <li>a TransactWriteItems putting {@code t-<id>-a} and {@code t-<id>-b}, both with {@code seq = id}.</li>
 * </ol>
 * After each acknowledged write it prints {@code ACK <id>} and a newline in one write, flushed, so that
 * the parent never counts a write the engine has not acknowledged. Arguments: data directory, table name,
 * first write id.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDirectory = Path.of(args[0]);
        String table = args[1];
        long firstId = Long.parseLong(args[2]);
        OutputStream out = System.out;
        DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(dataDirectory).build();
        DynamoDbClient client = ConformanceSupport.client(engine.endpoint(), engine.region());
        try {
            client.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException absent) {
            ConformanceSupport.createActive(client,
                    ConformanceSupport.streamedHashTable(table, StreamViewType.NEW_AND_OLD_IMAGES));
        }
        line(out, "READY");
        for (long id = firstId; ; id++) {
            write(client, table, id);
            line(out, "ACK " + id);
        }
    }

    static void write(DynamoDbClient client, String table, long id) {
        AttributeValue seq = AttributeValue.fromN(Long.toString(id));
        switch ((int) (id % 3)) {
            case 0 -> client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("p-" + id), "seq", seq)));
            case 1 -> client.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("counter")))
                    .updateExpression("SET #last = :id ADD #n :one")
                    .expressionAttributeNames(Map.of("#last", "last", "#n", "n"))
                    .expressionAttributeValues(Map.of(":id", seq, ":one", AttributeValue.fromN("1"))));
            default -> client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(Map.of("pk", AttributeValue.fromS("t-" + id + "-a"), "seq", seq)).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(Map.of("pk", AttributeValue.fromS("t-" + id + "-b"), "seq", seq)).build()).build()));
        }
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
