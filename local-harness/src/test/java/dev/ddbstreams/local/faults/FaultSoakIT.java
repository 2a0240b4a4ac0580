package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.mapping.BatchReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reduced soak ({@link SoakSettings#reduced()}): the same harness as {@code make soak}, smaller. Under function
 * errors, DynamoDB write errors, poison records, two function kills mid-batch and a runtime restart mid-stream,
 * nothing is lost, nothing is applied twice, and exactly the poisoned batches end in their on-failure queues.
 */
class FaultSoakIT {

    private static SoakReport report;

    @BeforeAll
    static void soak() {
        report = SoakRun.run(RepositoryRoot.find(), SoakSettings.reduced(), System.out::println, false);
        System.out.println(report.format());
    }

    @Test
    void soak_holdsEveryInvariant_underEveryKindOfFault() {
        assertTrue(report.violations().isEmpty(), () -> report.format() + "\nlast runtime lines:\n"
                + String.join("\n", report.consoleTail()));
    }

    @Test
    void views_equalTheTruthRecomputedFromTheSourceTables() {
        report.aggregates().forEach(check -> assertEquals(0, check.mismatchCount(), check.view() + ": " + check.mismatches()));
        assertTrue(report.aggregates().stream().allMatch(check -> check.groups() > 0), "the views were not empty");
    }

    @Test
    void everyNote_carriesTheCountOfItsContent_andNoneIsLost() {
        assertTrue(report.notes().passed(), report.notes().toString());
        assertEquals(report.notes().notes(), report.notes().correct());
    }

    @Test
    void noStreamRecord_isLost() {
        report.lost().forEach(check -> assertEquals(0, check.lostCount(), check.mapping() + ": " + check.lost()));
    }

    @Test
    void exactlyTheBatchesGivenUpOn_areInTheirOnFailureQueues_inAwsFormat() {
        report.deadLetters().forEach(check -> assertAll(check.mapping(),
                () -> assertTrue(check.malformed().isEmpty(), check.malformed().toString()),
                () -> assertEquals(check.givenUpReports(), check.messages()),
                () -> assertEquals(0, check.unmatchedMessages()),
                () -> assertEquals(0, check.unmatchedReports()),
                () -> assertEquals(0, check.poisonNotInQueue())));
        report.emptyQueues().forEach(check -> assertEquals(0, check.messages(), check.queue()));
        // The poisoned records of both aggregators (at least one each) were given up and described.
        assertTrue(report.deadLetters().stream().filter(check -> check.mapping().equals("game-scores")
                || check.mapping().equals("store-order-totals")).allMatch(check -> check.poisonRecords() > 0
                && check.messages() > 0));
    }

    @Test
    void theFaults_reallyHappened() {
        long before = report.functionFaults().values().stream().mapToLong(FunctionFaultInjector.InjectorStats::before).sum();
        long after = report.functionFaults().values().stream().mapToLong(FunctionFaultInjector.InjectorStats::after).sum();
        assertAll(
                () -> assertTrue(before > 0, "no function error injected before invoking"),
                () -> assertTrue(after > 0, "no function error injected after invoking"),
                () -> assertTrue(report.writeFaults().injectedTotal() > 0, "no DynamoDB write error injected"),
                () -> assertTrue(report.writeFaults().sdkRetries() > 0, "the functions' SDKs never retried"),
                () -> assertEquals(2, report.kills().size()),
                () -> assertTrue(report.kills().stream().allMatch(SoakReport.Kill::midBatch), "a kill missed its batch"),
                () -> assertTrue(report.kills().stream().allMatch(kill -> report.functionRestarts()
                        .getOrDefault(kill.function(), 0L) > 0), "a killed function was not started again"),
                () -> assertEquals(1, report.restarts().size()),
                () -> assertTrue(report.restarts().get(0).pending() > 0, "the restart was not mid-stream"),
                () -> assertTrue(report.redeliveredRecords() > 0, "nothing was delivered twice"),
                () -> assertTrue(report.batches().values().stream().anyMatch(outcomes ->
                        outcomes.getOrDefault(BatchReport.Outcome.GIVEN_UP, 0L) > 0), "no batch was given up"));
    }
}
