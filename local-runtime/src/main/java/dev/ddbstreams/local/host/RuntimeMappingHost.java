package dev.ddbstreams.local.host;

import dev.ddbstreams.endpoint.lambda.EventSourceMappingDefinition;
import dev.ddbstreams.endpoint.lambda.EventSourceMappingHost;
import dev.ddbstreams.local.mapping.EventSourceCheck;
import dev.ddbstreams.local.mapping.MappingDefinitions;
import dev.ddbstreams.local.mapping.MappingEngine;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lambda control plane's event source mappings, polled by the local {@link MappingEngine}. The engine knows a
 * mapping by the wiring's name when it carries the {@code ddbstreams:mapping} tag (so statuses, checkpoints and the
 * scenario checks keep those names), else by its UUID.
 */
public final class RuntimeMappingHost implements EventSourceMappingHost {

    /** How long {@link #apply} waits for a mapping to poll before it returns anyway. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final MappingEngine engine;
    private final EventSourceCheck sources;
    /** UUID -> the engine's name, and the source each mapping reads. */
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();

    private record Applied(String name, String eventSourceArn) {
    }

    public RuntimeMappingHost(MappingEngine engine, EventSourceCheck sources) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public Optional<String> eventSourceProblem(String eventSourceArn) {
        return sources.creationProblem(eventSourceArn);
    }

    /**
     * {@inheritDoc}
     *
     * <p>What the engine cannot poll (an SNS on-failure destination, {@code AT_TIMESTAMP}) is kept as a disabled
     * mapping whose status says why.
     */
    @Override
    public synchronized void apply(EventSourceMappingDefinition mapping) {
        String name = MappingDefinitions.name(mapping);
        Applied previous = applied.put(mapping.uuid(), new Applied(name, mapping.eventSourceArn()));
        if (previous != null && !previous.name().equals(name)) {
            engine.remove(previous.name()); // its ddbstreams:mapping tag changed
        }
        MappingSpec spec;
        try {
            spec = MappingDefinitions.toSpec(mapping);
        } catch (IllegalArgumentException unsupported) {
            engine.putDisabled(name, new MappingSpec(0, mapping.functionName(), new SourceSpec(null, null, null, null),
                    null, mapping.batchSize(), 0, null, false, null, null, null), unsupported.getMessage());
            return;
        }
        engine.put(name, spec, mapping.enabled());
        if (mapping.enabled()) {
            // The control plane reports the mapping Enabled once this returns: from then on nothing written to the
            // source is missed, so LATEST must be fixed by then. A source not readable yet is reported by the status.
            engine.awaitPolling(name, START_TIMEOUT);
        }
    }

    @Override
    public synchronized void remove(String uuid) {
        Applied previous = applied.remove(uuid);
        if (previous != null) {
            engine.remove(previous.name());
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A source that cannot be read any more (its table deleted, its stream or queue gone) is the result:
     * {@code PROBLEM: <why>}; otherwise the engine's result of the latest invocation.
     */
    @Override
    public String lastProcessingResult(String uuid) {
        Applied mapping = applied.get(uuid);
        if (mapping == null) {
            return "No records processed";
        }
        Optional<String> problem = sources.pollingProblem(mapping.eventSourceArn());
        if (problem.isPresent()) {
            return "PROBLEM: " + problem.get();
        }
        return engine.lastProcessingResult(mapping.name()).orElse("No records processed");
    }

    /** The engine's name of a mapping, if it was applied. */
    public Optional<String> engineName(String uuid) {
        return Optional.ofNullable(applied.get(uuid)).map(Applied::name);
    }
}
