package dev.ddbstreams.emulators.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WiringTablesTest {

    @TempDir
    Path dir;

    @Test
    void load_findsTheProjectsWiring_fromTheModuleDirectory() {
        WiringTables tables = WiringTables.load();

        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> tables.create(null, "NoSuchTable"));
        assertTrue(undeclared.getMessage().contains("declares no table NoSuchTable"), undeclared.getMessage());
        assertTrue(undeclared.getMessage().contains(Path.of("terraform", "wiring.json").toString()), undeclared.getMessage());
    }

    @Test
    void load_failsClearly_whenTheFileHasNoTables() throws Exception {
        Path wiring = Files.writeString(dir.resolve("wiring.json"), "{\"queues\": {}}");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> WiringTables.load(wiring));

        assertTrue(error.getMessage().contains("declares no tables"), error.getMessage());
    }

    @Test
    void load_failsClearly_whenTheFileIsMissingOrNotJson() throws Exception {
        Path malformed = Files.writeString(dir.resolve("wiring.json"), "{\"tables\": ");

        assertThrows(UncheckedIOException.class, () -> WiringTables.load(dir.resolve("absent.json")));
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> WiringTables.load(malformed));
        assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
    }
}
