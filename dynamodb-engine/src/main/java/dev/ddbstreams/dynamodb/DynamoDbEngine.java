package dev.ddbstreams.dynamodb;

import dev.ddbstreams.dynamodb.items.BatchOperations;
import dev.ddbstreams.dynamodb.items.ItemOperations;
import dev.ddbstreams.dynamodb.items.QueryScanOperations;
import dev.ddbstreams.dynamodb.items.TimeToLiveSweeper;
import dev.ddbstreams.dynamodb.items.TransactionOperations;
import dev.ddbstreams.dynamodb.protocol.DynamoDbHttpHandler;
import dev.ddbstreams.dynamodb.protocol.Operation;
import dev.ddbstreams.dynamodb.storage.Database;
import dev.ddbstreams.dynamodb.storage.FsyncPolicy;
import dev.ddbstreams.dynamodb.streams.StreamsOperations;
import dev.ddbstreams.dynamodb.tables.TableOperations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A DynamoDB and DynamoDB Streams server running in this JVM on 127.0.0.1, reached over HTTP with AWS's
 * JSON 1.0 protocol, so the AWS SDKs, the AWS CLI and Terraform's AWS provider are its clients. In memory,
 * or persisted in a data directory so that every acknowledged write survives a crash.
 *
 * <p>Public contract (other modules and tests use exactly this):
 * <pre>{@code
 * try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(dir).build()) {
 *     URI endpoint = engine.endpoint();   // http://127.0.0.1:<port>
 * }
 * DynamoDbEngine.inMemory(0);             // started, in memory, on a free port
 * DynamoDbEngine.start(8000, dir);        // started, persisted under dir (null: in memory)
 * }</pre>
 * Region (default us-east-1) and account (default 000000000000) go into every ARN.
 */
public final class DynamoDbEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DynamoDbEngine.class.getName());
    /** The unknown operations AWS's DynamoDB has but this engine does not implement answer like any unknown target. */
    private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
    private static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

    private final Server server;
    private final Database database;
    private final ScheduledExecutorService background;
    private final String region;
    private final String accountId;
    private volatile int port;

    private DynamoDbEngine(Builder settings) throws Exception {
        this.region = settings.region;
        this.accountId = settings.accountId;
        this.database = settings.dataDirectory == null
                ? Database.inMemory(settings.clock, settings.region, settings.accountId)
                : Database.open(settings.dataDirectory, settings.fsyncPolicy, settings.snapshotAfterBytes,
                        settings.clock, settings.region, settings.accountId);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("dynamodb-engine");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Every operation is POST with X-Amz-Target and the path plays no part, so a path Jetty calls ambiguous
        // ("//", "/..%2F", which the edge forwards as sent) must not end in Jetty's refusal.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(settings.port);
        server.addConnector(connector);
        server.setStopTimeout(0);
        server.setHandler(new DynamoDbHttpHandler(operations()));
        server.setErrorHandler(new DynamoDbHttpHandler.JsonErrorHandler());
        try {
            server.start();
        } catch (Exception e) {
            database.close();
            throw e;
        }
        this.port = connector.getLocalPort();
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-engine-background");
            thread.setDaemon(true);
            return thread;
        });
        FsyncPolicy fsync = database.fsyncPolicy();
        if (settings.dataDirectory != null && fsync.interval() != null && !fsync.interval().isZero()) {
            long millis = fsync.interval().toMillis();
            background.scheduleWithFixedDelay(guarded(database::sync), millis, millis, TimeUnit.MILLISECONDS);
        }
        TimeToLiveSweeper sweeper = new TimeToLiveSweeper(database);
        long sweepMillis = Math.max(1, settings.ttlSweepInterval.toMillis());
        background.scheduleWithFixedDelay(guarded(sweeper::sweep), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(guarded(database::trimStreams), 1, 1, TimeUnit.MINUTES);
    }

    private Map<String, Operation> operations() {
        Map<String, Operation> operations = new HashMap<>();
        Map<String, Operation> dynamodb = new HashMap<>();
        dynamodb.putAll(new TableOperations(database, () -> "127.0.0.1:" + port).operations());
        dynamodb.putAll(new ItemOperations(database).operations());
        dynamodb.putAll(new QueryScanOperations(database).operations());
        dynamodb.putAll(new BatchOperations(database).operations());
        dynamodb.putAll(new TransactionOperations(database).operations());
        StreamsOperations streams = new StreamsOperations(database);
        dynamodb.forEach((name, op) -> operations.put(DYNAMODB_PREFIX + name, op));
        streams.operations().forEach((name, op) -> operations.put(STREAMS_PREFIX + name, op));
        return operations;
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "background task failed", e);
            }
        };
    }

    public static DynamoDbEngine inMemory(int port) {
        return builder().port(port).build();
    }

    public static DynamoDbEngine start(int port, Path dataDirectory) {
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
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Runs the TTL sweep now (tests that move the clock call it instead of waiting for the interval). */
    public void sweepExpiredItems() {
        new TimeToLiveSweeper(database).sweep();
    }

    /** Stops serving, forces the log to disk and closes it. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the HTTP server failed", e);
        }
        database.close();
    }

    /** Settings of an engine; {@link #build()} starts it. */
    public static final class Builder {
        private int port;
        private Path dataDirectory;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private Clock clock = Clock.systemUTC();
        private Duration ttlSweepInterval = Duration.ofSeconds(30);
        private FsyncPolicy fsyncPolicy = FsyncPolicy.DEFAULT;
        private long snapshotAfterBytes = Database.DEFAULT_SNAPSHOT_AFTER_BYTES;

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
         * The engine's clock: stream record times, the 24-hour stream retention, 15-minute shard iterator
         * expiry and TTL expiry all read it (tests move it forward instead of waiting).
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How often expired TTL items are looked for and deleted (AWS: typically within days; default 30 s). */
        public Builder ttlSweepInterval(Duration ttlSweepInterval) {
            this.ttlSweepInterval = ttlSweepInterval;
            return this;
        }

        /** When the write-ahead log is forced to disk (default: every 100 ms); see {@link FsyncPolicy}. */
        public Builder fsyncPolicy(FsyncPolicy fsyncPolicy) {
            this.fsyncPolicy = fsyncPolicy;
            return this;
        }

        /** Log size (default 64 MB) after which the whole state is snapshotted and a new log begun. */
        public Builder snapshotAfterBytes(long snapshotAfterBytes) {
            this.snapshotAfterBytes = snapshotAfterBytes;
            return this;
        }

        /** Starts the engine and returns once it answers on its port. */
        public DynamoDbEngine build() {
            try {
                return new DynamoDbEngine(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the DynamoDB engine did not start on port " + port, e);
            }
        }
    }
}
