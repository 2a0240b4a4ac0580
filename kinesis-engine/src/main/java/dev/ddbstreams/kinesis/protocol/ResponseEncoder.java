package dev.ddbstreams.kinesis.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes an answer tree (maps, lists, strings, numbers, booleans, {@code byte[]} blobs, {@code Instant} timestamps)
 * in one {@link WireFormat}: {@code writeBinary} yields base64 text in JSON and a byte string in CBOR.
 */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    static byte[] encode(WireFormat format, Object tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = format.mapper().getFactory().createGenerator(out)) {
            write(format, generator, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(WireFormat format, JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName((String) entry.getKey());
                write(format, generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(format, generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof byte[] blob) {
            generator.writeBinary(blob);
        } else if (value instanceof Instant instant) {
            format.writeTimestamp(generator, instant);
        } else {
            throw new IllegalArgumentException("Cannot encode " + value.getClass());
        }
    }
}
