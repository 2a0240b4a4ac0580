package dev.ddbstreams.local.faults;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The size and the faults of a soak run. {@link #full()} is the soak ({@code make soak});
 * {@link #reduced()} is the same run, smaller, for {@code make test}.
 *
 * @param tableWrites       writes to {@code GameScoreRecords} and {@code StoreOrders} together
 * @param notes             notes created through the HTTP API (about 10 % are edited and 3 % deleted later)
 * @param segments          the writes are split in segments; faults happen between them
 * @param users             distinct regular user names (game scores)
 * @param items             distinct regular item names (store orders)
 * @param functionErrorRate fraction of the stream mappings' invocations failed by the injector, half before and
 *                          half after the function ran
 * @param writeErrorRate    fraction of the functions' DynamoDB writes answered with an injected error
 * @param poisonPerTable    poison records per table (and poison notes)
 * @param kills             functions killed mid-batch, one after each of the first segments but the one
 *                          followed by the restart
 * @param restartAfterSegment the runtime is stopped and started again after this segment (1-based), 0 for never;
 *                          late enough that the poison records of the first segment have been given up (a restart
 *                          while one is retried starts its retries over, which only costs time)
 * @param writerThreads     threads writing to the tables
 * @param notesPerSecond    pace of the notes API calls (the wiring's HTTP API throttles at 50 per second)
 * @param drainTimeout      how long to wait for the pipelines to drain once the faults stop
 * @param seed              seeds the workload and every fault draw
 */
public record SoakSettings(int tableWrites, int notes, int segments, int users, int items, double functionErrorRate,
        double writeErrorRate, int poisonPerTable, List<String> kills, int restartAfterSegment, int writerThreads,
        int notesPerSecond, Duration drainTimeout, long seed) {

    public SoakSettings {
        kills = List.copyOf(Objects.requireNonNull(kills, "kills"));
        if (segments < 1 || restartAfterSegment < 0 || restartAfterSegment >= segments + 1 || writerThreads < 1
                || notesPerSecond < 1) {
            throw new IllegalArgumentException("invalid soak settings");
        }
        if (kills.size() + (restartAfterSegment > 0 ? 1 : 0) > segments) {
            throw new IllegalArgumentException("more faults than segment boundaries");
        }
    }

    /** The soak: 20,000 writes, 2,000 notes, 5 % function errors, 5 % write errors, 2 kills, 1 restart. */
    public static SoakSettings full() {
        return new SoakSettings(20_000, 2_000, 4, 200, 60, 0.05, 0.05, 3,
                List.of("game-scores", "store-order-totals"), 3, 4, 40, Duration.ofMinutes(10), 20_240_917L);
    }

    /** The same run, smaller, for {@code make test}: the same faults of every kind, fewer writes. */
    public static SoakSettings reduced() {
        return new SoakSettings(1_200, 120, 4, 25, 12, 0.05, 0.05, 1,
                List.of("game-scores", "store-order-totals"), 3, 4, 40, Duration.ofSeconds(120), 20_240_917L);
    }

    public SoakSettings withSize(int tableWrites, int notes) {
        return new SoakSettings(tableWrites, notes, segments, users, items, functionErrorRate, writeErrorRate,
                poisonPerTable, kills, restartAfterSegment, writerThreads, notesPerSecond, drainTimeout, seed);
    }

    public SoakSettings withSeed(long value) {
        return new SoakSettings(tableWrites, notes, segments, users, items, functionErrorRate, writeErrorRate,
                poisonPerTable, kills, restartAfterSegment, writerThreads, notesPerSecond, drainTimeout, value);
    }

    public SoakSettings withDrainTimeout(Duration value) {
        return new SoakSettings(tableWrites, notes, segments, users, items, functionErrorRate, writeErrorRate,
                poisonPerTable, kills, restartAfterSegment, writerThreads, notesPerSecond,
                Objects.requireNonNull(value, "drainTimeout"), seed);
    }
}
