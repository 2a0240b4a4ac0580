package dev.ddbstreams.local.mapping;

import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.wiring.KinesisStreamSpec;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's event source mappings, locally: one poller per mapping of the wiring, reading DynamoDB streams,
 * Kinesis streams and SQS queues from the emulators and invoking the functions through a {@link FunctionInvoker}
 * with AWS's event shapes and semantics (batching, windows, filters, ReportBatchItemFailures, retries, bisection,
 * record age, on-failure records, checkpoints that survive restarts).
 *
 * <pre>{@code
 * System.setProperty("aws.cborEnabled", "false"); // before building the KinesisClient, for kinesalite
 * try (MappingEngine engine = MappingEngine.builder()
 *         .wiring(wiring).resolver(resolver)
 *         .dynamoDbStreams(streams).kinesis(kinesis).sqs(sqs)
 *         .invoker(invoker).checkpoints(new FileCheckpointStore(dataDir.resolve("checkpoints")))
 *         .region("us-east-1").listener(report -> log(report))
 *         .build()) {
 *     engine.start();
 *     ...
 *     engine.statuses();
 * }
 * }</pre>
 *
 * <p>Mappings can be {@linkplain #put added or changed} and {@linkplain #remove removed} while the engine runs, as
 * the Lambda control plane does: a changed mapping stops (promptly, without committing an unfinished batch) and starts
 * again with its new settings from its stored checkpoints; a removed one stops and its checkpoints are forgotten.
 *
 * <p>Close the engine before the function runtime: {@link #close()} stops every poller promptly, interrupting
 * pauses and any invocation in progress, and never checkpoints or deletes for a batch that did not finish.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html">Lambda event source mappings</a>
 */
public final class MappingEngine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MappingEngine.class.getName());

    private final Map<String, MappingPoller> pollers = new ConcurrentSkipListMap<>();
    private final Builder factory;
    private final EngineSettings settings;
    private boolean started;
    private boolean closed;

    private MappingEngine(Builder factory) {
        this.factory = factory;
        this.settings = factory.settings;
        for (String name : factory.wiring.mappingNames()) {
            pollers.put(name, factory.poller(name, factory.wiring.mappings().get(name)));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts one poller per mapping (at most once). */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the mapping engine is closed");
        }
        if (started) {
            return;
        }
        started = true;
        pollers.values().forEach(MappingPoller::start);
    }

    /**
     * Adds a mapping, or changes one: a running poller of that name is stopped first (an unfinished batch is not
     * committed), then the new one starts (if the engine has started) from the mapping's stored checkpoints.
     *
     * @param enabled {@code false}: the mapping exists but does not poll (Lambda's {@code Enabled: false})
     * @throws IllegalStateException when the engine is closed
     */
    public synchronized void put(String name, MappingSpec spec, boolean enabled) {
        if (closed) {
            throw new IllegalStateException("the mapping engine is closed");
        }
        MappingPoller previous = pollers.get(name);
        if (previous != null) {
            stop(previous);
        }
        MappingPoller poller = enabled ? factory.poller(name, spec)
                : new DisabledMapping(name, factory.counters(name, spec), "the mapping is disabled (Enabled: false)");
        pollers.put(name, poller);
        if (started) {
            poller.start();
        }
    }

    /**
     * Waits until the mapping polls: its source is resolved and, for a stream, its starting position is fixed (LATEST
     * is the end of each shard at that moment). Returns early when the mapping is disabled, stopped or gone.
     *
     * @return whether it polls
     */
    public boolean awaitPolling(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            MappingPoller poller = pollers.get(name);
            String state = poller == null ? "GONE" : poller.status().state();
            if ("POLLING".equals(state)) {
                return true;
            }
            if (List.of("GONE", "DISABLED", "STOPPED").contains(state) || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A mapping that cannot run, reporting why (e.g. an event source it cannot read). */
    public synchronized void putDisabled(String name, MappingSpec spec, String reason) {
        if (closed) {
            throw new IllegalStateException("the mapping engine is closed");
        }
        MappingPoller previous = pollers.get(name);
        if (previous != null) {
            stop(previous);
        }
        pollers.put(name, new DisabledMapping(name, factory.counters(name, spec), reason));
    }

    /**
     * Removes a mapping: its poller stops (promptly; an unfinished batch is not committed) and its checkpoints are
     * forgotten, so a new mapping of the same name starts from its own starting position.
     *
     * @return whether the mapping existed
     */
    public synchronized boolean remove(String name) {
        MappingPoller previous = pollers.remove(name);
        if (previous == null) {
            return false;
        }
        stop(previous);
        factory.checkpoints.forget(name);
        return true;
    }

    private void stop(MappingPoller poller) {
        poller.signalStop();
        long timeout = settings.shutdownTimeout().toMillis();
        if (!poller.awaitStopped(timeout)) {
            LOG.log(Level.WARNING, "mapping " + poller.name() + " did not stop within " + timeout
                    + " ms (an invocation that ignores interrupts?); it commits nothing more");
        }
    }

    /** @return every mapping's status, by mapping name */
    public List<MappingStatus> statuses() {
        return pollers.values().stream().map(MappingPoller::status)
                .sorted(Comparator.comparing(MappingStatus::name)).toList();
    }

    /** @return one mapping's status */
    public Optional<MappingStatus> status(String mapping) {
        return Optional.ofNullable(pollers.get(mapping)).map(MappingPoller::status);
    }

    /**
     * {@code LastProcessingResult} of a mapping: {@code No records processed}, {@code OK} or
     * {@code PROBLEM: Function call failed}; empty when there is no such mapping.
     */
    public Optional<String> lastProcessingResult(String mapping) {
        return Optional.ofNullable(pollers.get(mapping)).map(poller -> poller.counters().lastProcessingResult());
    }

    /** The mappings' names, sorted. */
    public List<String> names() {
        return List.copyOf(pollers.keySet());
    }

    /** Stops every poller and waits for their threads (each at most the settings' shutdown timeout). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pollers.values().forEach(MappingPoller::signalStop);
        long timeout = settings.shutdownTimeout().toMillis();
        for (MappingPoller poller : pollers.values()) {
            if (!poller.awaitStopped(timeout)) {
                LOG.log(Level.WARNING, "mapping " + poller.name() + " did not stop within " + timeout
                        + " ms (an invocation that ignores interrupts?); its daemon threads end with the JVM");
            }
        }
    }

    /**
     * Builds a {@link MappingEngine}, then makes its pollers. Required: resolver, invoker, checkpoints, region; the
     * wiring's mappings are the engine's first ones (none without a wiring).
     */
    public static final class Builder {

        private Wiring wiring = new Wiring(null, null, null, null, null, null);
        private SourceResolver resolver;
        private DynamoDbStreamsClient dynamoDbStreams;
        private KinesisClient kinesis;
        private String kinesisUnavailableReason;
        private SqsClient sqs;
        private FunctionInvoker invoker;
        private CheckpointStore checkpoints;
        private String region;
        private String accountId = "000000000000";
        private BatchListener listener;
        private EngineSettings settings = EngineSettings.defaults();
        private java.util.function.Function<String, SourceClients> clientsForFunction;

        private Builder() {
        }

        /**
         * The clients each function's mappings poll with, by function name (with IAM enforced: signed with a session of
         * the function's execution role); default the engine's own clients for every mapping.
         */
        public Builder clientsForFunction(java.util.function.Function<String, SourceClients> value) {
            clientsForFunction = value;
            return this;
        }

        private SourceClients clients(String function) {
            return clientsForFunction == null ? new SourceClients(dynamoDbStreams, kinesis, sqs)
                    : clientsForFunction.apply(function);
        }

        /** The mappings to run (all of {@link Wiring#mappings()}), and the queues and streams they name. */
        public Builder wiring(Wiring value) {
            wiring = value;
            return this;
        }

        public Builder resolver(SourceResolver value) {
            resolver = value;
            return this;
        }

        /** Needed by DynamoDB mappings; without it they are DISABLED. */
        public Builder dynamoDbStreams(DynamoDbStreamsClient value) {
            dynamoDbStreams = value;
            return this;
        }

        /**
         * Needed by Kinesis mappings; without it they are DISABLED. For kinesalite, set the system property
         * {@code aws.cborEnabled=false} before building the client.
         */
        public Builder kinesis(KinesisClient value) {
            kinesis = value;
            return this;
        }

        /** Why there is no Kinesis (e.g. "Node.js is not installed"), shown in the Kinesis mappings' status. */
        public Builder kinesisUnavailableReason(String value) {
            kinesisUnavailableReason = value;
            return this;
        }

        /** Needed by SQS mappings and by stream mappings with an on-failure queue. */
        public Builder sqs(SqsClient value) {
            sqs = value;
            return this;
        }

        public Builder invoker(FunctionInvoker value) {
            invoker = value;
            return this;
        }

        public Builder checkpoints(CheckpointStore value) {
            checkpoints = value;
            return this;
        }

        /** The region in events ({@code awsRegion}) and function ARNs. */
        public Builder region(String value) {
            region = value;
            return this;
        }

        /** The account in function ARNs (default 000000000000, as the emulators use). */
        public Builder accountId(String value) {
            accountId = value;
            return this;
        }

        /** Told about every batch (optional). */
        public Builder listener(BatchListener value) {
            listener = value;
            return this;
        }

        public Builder settings(EngineSettings value) {
            settings = value;
            return this;
        }

        public MappingEngine build() {
            Objects.requireNonNull(wiring, "wiring");
            Objects.requireNonNull(resolver, "resolver");
            Objects.requireNonNull(invoker, "invoker");
            Objects.requireNonNull(checkpoints, "checkpoints");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(settings, "settings");
            return new MappingEngine(this);
        }

        private MappingCounters counters(String name, MappingSpec spec) {
            SourceSpec source = spec.source();
            String sourceName = source == null || source.type() == null ? "?"
                    : source.type().json() + " " + switch (source.type()) {
                        case DYNAMODB -> source.table();
                        case KINESIS -> source.stream();
                        case SQS -> source.queue();
                    };
            return new MappingCounters(name, spec.function(), sourceName);
        }

        private MappingPoller poller(String name, MappingSpec spec) {
            SourceSpec source = spec.source();
            MappingCounters counters = counters(name, spec);
            if (source == null || source.type() == null) {
                return new DisabledMapping(name, counters, "the mapping has no source type");
            }
            EventFilter filter;
            try {
                filter = EventFilter.of(spec.filters());
            } catch (IllegalArgumentException e) {
                return new DisabledMapping(name, counters, "invalid filter criteria: " + e.getMessage());
            }
            String functionArn = "arn:aws:lambda:" + region + ":" + accountId + ":function:" + spec.function();
            SourceClients clients = clients(spec.function());
            DynamoDbStreamsClient dynamoDbStreams = clients.dynamoDbStreams();
            KinesisClient kinesis = clients.kinesis();
            SqsClient sqs = clients.sqs();
            return switch (source.type()) {
                case DYNAMODB -> {
                    if (dynamoDbStreams == null) {
                        yield new DisabledMapping(name, counters, "no DynamoDbStreamsClient was given to the engine");
                    }
                    yield streamPoller(name, spec, functionArn, counters, filter, sqs, () -> new DynamoDbShardSource(
                            dynamoDbStreams, source.arn() != null ? source.arn() : resolver.tableStreamArn(source.table()),
                            region, settings.clock()));
                }
                case KINESIS -> {
                    if (kinesis == null) {
                        yield new DisabledMapping(name, counters, "Kinesis is unavailable: " + (kinesisUnavailableReason
                                == null ? "no Kinesis client (kinesalite is not running)" : kinesisUnavailableReason));
                    }
                    KinesisStreamSpec stream = wiring.kinesisStreams().get(source.stream());
                    Duration retention = Duration.ofHours(stream == null || stream.retentionHours() <= 0 ? 24
                            : stream.retentionHours());
                    String role = "arn:aws:iam::" + accountId + ":role/" + spec.function() + "-role";
                    yield streamPoller(name, spec, functionArn, counters, filter, sqs, () -> new KinesisShardSource(
                            kinesis, source.arn() != null ? source.arn() : resolver.kinesisStreamArn(source.stream()),
                            region, role, retention,
                            settings.clock()));
                }
                case SQS -> {
                    if (sqs == null) {
                        yield new DisabledMapping(name, counters, "no SqsClient was given to the engine");
                    }
                    yield new SqsMappingPoller(name, spec, wiring.queues().get(source.queue()), sqs, resolver, invoker,
                            region, settings, counters, listener, filter);
                }
            };
        }

        private MappingPoller streamPoller(String name, MappingSpec spec, String functionArn, MappingCounters counters,
                EventFilter filter, SqsClient sqs, Supplier<ShardSource> source) {
            return new StreamMappingPoller(name, spec, functionArn, source, checkpoints, invoker, settings, counters,
                    listener, filter, (queue, lifecycle, mappingCounters) -> new OnFailureDestination(queue, sqs,
                            resolver, lifecycle, mappingCounters, settings.errorBackoff()));
        }
    }
}
