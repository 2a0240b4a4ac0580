package dev.ddbstreams.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the API, hardened for hostile request bodies.
 *
 * <p>Our request bodies are flat objects of short strings, so the parser limits are tight: a deeply nested
 * document, a thousand-digit number or an oversized name is refused while it is being read, before it can
 * cost memory or CPU. Duplicate keys are an error rather than "last one wins", so {@code
 * {"title":"a","title":"b"}} cannot smuggle a value past a validator that saw the other one.
 *
 * @see <a href="https://github.com/FasterXML/jackson-core/wiki/Processing-Limits">Jackson processing limits</a>
 */
public final class Json {

    /** Deeper than any body this API accepts, far shallower than a stack-exhausting payload. */
    static final int MAX_NESTING_DEPTH = 32;
    /** Long enough for any long or double, short enough that number parsing stays linear and cheap. */
    static final int MAX_NUMBER_LENGTH = 64;
    /** Our field names are short words; a megabyte-long key is an attack, not a typo. */
    static final int MAX_NAME_LENGTH = 256;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .maxStringLength(RequestBodies.MAX_BODY_BYTES)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // Parse errors must not echo request content back into messages or logs.
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises a response value; our response types always serialise, so failure is a bug. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response value of type " + value.getClass().getName()
                    + " cannot be serialised", e);
        }
    }
}
