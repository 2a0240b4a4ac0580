package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails chosen function invocations of the event source mappings, on the runtime's side, without touching
 * the functions: it decorates the {@link FunctionInvoker} the mappings use (through
 * {@code LocalRuntimeOptions.Hooks#invokerDecorator}). Three kinds of failure, all reported to the mapping as
 * Lambda's {@code Unhandled} function error:
 * <ul>
 * <li><b>before</b>: the function is not run, as if its handler threw at once;</li>
 * <li><b>after</b>: the function runs, its effects happen, and the invocation is still reported as failed, so the
 * batch is delivered again (retried or bisected): only idempotent effects survive this;</li>
 * <li><b>poison</b>: a batch holding a record that matches a {@link FunctionFaults.PoisonRule} always fails, so
 * bisection isolates the record and the mapping gives up on it after its retries.</li>
 * </ul>
 * Invocations from other sources (the HTTP API) pass through. Every stream delivery and acknowledgement is
 * recorded in a {@link DeliveryTracker}, and the invocation in progress per function is visible through
 * {@link #busy(String)} (to kill a function mid-batch). One injector outlives runtime restarts: decorate each new
 * runtime with it.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html">Error handling for DynamoDB event sources</a>
 */
public final class FunctionFaultInjector {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The function error type of injected failures, as the mapping sees it. */
    public static final String ERROR_TYPE = "Injected.FunctionError";

    private final FunctionFaults faults;
    private final DeliveryTracker tracker;
    private final SplittableRandom random;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Map<String, BusyInvocation> inFlight = new ConcurrentHashMap<>();
    private volatile boolean randomFaultsEnabled = true;

    public FunctionFaultInjector(FunctionFaults faults, DeliveryTracker tracker) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.random = new SplittableRandom(faults.seed());
    }

    /** The invoker the mappings and the HTTP API should use instead of {@code runtime}. */
    public FunctionInvoker decorate(FunctionInvoker runtime) {
        Objects.requireNonNull(runtime, "runtime");
        return (function, invokedArn, payload, source) -> invoke(runtime, function, invokedArn, payload, source);
    }

    /** Turns the rate-based failures on or off; poison records keep failing, as real poison records would. */
    public void randomFaultsEnabled(boolean enabled) {
        randomFaultsEnabled = enabled;
    }

    public DeliveryTracker tracker() {
        return tracker;
    }

    /** The oldest invocation of {@code function} in progress now, if any. */
    public Optional<BusyInvocation> busy(String function) {
        return inFlight.values().stream().filter(busy -> busy.function().equals(function))
                .min(Comparator.comparingLong(BusyInvocation::startNanos));
    }

    /** Per mapping (invocation source): what was injected and how invocations ended. */
    public Map<String, InjectorStats> stats() {
        Map<String, InjectorStats> stats = new TreeMap<>();
        counters.forEach((source, counter) -> stats.put(source, counter.snapshot()));
        return stats;
    }

    private enum Decision { NONE, BEFORE, AFTER, POISON }

    private Invocation invoke(FunctionInvoker runtime, String function, String invokedArn, String payload, String source) {
        if (!faults.mappings().contains(source)) {
            return runtime.invoke(function, invokedArn, payload, source);
        }
        Counters counter = counters.computeIfAbsent(source, name -> new Counters());
        counter.invocations.incrementAndGet();
        Batch batch = Batch.parse(payload, function, faults.poison());
        if (!batch.sequenceNumbers().isEmpty()) {
            tracker.delivered(source, batch.sequenceNumbers());
        }
        Decision decision = decide(batch);
        switch (decision) {
            case POISON -> {
                counter.poison.incrementAndGet();
                tracker.poisoned(source, batch.poisonSequenceNumber());
                return injected("poison record " + batch.poisonSequenceNumber() + " (fault injected before invoking)");
            }
            case BEFORE -> {
                counter.before.incrementAndGet();
                return injected("fault injected before invoking");
            }
            default -> {
                String key = UUID.randomUUID().toString();
                inFlight.put(key, new BusyInvocation(function, source, batch.size(), System.nanoTime()));
                try {
                    Invocation invocation = runtime.invoke(function, invokedArn, payload, source);
                    counter.outcome(invocation.outcome().name());
                    if (!invocation.succeeded()) {
                        return invocation;
                    }
                    if (decision == Decision.AFTER) {
                        counter.after.incrementAndGet();
                        return new Invocation(invocation.requestId(), Invocation.Outcome.FUNCTION_ERROR, null, ERROR_TYPE,
                                "fault injected after the function ran (its effects happened)", invocation.duration(),
                                invocation.coldStart(), invocation.logTail());
                    }
                    if (!batch.sequenceNumbers().isEmpty()) {
                        tracker.acknowledged(source,
                                DeliveryTracker.acknowledgedBy(batch.sequenceNumbers(), invocation.responseJson()));
                    }
                    return invocation;
                } finally {
                    inFlight.remove(key);
                }
            }
        }
    }

    private Decision decide(Batch batch) {
        if (batch.poisonSequenceNumber() != null) {
            return Decision.POISON;
        }
        if (!randomFaultsEnabled) {
            return Decision.NONE;
        }
        double draw;
        synchronized (random) {
            draw = random.nextDouble();
        }
        if (draw < faults.failBeforeRate()) {
            return Decision.BEFORE;
        }
        return draw < faults.failBeforeRate() + faults.failAfterRate() ? Decision.AFTER : Decision.NONE;
    }

    private static Invocation injected(String message) {
        return new Invocation(UUID.randomUUID().toString(), Invocation.Outcome.FUNCTION_ERROR, null, ERROR_TYPE, message,
                Duration.ZERO, false);
    }

    /**
     * An invocation in progress.
     *
     * @param records    records (or messages) in its batch
     * @param startNanos {@link System#nanoTime()} when it started
     */
    public record BusyInvocation(String function, String source, int records, long startNanos) {

        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    /**
     * @param invocations invocations from this mapping
     * @param before      failed without running the function
     * @param after       run, then reported as failed
     * @param poison      failed because they held a poison record
     * @param outcomes    how the invocations that reached the function ended (their own outcome), by outcome
     */
    public record InjectorStats(long invocations, long before, long after, long poison, Map<String, Long> outcomes) {

        public long injected() {
            return before + after;
        }
    }

    private static final class Counters {
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong before = new AtomicLong();
        final AtomicLong after = new AtomicLong();
        final AtomicLong poison = new AtomicLong();
        final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

        void outcome(String name) {
            outcomes.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
        }

        InjectorStats snapshot() {
            Map<String, Long> byOutcome = new TreeMap<>();
            outcomes.forEach((name, count) -> byOutcome.put(name, count.get()));
            return new InjectorStats(invocations.get(), before.get(), after.get(), poison.get(), byOutcome);
        }
    }

    /** The parts of an event the injector needs: the stream records' sequence numbers and the first poison one. */
    record Batch(int size, List<String> sequenceNumbers, String poisonSequenceNumber) {

        static Batch parse(String payload, String function, List<FunctionFaults.PoisonRule> poison) {
            JsonNode records;
            try {
                records = JSON.readTree(payload).path("Records");
            } catch (IOException e) {
                return new Batch(0, List.of(), null);
            }
            List<String> sequenceNumbers = new ArrayList<>();
            String poisoned = null;
            for (JsonNode record : records) {
                JsonNode dynamodb = record.path("dynamodb");
                String sequenceNumber = dynamodb.path("SequenceNumber").asText(null);
                if (sequenceNumber == null) {
                    continue;
                }
                sequenceNumbers.add(sequenceNumber);
                if (poisoned == null && isPoison(function, dynamodb.path("NewImage"), poison)) {
                    poisoned = sequenceNumber;
                }
            }
            return new Batch(records.size(), List.copyOf(sequenceNumbers), poisoned);
        }

        private static boolean isPoison(String function, JsonNode image, List<FunctionFaults.PoisonRule> rules) {
            for (FunctionFaults.PoisonRule rule : rules) {
                if (rule.function().equals(function)) {
                    String value = image.path(rule.attribute()).path("S").asText(null);
                    if (value != null && value.startsWith(rule.prefix())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
