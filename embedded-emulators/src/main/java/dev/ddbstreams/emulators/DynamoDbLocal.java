package dev.ddbstreams.emulators;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local (with Streams) running in this JVM on 127.0.0.1, reached over HTTP by the SDK exactly as
 * functions reach DynamoDB. In memory, or persisted in a directory so data survives restarts.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html">DynamoDB Local usage notes</a>
 */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts an in-memory instance; {@code port} 0 picks a free one. */
    public static DynamoDbLocal inMemory(int port) {
        return start(port, null);
    }

    /**
     * Starts an instance on {@code port} (0 picks a free one), persisted under {@code dataDirectory}, or
     * in memory when it is {@code null}.
     */
    public static DynamoDbLocal start(int port, Path dataDirectory) {
        SqliteNatives.prepare();
        int actualPort = FreePorts.resolve(port);
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(actualPort), "-disableTelemetry"));
        if (dataDirectory == null) {
            args.add("-inMemory");
        } else {
            args.addAll(List.of("-dbPath", dataDirectory.toAbsolutePath().toString(), "-sharedDb"));
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoDbLocal(server, actualPort);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1:" + actualPort
                    + " (is the port in use?): " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
