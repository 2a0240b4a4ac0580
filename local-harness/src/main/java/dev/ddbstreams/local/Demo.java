package dev.ddbstreams.local;

import dev.ddbstreams.local.scenarios.ScenarioResult;
import dev.ddbstreams.local.scenarios.Scenarios;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code make demo}: starts a fresh in-memory local runtime on free ports, drives all nine scenario rows
 * with sample data, prints what happened in each, and stops everything. Exit status 1 when a row failed.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        LocalRuntimeOptions options = LocalRuntimeOptions.forTests(Path.of("").toAbsolutePath());
        out.println("demo: starting an in-memory local runtime on free ports ...");
        List<ScenarioResult> results;
        try (LocalRuntime runtime = LocalRuntime.start(options, line -> { })) {
            out.println("demo: ready in " + runtime.startupTime().toMillis() + " ms; running the nine scenarios\n");
            Scenarios scenarios = new Scenarios(Duration.ofSeconds(60));
            results = new java.util.ArrayList<>();
            for (Scenarios.Scenario scenario : scenarios.all()) {
                out.printf("[%d] %s%n", scenario.row(), scenario.title());
                ScenarioResult result = scenarios.run(scenario, LocalDeployment.of(runtime));
                results.add(result);
                out.printf("    %s in %d ms: %s%n%n", result.status(), result.took().toMillis(), result.detail());
            }
        }
        long failed = results.stream().filter(r -> r.status() == ScenarioResult.Status.FAILED).count();
        long skipped = results.stream().filter(r -> r.status() == ScenarioResult.Status.SKIPPED).count();
        out.printf("demo: %d passed, %d failed, %d skipped%n", results.size() - failed - skipped, failed, skipped);
        System.exit(failed == 0 ? 0 : 1);
    }
}
