package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.wiring.EnvironmentValue;
import dev.ddbstreams.local.wiring.FunctionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalFunctionTest {

    private static final Path JAR = Path.of("notes-api/target/notes-api.jar");

    @Test
    void of_takesHandlerMemoryAndTimeoutFromTheWiring_andTheResolvedEnvironment() {
        FunctionSpec spec = new FunctionSpec("notes-api", "dev.ddbstreams.notes.NotesApiHandler::handleRequest", 512, 10,
                Map.of("NOTES_TABLE", EnvironmentValue.of("notes", null, null)));

        LocalFunction function = LocalFunction.of("notes-api", spec, JAR, Map.of("NOTES_TABLE", "notes"));

        assertEquals("dev.ddbstreams.notes.NotesApiHandler::handleRequest", function.handler());
        assertEquals(512, function.memoryMb());
        assertEquals(Duration.ofSeconds(10), function.timeout());
        assertEquals(Map.of("NOTES_TABLE", "notes"), function.environment());
        assertEquals(1, function.maxInstances());
        assertEquals(2, function.withMaxInstances(2).maxInstances());
    }

    @Test
    void rejectsSettingsLambdaWouldReject() {
        IllegalArgumentException memory = assertThrows(IllegalArgumentException.class,
                () -> new LocalFunction("f", "H", JAR, 64, Duration.ofSeconds(3), Map.of(), 1));
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> new LocalFunction("f", "H", JAR, 128, Duration.ofMinutes(16), Map.of(), 1));
        IllegalArgumentException instances = assertThrows(IllegalArgumentException.class,
                () -> new LocalFunction("f", "H", JAR, 128, Duration.ofSeconds(3), Map.of(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LocalFunction("f", " ", JAR, 128, Duration.ofSeconds(3), Map.of(), 1));

        assertTrue(memory.getMessage().contains("128..10240"), memory.getMessage());
        assertTrue(timeout.getMessage().contains("15 min"), timeout.getMessage());
        assertTrue(instances.getMessage().contains("maxInstances"), instances.getMessage());
    }
}
