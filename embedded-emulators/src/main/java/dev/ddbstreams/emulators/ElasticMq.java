package dev.ddbstreams.emulators;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ, an SQS-compatible server, running in this JVM on 127.0.0.1. The advertised server address
 * carries the real port, otherwise the queue URLs it hands out point at the wrong port.
 *
 * @see <a href="https://github.com/softwaremill/elasticmq">ElasticMQ</a>
 */
public final class ElasticMq implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private ElasticMq(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts an in-memory instance; {@code port} 0 picks a free one. */
    public static ElasticMq start(int port) {
        int actualPort = FreePorts.resolve(port);
        try {
            SQSRestServer server = SQSRestServerBuilder
                    .withInterface("127.0.0.1")
                    .withPort(actualPort)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", actualPort, ""))
                    .start();
            server.waitUntilStarted();
            return new ElasticMq(server, actualPort);
        } catch (RuntimeException e) {
            throw new IllegalStateException("ElasticMQ did not start on 127.0.0.1:" + actualPort
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
        server.stopAndWait();
    }
}
