package dev.ddbstreams.local.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KinesaliteTest {

    @TempDir
    Path cache;

    @Test
    void withoutNode_isUnavailable_withTheReason_insteadOfThrowing() {
        try (Kinesalite kinesalite = Kinesalite.builder().nodeCommand(cache.resolve("no-such-node").toString())
                .cacheDirectory(cache).port(0).start()) {
            assertFalse(kinesalite.available());
            assertTrue(kinesalite.unavailableReason().orElseThrow().contains("Node.js is not installed"),
                    kinesalite.unavailableReason().orElseThrow());
            assertTrue(kinesalite.pid().isEmpty());
        }
    }

    @Test
    void withoutNpm_andNothingInstalled_isUnavailable_withTheReason() {
        List<String> progress = new ArrayList<>();
        try (Kinesalite kinesalite = Kinesalite.builder().npmCommand(cache.resolve("no-such-npm").toString())
                .cacheDirectory(cache).port(0).progress(progress::add).start()) {
            // Skipped silently where node itself is missing: the reason is then about node.
            assertFalse(kinesalite.available());
            String reason = kinesalite.unavailableReason().orElseThrow();
            assertTrue(reason.contains("npm is not installed") || reason.contains("Node.js is not installed"), reason);
        }
    }

    @Test
    void endpoint_isLoopback() {
        try (Kinesalite kinesalite = Kinesalite.builder().nodeCommand(cache.resolve("no-such-node").toString())
                .port(4999).start()) {
            assertEquals("http://127.0.0.1:4999", kinesalite.endpoint().toString());
        }
    }
}
