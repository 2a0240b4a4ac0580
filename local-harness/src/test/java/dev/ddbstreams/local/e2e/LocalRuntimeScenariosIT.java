package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddbstreams.local.LocalDeployment;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.scenarios.ScenarioResult;
import dev.ddbstreams.local.scenarios.Scenarios;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the scenario catalogue, end to end through the local runtime: the real function jars in
 * their own JVMs through the Runtime Interface Client, the real mappings, the emulators.
 */
class LocalRuntimeScenariosIT {

    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(LocalRuntimeOptions.forTests(RepositoryRoot.find()), System.out::println);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioRow_hasItsEffect() {
        Scenarios scenarios = new Scenarios(Duration.ofSeconds(90));
        return scenarios.all().stream().map(scenario -> DynamicTest.dynamicTest(
                "row " + scenario.row() + ": " + scenario.title(), () -> {
                    ScenarioResult result = scenarios.run(scenario, LocalDeployment.of(runtime));
                    assumeTrue(result.status() != ScenarioResult.Status.SKIPPED, result.detail());
                    assertEquals(ScenarioResult.Status.PASSED, result.status(), result.detail());
                }));
    }
}
