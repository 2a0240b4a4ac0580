package dev.ddbstreams.dynamodb;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

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

    private DynamoDbEngine() {
        throw new UnsupportedOperationException("being written: engine core helper");
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

    public URI endpoint() {
        throw new UnsupportedOperationException("being written: engine core helper");
    }

    public int port() {
        throw new UnsupportedOperationException("being written: engine core helper");
    }

    public String region() {
        throw new UnsupportedOperationException("being written: engine core helper");
    }

    public String accountId() {
        throw new UnsupportedOperationException("being written: engine core helper");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("being written: engine core helper");
    }

    /** Settings of an engine; {@link #build()} starts it. */
    public static final class Builder {
        private int port;
        private Path dataDirectory;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private Clock clock = Clock.systemUTC();
        private Duration ttlSweepInterval = Duration.ofSeconds(30);

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

        /** Starts the engine and returns once it answers on its port. */
        public DynamoDbEngine build() {
            throw new UnsupportedOperationException("being written: engine core helper");
        }
    }
}
