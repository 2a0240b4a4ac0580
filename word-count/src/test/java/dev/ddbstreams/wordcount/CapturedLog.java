package dev.ddbstreams.wordcount;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.lambda.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A {@link StructuredLog} writing into memory, read back as parsed JSON lines. */
final class CapturedLog {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final StructuredLog log = StructuredLog.to(CapturedLog.class, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    List<JsonNode> lines() {
        ObjectMapper mapper = new ObjectMapper();
        return text().lines().map(line -> {
            try {
                return mapper.readTree(line);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    List<String> outcomes() {
        return lines().stream().map(line -> line.get("outcome").asText()).toList();
    }
}
