package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 generated malformed and hostile requests against the local runtime's HTTP API: no 5xx, no crashed process,
 * every 4xx of the API with a JSON error body, no invalid input accepted.
 */
class HttpFuzzIT {

    @TempDir
    static Path directory;

    private static LocalRuntime runtime;
    private static FuzzReport report;

    @BeforeAll
    static void fuzz() {
        Path root = RepositoryRoot.find();
        LocalRuntimeOptions options = LocalRuntimeOptions.forTests(HttpFuzzer.repositoryWithoutThrottling(root, directory))
                .withKinesis(false);
        runtime = LocalRuntime.start(options, line -> { });
        report = HttpFuzzer.run(runtime, HttpFuzzer.Settings.defaults(), System.out::println);
        System.out.println(report.format());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyRequest_wasSent_inEveryCategory() {
        assertAll(
                () -> assertEquals(2_000, report.total()),
                () -> assertEquals(0, report.unsent()),
                () -> assertEquals(FuzzCorpus.CATEGORIES.keySet(), report.requests().keySet()));
    }

    @Test
    void hostileInput_neverGetsA5xx_norCrashesAnything() {
        assertAll(
                () -> assertEquals(0, report.count5xx(), report::format),
                () -> assertTrue(report.crashes().isEmpty(), report.crashes().toString()),
                () -> assertTrue(report.healthy(), "the runtime stopped answering"));
    }

    @Test
    void everyApi4xx_hasAJsonErrorBody_andNoInvalidInputIsAccepted() {
        assertEquals(report.api4xx(), report.json4xx(), report::format);
        assertTrue(report.failures().isEmpty(), report::format);
    }
}
