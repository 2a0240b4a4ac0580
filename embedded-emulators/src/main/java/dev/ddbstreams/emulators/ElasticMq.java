package dev.ddbstreams.emulators;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;

/**
 * ElasticMQ, an SQS-compatible server, running in this JVM on 127.0.0.1. In memory, or persisted (queues,
 * their attributes and messages) in an H2 database under a directory so a restart loses nothing. The
 * advertised server address carries the real port, otherwise the queue URLs it hands out point at the
 * wrong port.
 *
 * @see <a href="https://github.com/softwaremill/elasticmq#persisting-queues-configuration">ElasticMQ persistence</a>
 */
public final class ElasticMq implements AutoCloseable {

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

    private final SQSRestServer server;
    private final ActorSystem actorSystem;
    private final int port;

    private ElasticMq(SQSRestServer server, ActorSystem actorSystem, int port) {
        this.server = server;
        this.actorSystem = actorSystem;
        this.port = port;
    }

    /** Starts an in-memory instance; {@code port} 0 picks a free one. */
    public static ElasticMq start(int port) {
        return start(port, null);
    }

    /**
     * Starts an instance on {@code port} (0 picks a free one), persisted under {@code dataDirectory}, or
     * in memory when it is {@code null}.
     */
    public static ElasticMq start(int port, Path dataDirectory) {
        int actualPort = FreePorts.resolve(port);
        NodeAddress address = new NodeAddress("http", "127.0.0.1", actualPort, "");
        ActorSystem actorSystem = null;
        try {
            TheSQSRestServerBuilder builder = SQSRestServerBuilder
                    .withInterface("127.0.0.1")
                    .withPort(actualPort)
                    .withServerAddress(address);
            ActorRef store = null;
            ActorRef manager = null;
            if (dataDirectory != null) {
                actorSystem = ActorSystem.create("elasticmq");
                SqlQueuePersistenceConfig persistence = new SqlQueuePersistenceConfig(true, "org.h2.Driver",
                        "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("elasticmq"), "", "", false);
                store = actorSystem.actorOf(Props.create(SqlQueuePersistenceActor.class,
                        () -> new SqlQueuePersistenceActor(persistence, scala.collection.immutable.List$.MODULE$.<CreateQueueMetadata>empty())));
                ActorRef queueStore = store;
                manager = actorSystem.actorOf(Props.create(QueueManagerActor.class,
                        () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(queueStore))));
                builder = builder.withActorSystem(actorSystem).withQueueManagerActor(manager);
            }
            SQSRestServer server = builder.start();
            server.waitUntilStarted();
            if (store != null) {
                Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT)
                        .toCompletableFuture().get(RESTORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            return new ElasticMq(server, actorSystem, actualPort);
        } catch (Exception e) {
            if (actorSystem != null) {
                actorSystem.terminate();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("ElasticMQ did not start on 127.0.0.1:" + actualPort
                    + " (is the port in use" + (dataDirectory == null ? "" : ", or is " + dataDirectory
                    + " used by another instance") + "?): " + e.getMessage(), e);
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
        if (actorSystem != null) {
            actorSystem.terminate();
            try {
                actorSystem.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
