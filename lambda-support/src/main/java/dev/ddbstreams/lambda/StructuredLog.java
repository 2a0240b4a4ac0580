package dev.ddbstreams.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on standard output, which Lambda ships to CloudWatch Logs as one event and
 * CloudWatch Logs Insights can query by field. Fields are values, never concatenated into the message.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Lambda Java logging</a>
 */
public final class StructuredLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FUNCTION_NAME = System.getenv("AWS_LAMBDA_FUNCTION_NAME");

    private final String logger;
    private final PrintStream out;

    private StructuredLog(String logger, PrintStream out) {
        this.logger = logger;
        this.out = out;
    }

    public static StructuredLog of(Class<?> owner) {
        return new StructuredLog(owner.getSimpleName(), System.out);
    }

    /** A log writing to {@code out}, for code that captures what it logs (tests, the local runtime). */
    public static StructuredLog to(Class<?> owner, PrintStream out) {
        return new StructuredLog(owner.getSimpleName(), out);
    }

    public void info(String message, Map<String, ?> fields) {
        emit("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        emit("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        emit("ERROR", message, fields);
    }

    /** @return the JSON line that {@link #info} would print, without printing it. */
    public String format(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", logger);
        if (FUNCTION_NAME != null) {
            line.put("function", FUNCTION_NAME);
        }
        line.put("message", message);
        fields.forEach((key, value) -> line.putIfAbsent(key, value));
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            // Unserialisable field values must not lose the line: fall back to their string forms.
            Map<String, String> plain = new LinkedHashMap<>();
            line.forEach((key, value) -> plain.put(key, String.valueOf(value)));
            try {
                return MAPPER.writeValueAsString(plain);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private void emit(String level, String message, Map<String, ?> fields) {
        String json = format(level, message, fields);
        synchronized (out) {
            out.println(json);
        }
    }
}
