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
 * One local runtime, fuzzed on both its doors: 2,000 generated malformed and hostile requests against its HTTP API
 * (:8080) and 2,000 against its AWS edge. For each: no 5xx, no hang, every 4xx in the protocol's error shape (API
 * Gateway's JSON on the HTTP API; JSON, AWS's query XML or CBOR on the edge, as the request speaks), no crashed
 * process, and the runtime, the edge and the engines behind it still answering afterwards ({@link FuzzRules}).
 */
class HttpFuzzIT {

    @TempDir
    static Path directory;

    private static LocalRuntime runtime;
    private static FuzzReport api;
    private static FuzzReport edge;

    @BeforeAll
    static void fuzz() {
        long started = System.nanoTime();
        Path root = RepositoryRoot.find();
        // Kinesis on, so that the edge's Kinesis requests reach the engine too.
        LocalRuntimeOptions options = LocalRuntimeOptions.forTests(HttpFuzzer.repositoryWithoutThrottling(root, directory))
                .withKinesis(true);
        runtime = LocalRuntime.start(options, line -> { });
        api = HttpFuzzer.run(runtime, HttpFuzzer.Settings.defaults(), System.out::println);
        System.out.println(api.format());
        edge = HttpFuzzer.runEdge(runtime, HttpFuzzer.Settings.defaults(), System.out::println);
        System.out.println(edge.format());
        System.out.printf("HttpFuzzIT: runtime start and both runs in %.1f s%n", (System.nanoTime() - started) / 1e9);
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
                () -> assertEquals(2_000, api.total()),
                () -> assertEquals(0, api.unsent()),
                () -> assertEquals(FuzzCorpus.CATEGORIES.keySet(), api.requests().keySet()),
                () -> assertEquals(2_000, edge.total()),
                () -> assertEquals(0, edge.unsent()),
                () -> assertEquals(EdgeFuzzCorpus.CATEGORIES.keySet(), edge.requests().keySet()));
    }

    @Test
    void hostileInput_neverGetsA5xx_norCrashesAnything() {
        assertAll(
                () -> assertEquals(0, api.count5xx(), api::format),
                () -> assertTrue(api.crashes().isEmpty(), api.crashes().toString()),
                () -> assertTrue(api.healthy(), "the runtime stopped answering"),
                () -> assertEquals(0, edge.count5xx(), edge::format),
                () -> assertTrue(edge.crashes().isEmpty(), edge.crashes().toString()),
                () -> assertTrue(edge.healthy(), "the edge, an engine or the runtime stopped answering"));
    }

    @Test
    void everyApi4xx_hasAJsonErrorBody_andNoInvalidInputIsAccepted() {
        assertEquals(api.api4xx(), api.json4xx(), api::format);
        assertTrue(api.failures().isEmpty(), api::format);
    }

    @Test
    void everyEdge4xx_isInItsProtocolsErrorShape_andNothingHangs() {
        assertEquals(edge.api4xx(), edge.json4xx(), edge::format);
        assertTrue(edge.failures().isEmpty(), edge::format);
    }
}
