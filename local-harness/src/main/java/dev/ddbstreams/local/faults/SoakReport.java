package dev.ddbstreams.local.faults;

import dev.ddbstreams.local.mapping.BatchReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a soak run did and found: the figures the issue asks for and the invariants, each with its evidence.
 * {@link #violations()} is empty when every invariant held.
 */
public record SoakReport(
        SoakSettings settings,
        Timings timings,
        Writes writes,
        Map<String, FunctionFaultInjector.InjectorStats> functionFaults,
        ProxyStats writeFaults,
        List<Kill> kills,
        List<Restart> restarts,
        Map<String, Map<BatchReport.Outcome, Long>> batches,
        Map<String, DeliveryTracker.Figures> deliveries,
        List<SoakVerifier.AggregateCheck> aggregates,
        SoakVerifier.NotesCheck notes,
        List<SoakVerifier.DeliveryCheck> lost,
        List<SoakVerifier.DeadLetterCheck> deadLetters,
        List<SoakVerifier.EmptyQueueCheck> emptyQueues,
        Map<String, Long> invisibleQueueMessages,
        Map<String, Long> functionRestarts,
        List<String> consoleTail) {

    /**
     * @param startup           first start of the runtime, to ready
     * @param writePhase        all segments' writes, with the faults between them
     * @param catchUpUnderFaults after the writes, until every record had been delivered once (faults still on)
     * @param drain             from the moment the random faults stopped to drained (or the timeout)
     * @param drained           whether the pipelines drained before the timeout
     * @param total             the whole run, start-up and verification included
     */
    public record Timings(Duration startup, Duration writePhase, Duration catchUpUnderFaults, Duration drain,
            boolean drained, Duration total) {
    }

    /**
     * @param tablePuts    full-item puts on the source tables (inserts and updates)
     * @param tableDeletes deletes on the source tables
     * @param tableErrors  source writes that failed (should be none)
     * @param noteCalls    notes API calls made, by kind
     * @param httpStatuses every answer of the notes API, by status (-1: no answer), retries included
     * @param httpUnexpected answers that were neither the expected one nor retryable
     */
    public record Writes(long tablePuts, long tableDeletes, long tableErrors, Map<String, Long> noteCalls,
            Map<Integer, Long> httpStatuses, List<String> httpUnexpected) {

        public long tableWrites() {
            return tablePuts + tableDeletes;
        }
    }

    /**
     * A function killed on purpose.
     *
     * @param afterSegment     the segment after which it happened
     * @param processes        the process ids killed
     * @param batchRecords     records in the invocation in progress when the function was killed (0: none)
     * @param intoInvocation   how long that invocation had been running
     * @param midBatch         whether that invocation then ended with the process gone (PROCESS_EXITED)
     */
    public record Kill(int afterSegment, String function, List<Long> processes, int batchRecords,
            Duration intoInvocation, boolean midBatch) {
    }

    /**
     * A stop and start of the whole runtime on the same data directory.
     *
     * @param pendingRecords per mapping, stream records not yet acknowledged when it was stopped
     * @param stop           how long stopping took
     * @param start          how long starting again took
     */
    public record Restart(int afterSegment, Map<String, Long> pendingRecords, Duration stop, Duration start) {

        public long pending() {
            return pendingRecords.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public long mismatches() {
        return aggregates.stream().mapToLong(SoakVerifier.AggregateCheck::mismatchCount).sum()
                + notes.wrongCount() + notes.uncountedCount();
    }

    public long lostRecords() {
        return lost.stream().mapToLong(SoakVerifier.DeliveryCheck::lostCount).sum() + notes.missingCount();
    }

    public long givenUpBatches() {
        return deadLetters.stream().mapToLong(SoakVerifier.DeadLetterCheck::givenUpReports).sum();
    }

    public long failedBatches() {
        return batches.values().stream().mapToLong(outcomes -> outcomes.getOrDefault(BatchReport.Outcome.FAILED, 0L)
                + outcomes.getOrDefault(BatchReport.Outcome.PARTIALLY_FAILED, 0L)).sum();
    }

    public long redeliveredRecords() {
        return deliveries.values().stream().mapToLong(DeliveryTracker.Figures::redeliveredRecords).sum();
    }

    public long injectedFunctionErrors() {
        return functionFaults.values().stream().mapToLong(FunctionFaultInjector.InjectorStats::injected).sum();
    }

    public long poisonFailures() {
        return functionFaults.values().stream().mapToLong(FunctionFaultInjector.InjectorStats::poison).sum();
    }

    /** Every invariant that did not hold, with its evidence; empty when the run passed. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (!timings.drained()) {
            violations.add("the pipelines did not drain within " + settings.drainTimeout().toSeconds() + " s");
        }
        for (SoakVerifier.AggregateCheck check : aggregates) {
            if (check.mismatchCount() > 0) {
                violations.add(check.mismatchCount() + " mismatched group(s) in " + check.view() + ": "
                        + check.mismatches());
            }
        }
        if (!notes.passed()) {
            violations.add("notes: " + notes.wrongCount() + " wrong count(s) " + notes.wrong() + ", "
                    + notes.uncountedCount() + " uncounted " + notes.uncounted() + ", " + notes.missingCount()
                    + " missing " + notes.missing() + ", " + notes.undeletedCount() + " not deleted " + notes.undeleted());
        }
        for (SoakVerifier.DeliveryCheck check : lost) {
            if (check.lostCount() > 0) {
                violations.add(check.lostCount() + " record(s) lost by mapping " + check.mapping() + ": " + check.lost());
            }
        }
        for (SoakVerifier.DeadLetterCheck check : deadLetters) {
            if (!check.passed()) {
                violations.add("on-failure queue " + check.queue() + " of " + check.mapping() + ": " + check.messages()
                        + " message(s) for " + check.givenUpReports() + " given-up batch(es); malformed "
                        + check.malformed() + ", " + check.unmatchedMessages() + " without a report, "
                        + check.unmatchedReports() + " report(s) without a message, " + check.poisonNotInQueue()
                        + " poison record(s) not described");
            }
        }
        for (SoakVerifier.EmptyQueueCheck check : emptyQueues) {
            if (check.messages() > 0) {
                violations.add("queue " + check.queue() + " should be empty and holds " + check.messages() + " message(s)");
            }
        }
        if (writes.tableErrors() > 0) {
            violations.add(writes.tableErrors() + " source table write(s) failed");
        }
        if (!writes.httpUnexpected().isEmpty()) {
            violations.add("unexpected notes API answers: " + writes.httpUnexpected());
        }
        for (Kill kill : kills) {
            if (!kill.midBatch()) {
                violations.add("the kill of " + kill.function() + " during segment " + kill.afterSegment()
                        + " did not interrupt a batch in progress");
            }
        }
        for (Restart restart : restarts) {
            if (restart.pending() == 0) {
                violations.add("the restart after segment " + restart.afterSegment() + " was not mid-stream "
                        + "(nothing pending)");
            }
        }
        return violations;
    }

    /** The figures, for a terminal. */
    public String format() {
        StringBuilder out = new StringBuilder();
        line(out, "Soak: %,d source writes + %,d notes (seed %d), %.0f %% function errors, %.0f %% write errors, "
                + "%d kill(s), %d restart(s), %d poison record(s) per table", writes.tableWrites(),
                settings.notes(), settings.seed(), settings.functionErrorRate() * 100, settings.writeErrorRate() * 100,
                kills.size(), restarts.size(), settings.poisonPerTable());
        line(out, "");
        line(out, "Writes");
        line(out, "  source tables    %,d puts, %,d deletes, %d failed", writes.tablePuts(), writes.tableDeletes(),
                writes.tableErrors());
        line(out, "  notes API        %s; answers by status %s", writes.noteCalls(), writes.httpStatuses());
        line(out, "");
        line(out, "Faults injected");
        functionFaults.forEach((mapping, stats) -> line(out,
                "  %-22s %,6d invocations: %,d failed before running, %,d failed after running, %,d poison; "
                        + "function outcomes %s", mapping, stats.invocations(), stats.before(), stats.after(),
                stats.poison(), stats.outcomes()));
        line(out, "  DynamoDB writes  %,d of %,d answered with an error: %s; by operation %s",
                writeFaults.injectedTotal(), writeFaults.writes(), writeFaults.injectedByKind(),
                writeFaults.injectedByOperation());
        writeFaults.clients().forEach((client, stats) -> {
            if (stats.writes() > 0) {
                line(out, "    %-20s %,7d writes, %,5d injected, %,5d SDK retries (highest attempt %d of %d)",
                        client, stats.writes(), stats.injectedTotal(), stats.sdkRetries(), stats.highestAttempt(),
                        stats.configuredMaxAttempts());
            }
        });
        for (Kill kill : kills) {
            line(out, "  kill             %s (pid %s) during segment %d, %d records in flight for %d ms, mid-batch: %s",
                    kill.function(), kill.processes(), kill.afterSegment(), kill.batchRecords(),
                    kill.intoInvocation().toMillis(), kill.midBatch());
        }
        for (Restart restart : restarts) {
            line(out, "  restart          after segment %d with %,d records pending %s; stop %d ms, start %d ms",
                    restart.afterSegment(), restart.pending(), restart.pendingRecords(), restart.stop().toMillis(),
                    restart.start().toMillis());
        }
        line(out, "");
        line(out, "Retries observed");
        line(out, "  failed batches   %,d (retried or bisected)   records redelivered %,d   SDK retries %,d",
                failedBatches(), redeliveredRecords(), writeFaults.sdkRetries());
        batches.forEach((mapping, outcomes) -> line(out, "    %-20s %s", mapping, outcomes));
        deliveries.forEach((mapping, figures) -> line(out,
                "    %-20s %,d records, %,d deliveries, %,d redelivered, %,d acknowledged", mapping,
                figures.distinctRecords(), figures.recordDeliveries(), figures.redeliveredRecords(), figures.acknowledged()));
        line(out, "  function restarts %s (a killed or crashed process started again on next use)", functionRestarts);
        line(out, "");
        line(out, "Results");
        for (SoakVerifier.AggregateCheck check : aggregates) {
            line(out, "  %-17s %,d groups over %,d source items: %d mismatches", check.view(), check.groups(),
                    check.sourceItems(), check.mismatchCount());
        }
        line(out, "  notes            %,d notes, %,d counted right, %d wrong, %d uncounted, %d missing, %d not deleted",
                notes.notes(), notes.correct(), notes.wrongCount(), notes.uncountedCount(), notes.missingCount(),
                notes.undeletedCount());
        for (SoakVerifier.DeliveryCheck check : lost) {
            line(out, "  lost %-20s %,d stream records: %,d acknowledged, %,d given up, %d lost", check.mapping(),
                    check.streamRecords(), check.acknowledged(), check.givenUp(), check.lostCount());
        }
        for (SoakVerifier.DeadLetterCheck check : deadLetters) {
            line(out, "  given up %-16s %d batch(es) reported, %d message(s) in %s (%d malformed, %d unmatched, "
                    + "%d poison record(s), %d not described, %d other)", check.mapping(), check.givenUpReports(),
                    check.messages(), check.queue(), check.malformed().size(),
                    check.unmatchedMessages() + check.unmatchedReports(), check.poisonRecords(),
                    check.poisonNotInQueue(), check.otherGivenUp());
        }
        line(out, "  queues that must stay empty: %s", emptyQueues.stream()
                .map(check -> check.queue() + "=" + check.messages()).collect(Collectors.joining(", ")));
        line(out, "  queue messages still invisible %s (received before the restart or failed; SQS returns them "
                + "after the visibility timeout, which the drain waits for)", invisibleQueueMessages);
        line(out, "");
        line(out, "Totals: %,d source writes, %,d injected function errors + %,d poison failures, %,d injected write "
                + "errors, %d kills, %d restart(s); %,d given-up batches; %d mismatches; %d lost",
                writes.tableWrites(), injectedFunctionErrors(), poisonFailures(), writeFaults.injectedTotal(), kills.size(),
                restarts.size(), givenUpBatches(), mismatches(), lostRecords());
        line(out, "Timings: start-up %.1f s, writes with faults %.1f s, catch-up under faults %.1f s, drain after the "
                + "faults stopped %.1f s%s, total %.1f s", seconds(timings.startup()), seconds(timings.writePhase()),
                seconds(timings.catchUpUnderFaults()), seconds(timings.drain()),
                timings.drained() ? "" : " (NOT drained)", seconds(timings.total()));
        List<String> violations = violations();
        line(out, violations.isEmpty() ? "PASSED: every invariant held" : "FAILED:");
        violations.forEach(violation -> line(out, "  - %s", violation));
        return out.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
