package dev.ddbstreams.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.lambda.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A {@link StructuredLog} writing into memory, read back as raw text and as parsed JSON lines. */
final class CapturedLog {

    /** Numbers parse as BigDecimal / BigInteger, so a comparison sees exactly what was logged. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final StructuredLog log = StructuredLog.to(CapturedLog.class, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    List<String> rawLines() {
        return text().lines().toList();
    }

    /** The lines without their {@code timestamp}, which is the only field a test cannot know. */
    List<JsonNode> lines() {
        return rawLines().stream().map(line -> {
            ObjectNode node = (ObjectNode) parse(line);
            node.remove("timestamp");
            return (JsonNode) node;
        }).toList();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
