package dev.ddbstreams.local.faults;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which invocations the {@link FunctionFaultInjector} fails.
 *
 * @param failBeforeRate fraction of the mappings' invocations answered with a function error without running the
 *                       function (a handler that throws at once)
 * @param failAfterRate  fraction of the mappings' invocations that run and are then reported as a function error:
 *                       the effects happened and the batch is delivered again, which is what tests idempotency
 * @param mappings       the mappings (invocation sources) whose invocations may fail; other sources, such as the
 *                       HTTP API, pass through untouched
 * @param poison         records that fail every invocation they are in, whatever the rates (poison records)
 * @param seed           seeds the draws
 */
public record FunctionFaults(double failBeforeRate, double failAfterRate, Set<String> mappings,
        List<PoisonRule> poison, long seed) {

    public FunctionFaults {
        if (!(failBeforeRate >= 0 && failAfterRate >= 0 && failBeforeRate + failAfterRate <= 1)) {
            throw new IllegalArgumentException("rates must be >= 0 and sum to at most 1");
        }
        mappings = Set.copyOf(Objects.requireNonNull(mappings, "mappings"));
        poison = List.copyOf(Objects.requireNonNull(poison, "poison"));
    }

    public static FunctionFaults none() {
        return new FunctionFaults(0, 0, Set.of(), List.of(), 0);
    }

    /**
     * A stream record that always makes its function fail: one whose {@code NewImage} has a string attribute
     * starting with {@code prefix}, delivered to {@code function}.
     */
    public record PoisonRule(String function, String attribute, String prefix) {

        public PoisonRule {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(prefix, "prefix");
        }
    }
}
