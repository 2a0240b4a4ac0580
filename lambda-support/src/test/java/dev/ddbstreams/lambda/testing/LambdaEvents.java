package dev.ddbstreams.lambda.testing;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads AWS-shaped JSON fixtures into event objects exactly as the Lambda Java runtime does
 * ({@link LambdaEventSerializers}); plain Jackson silently leaves {@code getRecords()} null on these
 * classes. Writes responses back to JSON the same way.
 */
public final class LambdaEvents {

    private LambdaEvents() {
    }

    /** @param resource a classpath resource such as {@code /dynamodb/insert.json} */
    public static <T> T load(String resource, Class<T> type) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return serializer(type).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return serializer(type).fromJson(json);
    }

    @SuppressWarnings("unchecked")
    public static <T> String toJson(T value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer((Class<T>) value.getClass()).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, LambdaEvents.class.getClassLoader());
    }
}
