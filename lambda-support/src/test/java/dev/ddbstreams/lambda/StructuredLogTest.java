package dev.ddbstreams.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredLogTest {

    @Test
    void info_writesOneJsonLine_withFieldsAsValues() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StructuredLog log = StructuredLog.to(StructuredLogTest.class, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        log.info("hello", Map.of("quote", "a \"b\"\nc", "n", 3));
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count());
        JsonNode line = new ObjectMapper().readTree(out);
        assertEquals("INFO", line.get("level").asText());
        assertEquals("hello", line.get("message").asText());
        assertEquals("a \"b\"\nc", line.get("quote").asText());
        assertEquals(3, line.get("n").asInt());
    }

    @Test
    void format_fallsBackToStrings_whenAFieldCannotBeSerialised() throws Exception {
        Object unserialisable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }

            @Override
            public String toString() {
                return "odd";
            }
        };
        String json = StructuredLog.of(StructuredLogTest.class).format("INFO", "m", Map.of("odd", unserialisable));
        assertEquals("odd", new ObjectMapper().readTree(json).get("odd").asText());
    }
}
