package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionFaultInjectorTest {

    private static final String BATCH = """
            {"Records":[
              {"eventName":"INSERT","dynamodb":{"SequenceNumber":"100","NewImage":{"Nickname":{"S":"ann"}}}},
              {"eventName":"MODIFY","dynamodb":{"SequenceNumber":"200","NewImage":{"faultTag":{"S":"poison"}}}},
              {"eventName":"REMOVE","dynamodb":{"SequenceNumber":"300"}}]}""";

    private final List<String> invoked = new ArrayList<>();
    private String response = null;
    private final FunctionInvoker function = (name, invokedArn, payload, source) -> {
        invoked.add(name + "<-" + source);
        return new Invocation("request-1", Invocation.Outcome.SUCCESS, response, null, null, Duration.ofMillis(5), false);
    };

    private static FunctionFaults faults(double before, double after, List<FunctionFaults.PoisonRule> poison) {
        return new FunctionFaults(before, after, Set.of("game-scores"), poison, 7);
    }

    @Test
    void invocationsFromOtherSources_passThroughUntouched() {
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(1, 0, List.of()), new DeliveryTracker());

        Invocation invocation = injector.decorate(function).invoke("notes-api", "{}", "http-api");

        assertTrue(invocation.succeeded());
        assertEquals(List.of("notes-api<-http-api"), invoked);
        assertTrue(injector.stats().isEmpty());
    }

    @Test
    void failBefore_neverRunsTheFunction_andAcknowledgesNothing() {
        DeliveryTracker tracker = new DeliveryTracker();
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(1, 0, List.of()), tracker);

        Invocation invocation = injector.decorate(function).invoke("game-scores", BATCH, "game-scores");

        assertEquals(Invocation.Outcome.FUNCTION_ERROR, invocation.outcome());
        assertEquals(FunctionFaultInjector.ERROR_TYPE, invocation.errorType());
        assertTrue(invoked.isEmpty());
        assertTrue(tracker.wasDelivered("game-scores", "200"));
        assertFalse(tracker.wasAcknowledged("game-scores", "100"));
        assertEquals(1, injector.stats().get("game-scores").before());
    }

    @Test
    void failAfter_runsTheFunction_thenReportsAFunctionError() {
        DeliveryTracker tracker = new DeliveryTracker();
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(0, 1, List.of()), tracker);

        Invocation invocation = injector.decorate(function).invoke("game-scores", BATCH, "game-scores");

        assertEquals(Invocation.Outcome.FUNCTION_ERROR, invocation.outcome());
        assertNull(invocation.responseJson());
        assertEquals(List.of("game-scores<-game-scores"), invoked);
        assertFalse(tracker.wasAcknowledged("game-scores", "100"));
        assertEquals(1, injector.stats().get("game-scores").after());
    }

    @Test
    void poisonRecord_failsItsBatch_whateverTheRates() {
        DeliveryTracker tracker = new DeliveryTracker();
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(0, 0,
                List.of(new FunctionFaults.PoisonRule("game-scores", "faultTag", "poison"))), tracker);
        injector.randomFaultsEnabled(false);

        Invocation invocation = injector.decorate(function).invoke("game-scores", BATCH, "game-scores");

        assertEquals(Invocation.Outcome.FUNCTION_ERROR, invocation.outcome());
        assertTrue(invocation.errorMessage().contains("poison record 200"));
        assertTrue(invoked.isEmpty());
        assertEquals(Set.of("200"), tracker.poisoned("game-scores"));
    }

    @Test
    void poisonRule_appliesOnlyToItsFunction() {
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(0, 0,
                List.of(new FunctionFaults.PoisonRule("other-function", "faultTag", "poison"))), new DeliveryTracker());

        assertTrue(injector.decorate(function).invoke("game-scores", BATCH, "game-scores").succeeded());
    }

    @Test
    void success_acknowledgesWhatThePartialBatchResponseDoesNotRetry() {
        DeliveryTracker tracker = new DeliveryTracker();
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(1, 0, List.of()), tracker);
        injector.randomFaultsEnabled(false);
        response = "{\"batchItemFailures\":[{\"itemIdentifier\":\"300\"}]}";

        assertTrue(injector.decorate(function).invoke("game-scores", BATCH, "game-scores").succeeded());

        assertTrue(tracker.wasAcknowledged("game-scores", "100"));
        assertTrue(tracker.wasAcknowledged("game-scores", "200"));
        assertFalse(tracker.wasAcknowledged("game-scores", "300"));
    }

    @Test
    void rates_failAboutTheirShareOfTheInvocations() {
        FunctionFaultInjector injector = new FunctionFaultInjector(faults(0.1, 0.1, List.of()), new DeliveryTracker());
        FunctionInvoker decorated = injector.decorate(function);
        for (int i = 0; i < 2_000; i++) {
            decorated.invoke("game-scores", BATCH, "game-scores");
        }
        FunctionFaultInjector.InjectorStats stats = injector.stats().get("game-scores");
        assertTrue(stats.before() > 120 && stats.before() < 280, "before: " + stats.before());
        assertTrue(stats.after() > 120 && stats.after() < 280, "after: " + stats.after());
    }
}
