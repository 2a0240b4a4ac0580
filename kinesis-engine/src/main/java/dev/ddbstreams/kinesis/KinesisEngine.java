package dev.ddbstreams.kinesis;

import dev.ddbstreams.kinesis.protocol.KinesisHttpHandler;
import dev.ddbstreams.kinesis.storage.FileEventLog;
import dev.ddbstreams.kinesis.storage.FsyncPolicy;
import dev.ddbstreams.kinesis.stream.EventLog;
import dev.ddbstreams.kinesis.stream.KinesisService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Kinesis Data Streams server running in this JVM on 127.0.0.1, reached over HTTP with AWS's JSON 1.1 and CBOR
 * protocols, so the AWS SDKs (CBOR by default in Java v2), the AWS CLI (JSON) and Terraform's AWS provider are its
 * clients. In memory, or persisted in a data directory as an append-only event log so that every acknowledged
 * write survives a crash of the process.
 *
 * <pre>{@code
 * try (KinesisEngine engine = KinesisEngine.builder().port(0).dataDirectory(dir).build()) {
 *     URI endpoint = engine.endpoint();   // http://127.0.0.1:<port>
 * }
 * KinesisEngine.inMemory(0);             // started, in memory, on a free port
 * KinesisEngine.start(4567, dir);        // started, persisted under dir (null: in memory)
 * }</pre>
 * Region (default us-east-1) and account (default 000000000000) go into every ARN.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/Welcome.html">Amazon Kinesis Data Streams API reference</a>
 */
public final class KinesisEngine implements AutoCloseable {

    private final Server server;
    private final EventLog eventLog;
    private final KinesisService service;
    private final int port;

    private KinesisEngine(Builder builder) {
        this.eventLog = builder.dataDirectory == null ? EventLog.none()
                : new FileEventLog(builder.dataDirectory, builder.fsyncPolicy);
        this.service = new KinesisService(builder.region, builder.accountId, builder.clock, builder.statusTransitionDelay,
                eventLog);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("kinesis-engine");
        threads.setDaemon(true);
        this.server = new Server(threads);
        // Every operation is POST with X-Amz-Target and the path plays no part, so a path Jetty calls ambiguous
        // ("//", "/..%2F", which the edge forwards as sent) must not end in Jetty's refusal.
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(builder.port);
        server.addConnector(connector);
        server.setHandler(new KinesisHttpHandler(service));
        server.setErrorHandler(new KinesisHttpHandler.JsonErrorHandler());
        try {
            server.start();
        } catch (Exception e) {
            eventLog.close();
            throw new IllegalStateException("Kinesis engine could not start on 127.0.0.1:" + builder.port, e);
        }
        this.port = connector.getLocalPort();
    }

    public static KinesisEngine inMemory(int port) {
        return builder().port(port).build();
    }

    public static KinesisEngine start(int port, Path dataDirectory) {
        return builder().port(port).dataDirectory(dataDirectory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String region() {
        return service.region();
    }

    public String accountId() {
        return service.accountId();
    }

    /** The ARN a stream of this name has here. */
    public String streamArn(String streamName) {
        return service.streamArn(streamName);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Kinesis engine did not stop cleanly", e);
        } finally {
            eventLog.close();
        }
    }

    /** Settings of an engine; {@link #build()} starts it. */
    public static final class Builder {
        private int port;
        private Path dataDirectory;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private Clock clock = Clock.systemUTC();
        private Duration statusTransitionDelay = Duration.ofMillis(500);
        private FsyncPolicy fsyncPolicy = FsyncPolicy.NEVER;

        private Builder() {
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** null keeps everything in memory. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /**
         * The engine's clock: record arrival times, the retention period, the 5-minute iterator expiry and status
         * transitions read it (tests move it forward instead of waiting).
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a stream stays CREATING, UPDATING or DELETING (default 500 ms; AWS takes seconds). */
        public Builder statusTransitionDelay(Duration statusTransitionDelay) {
            this.statusTransitionDelay = statusTransitionDelay;
            return this;
        }

        /** Whether each write is forced to the device (default: written to the OS only; see {@link FsyncPolicy}). */
        public Builder fsyncPolicy(FsyncPolicy fsyncPolicy) {
            this.fsyncPolicy = fsyncPolicy;
            return this;
        }

        /** Starts the engine (replaying its data directory, if any) and returns once it answers on its port. */
        public KinesisEngine build() {
            return new KinesisEngine(this);
        }
    }
}
